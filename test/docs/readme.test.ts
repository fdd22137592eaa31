import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { ORG_ROLES } from '../../src/core/roles.js';
import { VERIFY_CODES } from '../../src/core/types.js';
import { STATUS_BY_CODE } from '../../src/http/errors.js';
import { readReadme } from './readme-blocks.js';

// The fastify habit: a code that users can receive but the docs do not explain is a bug.
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readReadme();

/** README.md, SECURITY.md and every page in docs/: what a reader follows links between. */
const DOC_FILES = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The README's errors table: code → the status it states. */
function documentedStatuses(): Map<string, string> {
  const rows = new Map<string, string>();
  const section = readme.slice(readme.indexOf('### Errors'));
  for (const match of section.matchAll(/^\| `([A-Z_]+)` \| ([^|]*?) \|/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

/** Relative link targets (`[text](path)` and `[text](path#anchor)`) outside code spans and blocks. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('README', () => {
  it('opens with the two quick-start commands', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    expect(quickStart).toContain('npm ci && npm start');
    expect(quickStart).toContain('npm test');
  });

  it.each(ERROR_CODES)("documents the error code %s with the server's own status", (code) => {
    expect(documentedStatuses().get(code)).toBe(String(STATUS_BY_CODE[code]));
  });

  it('lists no error code the server does not have', () => {
    expect([...documentedStatuses().keys()].sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(VERIFY_CODES)('documents the verification code %s', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });

  it.each(ORG_ROLES)('documents the org role %s', (role) => {
    expect(readme).toContain(`\`${role}\``);
  });
});

describe('the docs', () => {
  it.each(DOC_FILES)('%s links only to files that exist', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const broken = relativeLinks(text).filter((target) => !existsSync(resolve(dirname(join(REPO_ROOT, file)), target)));
    expect(broken).toEqual([]);
  });

  it.each([
    ['README.md', 15 * 1024],
    ['docs/ARCHITECTURE.md', 20 * 1024],
  ])('%s stays within %i bytes: a newcomer reads it whole', (file, limit) => {
    expect(statSync(join(REPO_ROOT, file)).size).toBeLessThanOrEqual(limit);
  });
});
