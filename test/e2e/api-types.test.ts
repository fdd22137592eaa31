import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';

/**
 * The dashboard's client is typed from the server's own OpenAPI document (only the native
 * /v1 paths it may use), so a contract change that would break the dashboard breaks
 * `npm test` first: here as a snapshot mismatch, then in the web typecheck once the file is
 * regenerated with `npx vitest run test/e2e/api-types.test.ts -u`.
 */
describe('the dashboard API types', () => {
  it('match the OpenAPI document the server publishes', async () => {
    const store = await openStore('sqlite::memory:', { migrate: true });
    const app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
    try {
      await app.ready();
      const document = structuredClone(app.swagger()) as { paths: Record<string, unknown> };
      document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/')));
      const types = astToString(await openapiTS(document as never, { exportType: true }));
      const header = '// Generated from GET /openapi.json (the /v1 paths) by test/e2e/api-types.test.ts; do not edit.\n';
      await expect(header + types).toMatchFileSnapshot('../../web/src/api/openapi.d.ts');
    } finally {
      await app.close();
      await store.close();
    }
  });
});
