import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { call, expectConsistentDatabase, SERVER_ENV, startFirstServer, verifyCode } from './fault-harness.js';

/** Kills per engine; each is a restart of a real process, so a few seconds. */
const CYCLES = 3;
const WORKERS = 4;
/** Acknowledged operations to wait for before each kill, plus a random part so the kill lands anywhere. */
const OPS_BEFORE_KILL = 40;

/**
 * A real `keyward serve` under a client that creates, revokes and rolls keys from several
 * connections at once is killed with SIGKILL (no shutdown, no flush, the SQLite
 * checkpointer thread mid-work), then started again on the same database, three times.
 * After each kill: the database passes its integrity checks and Keyward's invariants
 * (nothing half written), every create answered 201 is there and verifies VALID, every
 * revoke (or roll) answered 2xx is REVOKED. Requests cut off by the kill may have
 * happened or not; they must have happened entirely or not at all (the invariants).
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: kill -9 under load`, { timeout: 4 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase | undefined;
    let server: ServeProcess | undefined;
    afterEach(async () => {
      await server?.stop();
      await db?.cleanup();
    });

    it('keeps every acknowledged create, revoke and roll across SIGKILLs, with a consistent database', async () => {
      db = engine.freshUrl();
      const env = { ...SERVER_ENV, KEYWARD_DATABASE_URL: db.url };
      const first = await startFirstServer(env);
      server = first.server;
      const adminKey = first.adminKey;
      const project = await call(server.url, adminKey, 'POST', '/v1/projects', { name: 'crash-test' });
      expect(project.status).toBe(201);
      const projectId = project.body['id'] as string;

      /** Keys whose create was acknowledged: id → raw key. */
      const created = new Map<string, string>();
      /** Acknowledged revokes and rolls (grace 0): these keys must verify REVOKED. */
      const revoked = new Set<string>();
      /** A revoke or roll was sent but no answer came (the kill): either outcome is allowed. */
      const inDoubt = new Set<string>();
      /** Live keys no request is working on, so two workers never touch one key. */
      const idle: string[] = [];
      const unexpected: string[] = [];

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const url = server.url;
        let acknowledged = 0;
        let gone = false;
        const worker = async (): Promise<void> => {
          while (!gone) {
            const roll = Math.random();
            const target = roll >= 0.6 && idle.length > 0 ? idle.splice(Math.floor(Math.random() * idle.length), 1)[0]! : null;
            if (target === null) {
              const res = await call(url, adminKey, 'POST', `/v1/projects/${projectId}/keys`, { name: `c${cycle}` });
              if (res.status === 0) gone = true;
              else if (res.status === 201) {
                created.set(res.body['id'], res.body['key']);
                idle.push(res.body['id']);
                acknowledged++;
              } else unexpected.push(`create ${res.status}`);
            } else if (roll < 0.8) {
              const res = await call(url, adminKey, 'DELETE', `/v1/keys/${target}`);
              if (res.status === 0) {
                gone = true;
                inDoubt.add(target);
              } else if (res.status === 200) {
                revoked.add(target);
                acknowledged++;
              } else unexpected.push(`revoke ${res.status}`);
            } else {
              const res = await call(url, adminKey, 'POST', `/v1/keys/${target}/roll`, { grace_seconds: 0 });
              if (res.status === 0) {
                gone = true;
                inDoubt.add(target);
              } else if (res.status === 201) {
                revoked.add(target);
                created.set(res.body['id'], res.body['key']);
                idle.push(res.body['id']);
                acknowledged++;
              } else unexpected.push(`roll ${res.status}`);
            }
          }
        };
        const workers = Array.from({ length: WORKERS }, worker);
        const killAfter = OPS_BEFORE_KILL + Math.floor(Math.random() * 40);
        while (acknowledged < killAfter && unexpected.length === 0) await new Promise((r) => setTimeout(r, 5));
        const killed = await server.kill();
        expect(killed.signal).toBe('SIGKILL');
        await Promise.all(workers);
        expect(unexpected).toEqual([]);

        await expectConsistentDatabase(db.url);
        server = await startServe(env);

        for (const [id, key] of created) {
          const code = await verifyCode(server.url, adminKey, key);
          if (inDoubt.has(id)) expect(['VALID', 'REVOKED'], id).toContain(code);
          else
            expect(code, `key ${id} (${revoked.has(id) ? 'revoke acknowledged' : 'create acknowledged'})`).toBe(
              revoked.has(id) ? 'REVOKED' : 'VALID',
            );
        }
        // Keys in doubt are left alone from now on; the others stay in play.
        for (const id of inDoubt) {
          const i = idle.indexOf(id);
          if (i >= 0) idle.splice(i, 1);
        }
      }
      expect(created.size).toBeGreaterThanOrEqual(CYCLES * 10);
      expect(revoked.size).toBeGreaterThan(0);
    });
  });
}
