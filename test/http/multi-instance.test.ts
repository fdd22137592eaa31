import { describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES } from '../helpers/engines.js';
import { useTwoInstances } from '../helpers/two-instances.js';

/**
 * The cache TTL the servers run with: far longer than the test, so only the change
 * signals (PostgreSQL NOTIFY, SQLite data_version polling) can make B refuse a key in time.
 */
const TTL_MS = 600_000;
/** How long B may take, generous for a loaded CI machine; the README's bounds are far tighter. */
const BOUND_MS = 5000;
const REVOKES = 5;

/**
 * Two real `keyward serve` processes on one database. Instance B is kept busy verifying
 * while instance A revokes, disables and rolls keys; B must refuse each key (having cached
 * it as valid first) well before its TTL could have expired it, and never go back to VALID
 * once it has refused. Only a generous bound is asserted: the benchmark measures the real
 * delay (`revoke_propagation_p99_ms`).
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: two instances on one database`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    const start = useTwoInstances(engine);

    it('a key revoked, disabled or rolled on one instance is refused by the other through change signals', async () => {
      const instances = await start({ KEYWARD_CACHE_TTL_MS: String(TTL_MS) });
      const { a, b } = instances;
      const call = async (s: ServeProcess, method: string, path: string, body?: unknown) => {
        const res = await instances.call(s, method, path, body);
        expect(res.status, `${method} ${path}`).toBeLessThan(300);
        return res.body;
      };
      const verify = async (key: string) => (await call(b, 'POST', '/v1/keys/verify', { key }))['code'] as string;

      const project = await call(a, 'POST', '/v1/projects', { name: 'fleet' });
      const mint = () => call(a, 'POST', `/v1/projects/${project['id']}/keys`, { name: 'k' });

      // Background verify load on B, on keys that stay valid throughout.
      const steady = await mint();
      let loading = true;
      const background = (async () => {
        let n = 0;
        while (loading) {
          expect(await verify(steady['key'])).toBe('VALID');
          n++;
        }
        return n;
      })();

      const changes: Array<{ name: string; change: (id: string) => Promise<unknown>; refused: string }> = [
        { name: 'revoke', change: (id) => call(a, 'DELETE', `/v1/keys/${id}`), refused: 'REVOKED' },
        { name: 'disable', change: (id) => call(a, 'PATCH', `/v1/keys/${id}`, { enabled: false }), refused: 'DISABLED' },
        { name: 'roll', change: (id) => call(a, 'POST', `/v1/keys/${id}/roll`, {}), refused: 'REVOKED' },
      ];
      for (const { name, change, refused } of changes) {
        for (let i = 0; i < REVOKES; i++) {
          const key = await mint();
          // B has seen (and cached) the key as valid before A changes it.
          expect(await verify(key['key'])).toBe('VALID');
          await change(key['id']);
          const acknowledged = Date.now();
          let code = await verify(key['key']);
          while (code === 'VALID') {
            expect(Date.now() - acknowledged, `${name}: still VALID on the other instance`).toBeLessThan(BOUND_MS);
            code = await verify(key['key']);
          }
          expect(code).toBe(refused);
          // Once refused, never valid again.
          for (let k = 0; k < 5; k++) expect(await verify(key['key'])).toBe(refused);
        }
      }
      loading = false;
      expect(await background).toBeGreaterThan(0);
    });
  });
}
