import openapiTS, { astToString } from 'openapi-typescript';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';

/**
 * TypeScript types of the native /v1 paths of the OpenAPI document the server publishes: what
 * both the dashboard's and @keyward/client's generated `openapi.d.ts` hold (each test compares
 * its own file with this, under its own header).
 */
export async function generateV1ApiTypes(): Promise<string> {
  const store = await openStore('sqlite::memory:', { migrate: true });
  const app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
  try {
    await app.ready();
    const document = structuredClone(app.swagger()) as { paths: Record<string, unknown> };
    document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/')));
    return astToString(await openapiTS(document as never, { exportType: true }));
  } finally {
    await app.close();
    await store.close();
  }
}
