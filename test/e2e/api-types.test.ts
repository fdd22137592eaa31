import { describe, expect, it } from 'vitest';
import { generateV1ApiTypes } from '../helpers/v1-api-types.js';

/**
 * The dashboard's client is typed from the server's own OpenAPI document (only the native
 * /v1 paths it may use), so a contract change that would break the dashboard breaks
 * `npm test` first: here as a snapshot mismatch, then in the web typecheck once the file is
 * regenerated with `npx vitest run test/e2e/api-types.test.ts -u`.
 */
describe('the dashboard API types', () => {
  it('match the OpenAPI document the server publishes', async () => {
    const header = '// Generated from GET /openapi.json (the /v1 paths) by test/e2e/api-types.test.ts; do not edit.\n';
    await expect(header + (await generateV1ApiTypes())).toMatchFileSnapshot('../../web/src/api/openapi.d.ts');
  });
});
