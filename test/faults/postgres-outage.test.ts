import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, type ServeProcess } from '../cli/cli-process.js';
import { call, SERVER_ENV, startFirstServer, verifyCode, withDatabase, type Answer } from './fault-harness.js';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/** KEYWARD_DB_TIMEOUT_MS for the server under test: short, so a hung database is answered quickly. */
const DB_TIMEOUT_MS = 1500;
/** A request that takes longer than this has hung (a generous multiple of the timeout, for a loaded machine). */
const HANG_MS = 20_000;
/** How long recovery may take once PostgreSQL is back (the LISTEN reconnect backs off up to 5 s). */
const RECOVERY_BOUND_MS = 30_000;

// In CI the binaries are installed (Debian's postgresql): a missing one must fail, not skip.
const suite = privatePostgresAvailable || process.env['CI'] ? describe : describe.skip;

/** Polls until `ok` says yes, or fails after `boundMs`; resolves to how long it took. */
async function within(boundMs: number, what: string, ok: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/** The 503 of an unreachable database: JSON, the UNAVAILABLE code, Retry-After, and no hang. */
function expectUnavailable(res: Answer, what: string): void {
  expect(res.status, `${what}: ${JSON.stringify(res.body)} after ${Math.round(res.ms)} ms`).toBe(503);
  expect(res.headers?.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers?.get('retry-after')).toMatch(/^\d+$/);
  expect(res.ms).toBeLessThan(HANG_MS);
}

/**
 * A real `keyward serve` on a private PostgreSQL cluster that is stopped and started
 * again, then frozen (SIGSTOP: connections open, nothing answers) and thawed, under the
 * same process, never restarted. While it is away: every request that needs it is a
 * prompt 503 UNAVAILABLE with Retry-After (within KEYWARD_DB_TIMEOUT_MS when it hangs),
 * /healthz says 503, keys in the verification cache still verify with their true state,
 * usage is kept. When it is back: health, management and uncached verification work
 * again, the kept usage is written, and the LISTEN connection is back (a revoke made by
 * another connection reaches the cache).
 */
suite('postgres: the database goes away and comes back', { timeout: 4 * CLI_TEST_TIMEOUT }, () => {
  let pg: PrivatePostgres;
  let server: ServeProcess | undefined;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
  }, CLI_TEST_TIMEOUT);
  afterAll(async () => {
    await pg?.thaw().catch(() => {});
    await server?.stop();
    await pg?.destroy();
  });

  it('answers 503 fast while it is away, keeps verifying cached keys, and recovers without a restart', async () => {
    const url = `${pg.url}?schema=keyward_faults`;
    const first = await startFirstServer({
      ...SERVER_ENV,
      KEYWARD_DATABASE_URL: url,
      KEYWARD_DB_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      // Far beyond the test: cached entries go stale only through the lost LISTEN connection.
      KEYWARD_CACHE_TTL_MS: '600000',
      KEYWARD_USAGE_FLUSH_MS: '100',
    });
    server = first.server;
    const s = server.url;
    const admin = first.adminKey;
    const project = await call(s, admin, 'POST', '/v1/projects', { name: 'outage' });
    const mint = async (): Promise<{ id: string; key: string }> => {
      const res = await call(s, admin, 'POST', `/v1/projects/${project.body['id']}/keys`, { name: 'k' });
      expect(res.status).toBe(201);
      return { id: res.body['id'], key: res.body['key'] };
    };
    const cached = await mint();
    const revoked = await mint();
    const uncached = await mint();
    expect(await verifyCode(s, admin, cached.key)).toBe('VALID');
    expect(await verifyCode(s, admin, revoked.key)).toBe('VALID');
    expect((await call(s, admin, 'DELETE', `/v1/keys/${revoked.id}`)).status).toBe(200);
    expect(await verifyCode(s, admin, revoked.key)).toBe('REVOKED');
    expect((await call(s, admin, 'GET', '/healthz')).status).toBe(200);
    let validVerifies = 1;

    // --- Stopped (pg_ctl stop -m fast: every connection closed, new ones refused).
    await pg.stop('fast');
    const health = await call(s, admin, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'unavailable' });
    for (let i = 0; i < 5; i++) {
      expect(await verifyCode(s, admin, cached.key), 'a cached key while the database is down').toBe('VALID');
      validVerifies++;
      expect(await verifyCode(s, admin, revoked.key), 'a cached revoked key while the database is down').toBe('REVOKED');
    }
    const uncachedVerify = await call(s, admin, 'POST', '/v1/keys/verify', { key: uncached.key });
    expectUnavailable(uncachedVerify, 'verify of an uncached key');
    expect(uncachedVerify.body['error']).toMatchObject({ code: 'UNAVAILABLE' });
    expect(uncachedVerify.body['error']['request_id']).toEqual(expect.any(String));
    expectUnavailable(await call(s, admin, 'POST', '/v1/projects', { name: 'during' }), 'create a project');
    expectUnavailable(await call(s, admin, 'GET', `/v1/keys/${cached.id}`), 'read a key');
    expectUnavailable(await call(s, admin, 'DELETE', `/v1/keys/${cached.id}`), 'revoke a key');
    // A dialect answers in its own shape, with the same status and Retry-After.
    const dialect = await call(s, admin, 'GET', `/compat/basic/project/${project.body['id']}/key`);
    expectUnavailable(dialect, 'a dialect route');
    expect(dialect.body).toEqual({ error: 'Service Unavailable', message: expect.stringMatching(/database/) });
    // A nonsense key is still refused without the database (its checksum fails first).
    expect(await verifyCode(s, admin, 'kw_proj_nonsense')).toBe('MALFORMED');

    // --- Started again on the same data directory: recovery with no restart of Keyward.
    await pg.start();
    const backHealthy = await within(
      RECOVERY_BOUND_MS,
      '/healthz 200 again',
      async () => (await call(s, admin, 'GET', '/healthz')).status === 200,
    );
    const backManaging = await within(RECOVERY_BOUND_MS, 'management again', async () => {
      const res = await call(s, admin, 'POST', '/v1/projects', { name: `after-${Date.now()}` });
      return res.status === 201;
    });
    expect(await verifyCode(s, admin, uncached.key), 'an uncached key once the database is back').toBe('VALID');
    expect(await verifyCode(s, admin, revoked.key)).toBe('REVOKED');
    // The usage gathered while the database was down was kept and written by a later flush.
    await within(RECOVERY_BOUND_MS, 'usage counted during the outage written', async () => {
      const usage = await call(s, admin, 'GET', `/v1/keys/${cached.id}/usage`);
      return totalValid(usage.body) === validVerifies;
    });
    // The LISTEN connection is back: a revoke written by another connection reaches the cache.
    const listening = await within(RECOVERY_BOUND_MS, 'LISTEN connection back', () =>
      withDatabase(
        url,
        async (query) => (await query(`select 1 from pg_stat_activity where application_name = 'keyward-listen'`)).length > 0,
      ),
    );
    await withDatabase(url, (query) => query(`update api_keys set revoked_at = now() where id = '${cached.id}'`));
    await within(5000, 'an outside revoke heard through LISTEN', async () => (await verifyCode(s, admin, cached.key)) === 'REVOKED');

    // --- Frozen (SIGSTOP): sockets stay open and nothing answers. Calls end at the timeout.
    const fresh = await mint();
    await pg.freeze();
    try {
      const hung = await call(s, admin, 'POST', '/v1/keys/verify', { key: fresh.key }, HANG_MS);
      expectUnavailable(hung, 'verify while the database hangs');
      expectUnavailable(await call(s, admin, 'POST', '/v1/projects', { name: 'frozen' }, HANG_MS), 'create while it hangs');
      expect((await call(s, admin, 'GET', '/healthz', undefined, HANG_MS)).status).toBe(503);
      expect(await verifyCode(s, admin, revoked.key), 'cached while it hangs').toBe('REVOKED');
      report.hungVerifyMs = Math.round(hung.ms);
    } finally {
      await pg.thaw();
    }
    const afterThaw = await within(RECOVERY_BOUND_MS, 'management after the freeze', async () => {
      const res = await call(s, admin, 'POST', '/v1/projects', { name: `thawed-${Date.now()}` });
      return res.status === 201;
    });
    expect(await verifyCode(s, admin, fresh.key)).toBe('VALID');

    Object.assign(report, {
      downUncachedVerifyMs: Math.round(uncachedVerify.ms),
      healthyAfterStartMs: backHealthy,
      managementAfterHealthyMs: backManaging,
      listenBackAfterMs: listening,
      managementAfterThawMs: afterThaw,
    });
    console.info('postgres outage timings', report);
  });
});

const report: Record<string, number> = {};

/** The VALID count of a usage answer (rows of day, code, count). */
function totalValid(body: Record<string, any>): number {
  const rows = (body['data'] as Array<{ code: string; count: number }> | undefined) ?? [];
  return rows.filter((r) => r.code === 'VALID').reduce((n, r) => n + r.count, 0);
}
