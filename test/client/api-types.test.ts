import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';

/**
 * @keyward/client is typed from the server's own OpenAPI document (every native /v1 path),
 * so a contract change fails here as a snapshot mismatch first; regenerate the file with
 * `npx vitest run test/client/api-types.test.ts -u`, then the type check shows which SDK
 * method no longer fits.
 */
describe('the client package API types', () => {
  it('match the OpenAPI document the server publishes', async () => {
    const store = await openStore('sqlite::memory:', { migrate: true });
    const app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
    try {
      await app.ready();
      const document = structuredClone(app.swagger()) as { paths: Record<string, unknown> };
      document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/')));
      const types = astToString(await openapiTS(document as never, { exportType: true }));
      const header = '// Generated from GET /openapi.json (the /v1 paths) by test/client/api-types.test.ts; do not edit.\n';
      await expect(header + types).toMatchFileSnapshot('../../packages/client/src/generated/openapi.d.ts');
    } finally {
      await app.close();
      await store.close();
    }
  });
});
