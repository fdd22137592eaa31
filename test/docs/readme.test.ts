import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { ORG_ROLES } from '../../src/core/roles.js';
import { VERIFY_CODES } from '../../src/core/types.js';

// The fastify habit: a code that users can receive but the docs do not explain is a bug.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two quick-start commands', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    expect(quickStart).toContain('npm ci && npm start');
    expect(quickStart).toContain('npm test');
  });

  it.each(ERROR_CODES)('documents the error code %s', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\| \\d{3} \\|`));
  });

  it.each(VERIFY_CODES)('documents the verification code %s', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });

  it.each(ORG_ROLES)('documents the org role %s', (role) => {
    expect(readme).toContain(`\`${role}\``);
  });
});
