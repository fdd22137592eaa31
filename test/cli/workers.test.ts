import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase, type TestEngine } from '../helpers/engines.js';
import { REDIS } from '../helpers/redis.js';
import { restartDelayMs } from '../../src/cli/serve-cluster.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type ServeProcess } from './cli-process.js';

/**
 * `keyward serve --workers N` as real processes: every worker answers on the one port, a
 * change made through one reaches every other through the change signals alone (the cache
 * TTL is set to an hour here, so nothing else could refresh them), a worker killed with
 * SIGKILL is replaced, and SIGTERM to the primary drains them all and exits 0.
 */

interface Answer {
  readonly status: number;
  /** Which worker answered (x-keyward-worker). */
  readonly worker: string;
  readonly body: Record<string, any>;
}

/** One request on a connection of its own, so the primary may hand it to any worker. */
function call(base: string, method: string, path: string, key: string | null, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(text ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } : {}),
    };
    const req = request(new URL(path, base), { method, headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (data += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-keyward-worker'] ?? ''), body: data ? JSON.parse(data) : {} }),
      );
    });
    req.on('error', reject);
    // A connection handed to a worker as it was killed may never be answered: give up on it (the caller retries).
    req.setTimeout(15_000, () => req.destroy(new Error('no answer')));
    req.end(text);
  });
}

/**
 * Calls until `done` holds for what came back (each call a new connection); the calls are
 * bounded, not timed. A call that failed (its connection went to a worker being killed) is retried.
 */
async function until(what: string, next: () => Promise<Answer>, done: (seen: Answer[]) => boolean, limit = 400): Promise<Answer[]> {
  const seen: Answer[] = [];
  let failures = 0;
  while (!done(seen)) {
    if (seen.length >= limit || failures >= 20) throw new Error(`${what}: not after ${limit} calls (${JSON.stringify(seen.slice(-3))})`);
    try {
      seen.push(await next());
    } catch {
      failures++;
    }
    // Let the other processes run (two cores, many processes): a breath between calls, not a deadline.
    await new Promise((r) => setTimeout(r, 5));
  }
  return seen;
}

