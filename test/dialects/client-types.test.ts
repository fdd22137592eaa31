import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_PLATFORMS, clientTypesFile, generateClientTypes } from './clients/generate.js';

describe('generated client types', () => {
  it.each(CLIENT_PLATFORMS)(
    'are what openapi-typescript makes of the %s OpenAPI document today (else: npm run gen:dialect-types)',
    async (platform) => {
      expect(readFileSync(clientTypesFile(platform), 'utf8')).toBe(await generateClientTypes(platform));
    },
  );
});
