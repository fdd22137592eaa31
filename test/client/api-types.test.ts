import { describe, expect, it } from 'vitest';
import { generateV1ApiTypes } from '../helpers/v1-api-types.js';

/**
 * @keyward/client is typed from the server's own OpenAPI document (every native /v1 path),
 * so a contract change fails here as a snapshot mismatch first; regenerate the file with
 * `npx vitest run test/client/api-types.test.ts -u`, then the type check shows which SDK
 * method no longer fits.
 */
describe('the client package API types', () => {
  it('match the OpenAPI document the server publishes', async () => {
    const header = '// Generated from GET /openapi.json (the /v1 paths) by test/client/api-types.test.ts; do not edit.\n';
    await expect(header + (await generateV1ApiTypes())).toMatchFileSnapshot('../../packages/client/src/generated/openapi.d.ts');
  });
});
