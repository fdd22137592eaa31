import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';

const CAP = 3;
const MINTS = 16;

/**
 * Two real `keyward serve` processes on one database, minting for one owner at once: the
 * per-owner cap holds across processes (PostgreSQL: the advisory lock per project and owner;
 * SQLite: the one writer), never one key more, whichever instance wins each mint.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: max_keys_per_owner across two instances`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    const servers: ServeProcess[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      await db.cleanup();
    });

    it('concurrent mints for one owner on both instances never pass the cap', async () => {
      db = freshDatabaseUrl(engine);
      const env = { KEYWARD_DATABASE_URL: db.url };
      const a = await startServe(env);
      servers.push(a);
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const b = await startServe(env);
      servers.push(b);
      const call = (s: ServeProcess, method: string, path: string, body?: unknown) =>
        fetch(s.url + path, {
          method,
          headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });

      const project = (await (await call(a, 'POST', '/v1/projects', { name: 'capped', max_keys_per_owner: CAP })).json()) as { id: string };
      const mint = (s: ServeProcess) => call(s, 'POST', `/v1/projects/${project.id}/keys`, { name: 'k', owner_id: 'racer' });
      const statuses = await Promise.all(Array.from({ length: MINTS }, (_, i) => mint(i % 2 === 0 ? a : b).then((r) => r.status)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(CAP);
      expect(statuses.filter((s) => s === 409)).toHaveLength(MINTS - CAP);
      const listed = (await (await call(b, 'GET', `/v1/projects/${project.id}/keys?owner_id=racer`)).json()) as { data: unknown[] };
      expect(listed.data).toHaveLength(CAP);
    });
  });
}
