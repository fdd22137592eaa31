import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { silentLog } from '../../src/redis/redis-connection.js';
import { RedisLink } from '../../src/redis/redis-link.js';
import { ENGINES } from '../helpers/engines.js';
import { closedPortRedisUrl, REDIS } from '../helpers/redis.js';
import { call, DAY_MS, useInstances, type Instance, type Wire } from './instances.js';

const WAIT = { timeout: 15_000, interval: 20 };

/** Waits out the last half minute of a UTC day, so a day-long rate-limit window holds the whole test. */
async function notAtMidnight(): Promise<void> {
  const left = DAY_MS - (Date.now() % DAY_MS);
  if (left < 30_000) await new Promise((r) => setTimeout(r, left + 100));
}

for (const engine of ENGINES) {
  describe.runIf(REDIS)(`${engine.name}: Redis unreachable`, () => {
    const instance = useInstances();

    it('the server starts, verifies, limits in process, manages keys, and closes', async () => {
      const a = await instance(engine.freshUrl(), { redisUrl: await closedPortRedisUrl(), prefix: 'kwtest-unreachable' });
      const boot = await bootstrapInstance(a.deps);
      const admin = boot.adminKey;
      const project = await call(a, admin, 'POST', '/v1/projects', { name: 'p' });
      await notAtMidnight();
      const minted = await call(a, admin, 'POST', `/v1/projects/${project['id']}/keys`, {
        name: 'k',
        rate_limit: { limit: 2, window_ms: DAY_MS },
      });
      const codes = [];
      for (let n = 0; n < 3; n++) codes.push((await call(a, admin, 'POST', '/v1/keys/verify', { key: minted['key'] }))['code']);
      expect(codes).toEqual(['VALID', 'VALID', 'RATE_LIMITED']);
      await call(a, admin, 'DELETE', `/v1/keys/${minted['id']}`);
      expect((await call(a, admin, 'POST', '/v1/keys/verify', { key: minted['key'] }))['code']).toBe('REVOKED');
      expect(a.logs.text).toContain('Redis unreachable');
      // Error messages only: never the URL (which may hold a password) or a stack.
      expect(a.logs.text).not.toMatch(/redis:\/\/|\n\s+at /);
    });
  });
}

/** A private redis-server this test may kill and restart (the shared one must never be stopped). */
class PrivateRedis {
  #child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.#child = child;
    await vi.waitFor(
      () =>
        expect(
          spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
            .stdout?.toString()
            .trim(),
        ).toBe('PONG'),
      WAIT,
    );
  }
  /** SIGSTOP / SIGCONT: the connections stay open but nothing is answered (a hung host, a partition). */
  signal(sig: 'SIGSTOP' | 'SIGCONT'): void {
    this.#child?.kill(sig);
  }
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (REDIS && process.env['CI'] && !hasRedisServer)
  throw new Error('CI is set but redis-server is missing: the Redis failure tests must run');