/** Waits until the processes have logged a line for which `found` holds (an event, not a deadline: the test's timeout bounds it). */
async function logged(serve: ServeProcess, found: (line: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (;;) {
    const line = logLines(serve).find(found);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const workersIn = (seen: readonly Answer[]): Set<string> => new Set(seen.map((a) => a.worker));

/** The primary's JSON log lines. */
const logLines = (serve: ServeProcess): Array<Record<string, any>> =>
  serve
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);

/** Each signal path: SQLite's poll of the file, PostgreSQL's LISTEN, and Redis pub/sub alone (KEYWARD_CACHE_SIGNALS=redis). */
interface Setup {
  readonly name: string;
  readonly engine: TestEngine;
  readonly env: () => Record<string, string>;
}
const SETUPS: Setup[] = ENGINES.map((engine) => ({ name: engine.name, engine, env: () => ({}) }));
const last = ENGINES[ENGINES.length - 1]!;
if (REDIS) {
  SETUPS.push({
    name: `${last.name}, signals through Redis only`,
    engine: last,
    env: () => ({ KEYWARD_REDIS_URL: REDIS!.url, KEYWARD_REDIS_PREFIX: REDIS!.freshPrefix(), KEYWARD_CACHE_SIGNALS: 'redis' }),
  });
}

for (const { name, engine, env } of SETUPS) {
  describe(`serve --workers 2 on ${name}`, { timeout: 4 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    let serve: ServeProcess | null = null;
    afterEach(async () => {
      await serve?.kill();
      serve = null;
      await db.cleanup();
    });

    it('serves from every worker, refuses a revoked key on every worker, replaces a killed one, and drains on SIGTERM', async () => {
      db = freshDatabaseUrl(engine);
      const extra = env();
      serve = await startServe(
        { KEYWARD_DATABASE_URL: db.url, KEYWARD_LOG_LEVEL: 'info', KEYWARD_CACHE_TTL_MS: '3600000', ...extra },
        ['--workers', '2'],
        // Three processes compiling the sources through tsx on a shared machine.
        CLI_TEST_TIMEOUT,
      );
      // The first start's keys, once, by the primary.
      const adminLines = serve.startupStderr.split('\n').filter((l) => l.startsWith('Admin key: '));
      expect(adminLines).toHaveLength(1);
      const admin = adminLines[0]!.slice('Admin key: '.length);
      const base = serve.url;
      // Without Redis, the primary says that rate limits are per worker.
      const warned = logLines(serve).some((l) => l['level'] === 40 && /per worker/.test(l['msg']));
      expect(warned).toBe(extra['KEYWARD_REDIS_URL'] === undefined);

      await until(
        'both workers answer',
        () => call(base, 'GET', '/healthz', null),
        (s) => workersIn(s).size === 2,
      );
      expect(
        [
          ...workersIn(
            await until(
              '',
              () => call(base, 'GET', '/healthz', null),
              (s) => s.length === 6,
            ),
          ),
        ].sort(),
      ).toEqual(['1', '2']);

      const project = await call(base, 'POST', '/v1/projects', admin, { name: 'p' });
      expect(project.status).toBe(201);
      const minted = await call(base, 'POST', `/v1/projects/${project.body['id']}/keys`, admin, { name: 'k' });
      expect(minted.status).toBe(201);
      const key = minted.body['key'] as string;
      const verify = () => call(base, 'POST', '/v1/keys/verify', admin, { key });

      // Both workers hold the key in their caches (VALID from each), then it is revoked through one of them.
      const valid = await until(
        'VALID from both workers',
        verify,
        (s) => workersIn(s.filter((a) => a.body['code'] === 'VALID')).size === 2,
      );
      expect(valid.every((a) => a.body['code'] === 'VALID')).toBe(true);
      const revoked = await call(base, 'DELETE', `/v1/keys/${minted.body['id']}`, admin);
      expect(revoked.status).toBe(200);
      await until('REVOKED from both workers', verify, (s) => workersIn(s.filter((a) => a.body['code'] === 'REVOKED')).size === 2);
      // …and it stays refused, on every worker.
      const after = await until('', verify, (s) => s.length === 10);
      expect(after.map((a) => a.body['code'])).toEqual(Array(10).fill('REVOKED'));
      expect(workersIn(after).size).toBe(2);
      // A batch answers the same.
      expect((await call(base, 'POST', '/v1/keys/verify/batch', admin, { items: [{ key }] })).body['results'][0]['code']).toBe('REVOKED');

      // Worker 1 dies (no shutdown at all); the primary logs it and starts worker 3, which answers.
      const first = logLines(serve).find((l) => l['msg'] === 'worker started' && l['worker'] === 1)!;
      process.kill(first['workerPid'] as number, 'SIGKILL');
      // Worker 3 compiles the sources through tsx before it listens: seconds on a busy machine.
      const replacement = await logged(serve, (l) => l['msg'] === 'worker started' && l['worker'] === 3);
      await logged(serve, (l) => l['pid'] === replacement['workerPid'] && /^Server listening/.test(l['msg']));
      const back = await until(
        'the new worker answers',
        () => call(base, 'GET', '/healthz', null),
        (s) => s.some((a) => a.worker === '3'),
      );
      expect(back.at(-1)!.status).toBe(200);
      const exited = logLines(serve).find((l) => l['msg'] === 'worker exited; restarting it')!;
      expect(exited).toMatchObject({ level: 50, worker: 1, workerPid: first['workerPid'], signal: 'SIGKILL' });
      const third = await until('worker 3 verifies', verify, (s) => s.some((a) => a.worker === '3'));
      expect(third.at(-1)!.body['code']).toBe('REVOKED');

      // SIGTERM to the primary: every worker drains, then it exits 0.
      const stopped = await serve.stop();
      serve = null;
      expect(stopped.signal).toBeNull();
      expect(stopped.code).toBe(0);
      const shutdowns = stopped.stdout.split('\n').filter((l) => l.includes('"msg":"shutting down"'));
      expect(shutdowns).toHaveLength(2);
      expect(stopped.stdout).toContain('"msg":"every worker stopped"');
      // The listening line once, from the primary.
      expect(stopped.stdout.match(/^Keyward listening on /gm)).toHaveLength(1);
    });
  });
}

describe('serve --workers with a bad value', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('exits 2 with one line naming the flag or the variable', async () => {
    const flag = await runCli(['serve', '--workers', 'many']);
    expect(flag.stderr).toMatch(/^error: invalid --workers: expected auto or a number[^\n]*\n$/);
    expect(flag.code).toBe(2);
    const variable = await runCli(['serve'], { KEYWARD_WORKERS: '0' });
    expect(variable.stderr).toMatch(/^error: invalid KEYWARD_WORKERS: [^\n]*\n$/);
    expect(variable.code).toBe(2);
  });
});

describe('restarting a worker that keeps dying', () => {
  it('waits longer each time it died young (100 ms doubling, at most 10 s), and not at all after a long life', () => {
    expect([0, 1, 2, 3, 7, 8, 50].map(restartDelayMs)).toEqual([0, 100, 200, 400, 6400, 10_000, 10_000]);
  });
});
