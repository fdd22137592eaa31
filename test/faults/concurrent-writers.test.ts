import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { call, SERVER_ENV, startFirstServer, verifyCode, withDatabase, type Answer } from './fault-harness.js';

/** Keys raced on per scenario. */
const KEYS = 5;
/**
 * How long the other instance may take to refuse a revoked key: generous for a loaded CI
 * machine (README's measured bound is far tighter). The cache TTL is set far above it,
 * so only the change signals can make it.
 */
const PROPAGATION_BOUND_MS = 5000;

/**
 * Two real `keyward serve` processes on one database (a PostgreSQL schema, a SQLite file)
 * change the same keys at the same moment: PATCHes of different fields, revoke against
 * roll, revoke against revoke, roll against roll. Whatever order the database picks:
 * no 5xx, no acknowledged change lost, no key valid on either instance after a revoke was
 * acknowledged, no roll of a revoked key, and exactly the audit events of the changes made.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: concurrent writers on two instances`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase | undefined;
    const servers: ServeProcess[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      await db?.cleanup();
    });

    it('loses no update and lets no revoked key through, whichever instance wins each race', async () => {
      db = engine.freshUrl();
      const env = { ...SERVER_ENV, KEYWARD_DATABASE_URL: db.url, KEYWARD_CACHE_TTL_MS: '600000' };
      const first = await startFirstServer(env);
      servers.push(first.server);
      servers.push(await startServe(env));
      const [a, b] = servers.map((s) => s.url) as [string, string];
      const admin = first.adminKey;
      const project = await call(a, admin, 'POST', '/v1/projects', { name: 'race' });
      const mint = async (): Promise<{ id: string; key: string }> => {
        const res = await call(a, admin, 'POST', `/v1/projects/${project.body['id']}/keys`, { name: 'k' });
        expect(res.status).toBe(201);
        return { id: res.body['id'], key: res.body['key'] };
      };
      /** Minted and verified VALID on both instances, so both have it cached before the race. */
      const cachedKeys = async (): Promise<Array<{ id: string; key: string }>> => {
        const keys = await Promise.all(Array.from({ length: KEYS }, mint));
        for (const k of keys) for (const s of [a, b]) expect(await verifyCode(s, admin, k.key)).toBe('VALID');
        return keys;
      };
      const events = async (keyId: string, action: string): Promise<number> => {
        const res = await call(a, admin, 'GET', `/v1/audit?target_id=${keyId}&action=${action}`);
        expect(res.status).toBe(200);
        return (res.body['data'] as unknown[]).length;
      };
      /** On both instances: refused as `code` within the bound, and never VALID again after. */
      const refusedEverywhere = async (key: string, code: string): Promise<void> => {
        for (const s of [a, b]) {
          const since = Date.now();
          let seen = await verifyCode(s, admin, key);
          while (seen === 'VALID' && Date.now() - since < PROPAGATION_BOUND_MS) seen = await verifyCode(s, admin, key);
          expect(seen, `${s === a ? 'A' : 'B'} after an acknowledged revoke`).toBe(code);
          for (let i = 0; i < 3; i++) expect(await verifyCode(s, admin, key)).toBe(code);
        }
      };
      const noServerError = (what: string, res: Answer): void => {
        expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      };

      // 1. PATCHes of different fields on A and B: both answered 200, both kept.
      for (const k of await cachedKeys()) {
        const [byA, byB] = await Promise.all([
          call(a, admin, 'PATCH', `/v1/keys/${k.id}`, { name: `renamed-${k.id.slice(0, 8)}` }),
          call(b, admin, 'PATCH', `/v1/keys/${k.id}`, { metadata: { tier: 'gold' } }),
        ]);
        expect([byA.status, byB.status]).toEqual([200, 200]);
        const after = await call(b, admin, 'GET', `/v1/keys/${k.id}`);
        expect(after.body).toMatchObject({ name: `renamed-${k.id.slice(0, 8)}`, metadata: { tier: 'gold' } });
        expect(await events(k.id, 'key.update')).toBe(2);
      }

      // 2. Revoke on B against a roll with a long grace on A (and a PATCH on A): an
      //    acknowledged revoke must win; a roll that comes second is a clean 4xx.
      for (const k of await cachedKeys()) {
        const [roll, revoke, patch] = await Promise.all([
          call(a, admin, 'POST', `/v1/keys/${k.id}/roll`, { grace_seconds: 3600 }),
          call(b, admin, 'DELETE', `/v1/keys/${k.id}`),
          call(a, admin, 'PATCH', `/v1/keys/${k.id}`, { name: 'patched' }),
        ]);
        noServerError('roll', roll);
        noServerError('patch', patch);
        expect(revoke.status).toBe(200);
        if (roll.status !== 201) expect(roll.body['error']['code']).toBe('FORBIDDEN');
        if (patch.status !== 200) expect(patch.body['error']['code']).toBe('FORBIDDEN');
        await refusedEverywhere(k.key, 'REVOKED');
        if (roll.status === 201) for (const s of [a, b]) expect(await verifyCode(s, admin, roll.body['key'])).toBe('VALID');
        expect(await events(k.id, 'key.revoke')).toBe(1);
        expect(await events(k.id, 'key.roll')).toBe(roll.status === 201 ? 1 : 0);
        expect(await events(k.id, 'key.update')).toBe(patch.status === 200 ? 1 : 0);
      }

      // 3. The same key revoked on both at once: both 200 (revoking is idempotent), one event.
      for (const k of await cachedKeys()) {
        const answers = await Promise.all([a, b].map((s) => call(s, admin, 'DELETE', `/v1/keys/${k.id}`)));
        expect(answers.map((r) => r.status)).toEqual([200, 200]);
        await refusedEverywhere(k.key, 'REVOKED');
        expect(await events(k.id, 'key.revoke')).toBe(1);
      }

      // 4. Rolls on both at once with different graces: a key in its grace period may be
      //    rolled again (two successors), but rolling never extends the old key's life.
      for (const k of await cachedKeys()) {
        const before = Date.now();
        const [short, long] = await Promise.all([
          call(a, admin, 'POST', `/v1/keys/${k.id}/roll`, { grace_seconds: 60 }),
          call(b, admin, 'POST', `/v1/keys/${k.id}/roll`, { grace_seconds: 3600 }),
        ]);
        expect([short.status, long.status]).toEqual([201, 201]);
        const old = await withDatabase(db.url, (query) => query(`select revoked_at from api_keys where id = '${k.id}'`));
        const revokedAt = new Date(old[0].revoked_at as string | Date).getTime();
        expect(revokedAt - before, 'the old key’s revocation is the shorter grace’s').toBeLessThanOrEqual(60_000 + 30_000);
        for (const r of [short, long]) expect(await verifyCode(b, admin, r.body['key'])).toBe('VALID');
        expect(await events(k.id, 'key.roll')).toBe(2);
      }
    });
  });
}