describe.runIf(REDIS && hasRedisServer)('sqlite: Redis killed and restarted under two instances', () => {
  const instance = useInstances();
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await redis?.kill();
  });

  it('verification and management carry on (database signals, local limits), and sharing resumes when Redis is back', async () => {
    redis = new PrivateRedis(Number(new URL(await closedPortRedisUrl()).port));
    await redis.start();
    const db = ENGINES[0]!.freshUrl();
    const a = await instance(db, { redisUrl: redis.url, prefix: 'kwtest-killed' });
    const b = await instance(db, { redisUrl: redis.url, prefix: 'kwtest-killed' });
    const admin = (await bootstrapInstance(a.deps)).adminKey;
    const project = await call(a, admin, 'POST', `/v1/projects`, { name: 'p' });
    const mint = (body: Wire = {}) => call(a, admin, 'POST', `/v1/projects/${project['id']}/keys`, { name: 'k', ...body });
    const verify = (i: Instance, key: string) => call(i, admin, 'POST', '/v1/keys/verify', { key });
    await notAtMidnight();
    const limited = await mint({ rate_limit: { limit: 1000, window_ms: DAY_MS } });
    expect((await verify(a, limited['key']))['rate_limit']['remaining']).toBe(999);
    expect((await verify(b, limited['key']))['rate_limit']['remaining']).toBe(998);

    await redis.kill();
    await vi.waitFor(() => expect(a.deps.redis!.changes.subscribed || b.deps.redis!.changes.subscribed).toBe(false), WAIT);

    // Verification: answered from local counters now, never an error.
    expect((await verify(a, limited['key']))['code']).toBe('VALID');
    expect((await verify(b, limited['key']))['code']).toBe('VALID');
    // Management, and a revoke on A refused by B: the database's signal path never depended on Redis.
    const doomed = await mint();
    expect((await verify(b, doomed['key']))['code']).toBe('VALID');
    await call(a, admin, 'DELETE', `/v1/keys/${doomed['id']}`);
    await vi.waitFor(async () => expect((await verify(b, doomed['key']))['code']).toBe('REVOKED'), WAIT);
    expect(a.logs.text).toContain('Redis subscription lost');
    expect(a.logs.text).toContain('rate limits are counted in this process');

    await redis.start();
    await vi.waitFor(() => expect(a.deps.redis!.changes.subscribed && b.deps.redis!.changes.subscribed).toBe(true), WAIT);
    // Counters are shared again (Redis restarted empty: the count starts over there), once
    // each instance has let its one-second pause after a failure run out.
    await vi.waitFor(async () => {
      for (const i of [a, b]) await verify(i, limited['key']);
      for (const i of [a, b]) expect(i.deps.rateLimiter).toHaveProperty('shared', true);
    }, WAIT);
    const before = (await verify(a, limited['key']))['rate_limit']['remaining'];
    expect((await verify(b, limited['key']))['rate_limit']['remaining']).toBe(before - 1);
    expect(a.logs.text).toContain('Redis subscription back');
    expect(a.logs.text).toContain('rate limits are shared between instances again');
  });
});

describe.runIf(REDIS && hasRedisServer)('Redis hung (connections open, nothing answered)', () => {
  let redis: PrivateRedis | undefined;
  let link: RedisLink | undefined;
  afterEach(async () => {
    await redis?.kill();
    await link?.close();
  });

  it('verification limits fall back to the process after the command timeout, and the subscription is remade (forgetting everything)', async () => {
    redis = new PrivateRedis(Number(new URL(await closedPortRedisUrl()).port));
    await redis.start();
    link = new RedisLink({ url: redis.url, prefix: 'kwtest-hung' });
    const limiter = link.rateLimiter('verify');
    const heard: Array<readonly string[] | null> = [];
    // The subscriber is what a cache uses; subscribe it directly with a listener that records.
    const subscribed = link.changes.watch((h) => heard.push(h), silentLog);
    await link.open(silentLog);
    await subscribed;
    const limit = { limit: 100, windowMs: DAY_MS };
    expect((await limiter.consume('k', limit, new Date())).allowed).toBe(true);
    expect(limiter.shared).toBe(true);
    expect(heard).toEqual([null]);

    redis.signal('SIGSTOP');
    // Answered (from the in-process counters) rather than hung or thrown.
    expect((await limiter.consume('k', limit, new Date())).allowed).toBe(true);
    expect(limiter.shared).toBe(false);
    // The heartbeat notices the silence and gives the connection up: forget everything.
    await vi.waitFor(() => expect(link!.changes.subscribed).toBe(false), WAIT);
    expect(heard).toEqual([null, null]);

    redis.signal('SIGCONT');
    await vi.waitFor(() => expect(link!.changes.subscribed).toBe(true), WAIT);
    // Told again once subscribed (what was published meanwhile is lost), and nothing but "forget everything".
    expect(heard.length).toBeGreaterThanOrEqual(3);
    expect(heard.every((h) => h === null)).toBe(true);
  });
});
