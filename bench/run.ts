import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { fixedRate } from './fixed-rate.js';
import { cycling, measure, measureBeside, median, onceEach, percentile, type Bodies, type LoadResult, type LoadSpec } from './load.js';
import { CORES, HAS_TASKSET, KEYWARD, LOAD_CORE, SERVER_CORE, pinSelf, startServer, type Server } from './processes.js';
import { measurePropagation, type Propagation } from './propagation.js';
import { measureLocalVerifier } from './local-verifier.js';
import { propagationValues, redisSignalsEnv } from './redis-propagation.js';
import { seedDatabase, type Seeded } from './seed.js';
import { ensureWrk } from './wrk.js';
import { benchBatchAndWorkers } from './batch.js';

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (a smoke run of a few seconds, in CI).
 * Starts its own servers, prints one table and `name=value` lines. The method and the latest run: docs/PERFORMANCE.md.
 */
const QUICK = process.argv.includes('--quick');
const P = QUICK
  ? { keys: 20_000, hot: 100, seconds: 1, warmUp: 0, repeats: 1, revokes: 3, rateSeconds: 1 }
  : { keys: 1_000_000, hot: 1_000, seconds: 5, warmUp: 2, repeats: 3, revokes: 100, rateSeconds: 10 };
/**
 * The key count in figure names: `1m` in a full run, whose names are a contract (README,
 * docs/PERFORMANCE.md compare runs by them). A quick run names what it measured instead
 * (`seed_s_20k_keys`), so its smoke figures can never pass for full-size ones.
 */
const KEYS_LABEL = P.keys % 1_000_000 === 0 ? `${P.keys / 1_000_000}m` : `${P.keys / 1000}k`;
const QUICK_NOTICE =
  `quick run: ${P.keys.toLocaleString('en')} keys, ${P.repeats} × ${P.seconds}s per measurement. ` +
  'A smoke test: its figures are not comparable with a full run (npm run bench).';
const CONNECTIONS = 50;
/** The offered load of the fixed-rate latency measurement (50 connections): a busy platform's, below saturation. */
const FIXED_RATE = 1_000;
const POSTGRES_URL = process.env['KEYWARD_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The servers run as shipped (log level info, cache on) unless a flag says otherwise. */
const SERVER_ENV: Record<string, string> = { KEYWARD_LOG_LEVEL: flag('--log-level') ?? 'info' };

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

interface Row {
  readonly name: string;
  readonly result: LoadResult;
  /** The raw handler measured beside it (verify figures), which its ratio to raw compares with. */
  readonly raw?: LoadResult;
}

async function main(): Promise<void> {
  pinSelf();
  ensureWrk(log);
  log(QUICK ? QUICK_NOTICE : `full run: ${P.keys} keys, ${P.repeats} × ${P.seconds}s per measurement, ${CONNECTIONS} connections`);
  log(
    HAS_TASKSET && CORES > 1
      ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}`
      : 'not pinned (taskset or a second core missing)',
  );
  const rows: Row[] = [];
  const values: Record<string, number> = {};
  const bodiesOf = (keys: readonly string[]) => keys.map((key) => JSON.stringify({ key }));
  /** The working set of "cached": the first keys, over and over. */
  const hot = (keys: readonly string[]) => cycling(bodiesOf(keys.slice(0, P.hot)));

  // 1. The ceiling.
  const bare = await startServer('bench/bare-server.ts', [], {});
  const anyKeys = Array.from({ length: P.hot }, () => `kw_proj_${randomBytes(16).toString('hex')}`);
  const ceiling = await timed('bare route', () => measure(spec(bare, {}, hot(anyKeys)), P.repeats, P.warmUp));
  rows.push({ name: 'bare Fastify route (ceiling)', result: ceiling });
  await bare.stop();
  // 1b. The Node limit: raw node:http doing a cached verification's work, same bodies and load.
  // It keeps running: each verify figure is measured beside it again (`beside`), so a ratio
  // compares runs minutes apart at most, not the start of the run with its end.
  const rawServer = await startServer('bench/raw-server.ts', [], {});
  const rawAuth = { authorization: `Bearer kw_admin_${randomBytes(16).toString('hex')}` };
  const rawSpec = spec(rawServer, rawAuth, hot(anyKeys));
  const raw = await timed('raw node:http handler', () => measure(rawSpec, P.repeats, P.warmUp));
  rows.push({ name: 'raw node:http handler (Node limit)', result: raw });
  values['raw_handler_per_s'] = Math.round(raw.rps);
  values['p99_ms_raw_handler'] = raw.p99;
  values['cpu_us_per_request_raw_handler'] = round(raw.cpuUs, 1);
  /** A verify figure, measured in alternation with the raw handler. */
  const beside = async (what: string, target: LoadSpec): Promise<{ target: LoadResult; baseline: LoadResult }> =>
    timed(what, () => measureBeside(target, rawSpec, P.repeats, P.warmUp));
  /** `name` as a ratio to the bare route and to the raw handler measured beside it, and its p99 as a ratio to that one's. */
  const ratios = (name: string, r: { target: LoadResult; baseline: LoadResult }): void => {
    values[`ratio_${name}`] = round(r.target.rps / ceiling.rps, 3);
    values[`ratio_${name}_vs_raw`] = round(r.target.rps / r.baseline.rps, 3);
    values[`p99_ms_${name}`] = r.target.p99;
    values[`p99_ratio_${name}_vs_raw`] = round(r.target.p99 / r.baseline.p99, 2);
    // The server's CPU per request, raw's over Keyward's: the req/s ratio where the load generator is not the limit.
    values[`cpu_us_per_request_${name}`] = round(r.target.cpuUs, 1);
    values[`cpu_ratio_${name}_vs_raw`] = round(r.baseline.cpuUs / r.target.cpuUs, 3);
  };

  // 2, 3, 5. SQLite.
  const sqliteFile = join(tmpdir(), `keyward-bench-${randomBytes(4).toString('hex')}.db`);
  const sqliteUrl = `sqlite:${sqliteFile}`;
  try {
    const seeded = await timed(`seeding ${P.keys} keys (SQLite)`, () => seedDatabase(sqliteUrl, P.keys));
    values[`seed_s_${KEYS_LABEL}_keys`] = round(seeded.seconds, 2);
    const s = await startServer(KEYWARD, ['serve'], { ...SERVER_ENV, KEYWARD_DATABASE_URL: sqliteUrl });
    const auth = { authorization: `Bearer ${seeded.adminKey}` };
    const cached = await beside('verify cached (SQLite)', spec(s, auth, hot(seeded.keys)));
    // Every request a key not verified before: each one misses the cache and reads the database.
    const cold = await beside('verify cold (SQLite)', spec(s, auth, onceEach(bodiesOf(seeded.keys), P.hot)));
    const create = await timed('create (SQLite)', () => measure(createSpec(s, seeded), P.repeats, P.warmUp));
    const credits = await timed('verify with credits (SQLite)', async () =>
      measure(spec(s, auth, await creditsKey(s, seeded)), P.repeats, P.warmUp),
    );
    await s.stop();
    rows.push({ name: 'verify, cached, SQLite', result: cached.target, raw: cached.baseline });
    rows.push({ name: 'verify, cold, SQLite', result: cold.target, raw: cold.baseline });
    rows.push({ name: 'verify a key with credits (one write each), SQLite', result: credits });
    values['verify_with_credits_per_s'] = Math.round(credits.rps);
    rows.push({ name: 'create key, SQLite', result: create });
    ratios('verify_cached_sqlite', cached);
    ratios('verify_cold_sqlite', cold);
    values['create_keys_per_s'] = Math.round(create.rps);

    const rss = await timed('RSS idle, then with every key verified once (SQLite)', () => fullCacheRss(sqliteUrl, seeded));
    values['rss_mb_idle'] = rss.idle;
    values[`rss_mb_${KEYS_LABEL}_keys`] = rss.full;
    const sqliteProp = await timed('revoke propagation (SQLite, two processes)', () => propagation(sqliteUrl, seeded));
    values['revoke_propagation_p50_ms_sqlite'] = round(median(sqliteProp.delaysMs), 1);
    values['revoke_propagation_p99_ms_sqlite'] = round(percentile(sqliteProp.delaysMs, 99), 1);
    values['valid_after_refusal_sqlite'] = sqliteProp.validAfterRefusal;
  } finally {
    await Promise.all(['', '-wal', '-shm'].map((x) => rm(sqliteFile + x, { force: true })));
  }

  // 4. PostgreSQL.
  const schema = `kw_bench_${randomBytes(4).toString('hex')}`;
  const pgUrl = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  try {
    const seeded = await timed(`seeding ${P.keys} keys (PostgreSQL)`, () => seedDatabase(pgUrl, P.keys));
    values[`seed_s_${KEYS_LABEL}_keys_postgres`] = round(seeded.seconds, 2);
    const s = await startServer(KEYWARD, ['serve'], { ...SERVER_ENV, KEYWARD_DATABASE_URL: pgUrl });
    const auth = { authorization: `Bearer ${seeded.adminKey}` };
    const cached = await beside('verify cached (PostgreSQL)', spec(s, auth, hot(seeded.keys)));
    const coldKeys = onceEach(bodiesOf(seeded.keys), P.hot);
    const cold = await beside('verify cold (PostgreSQL)', spec(s, auth, coldKeys));
    // Latency below saturation: 50 connections sharing a fixed offered load, each request a cold key.
    const paced = await timed(`verify cold at ${FIXED_RATE} req/s (PostgreSQL)`, () =>
      fixedRate({
        url: s.url,
        path: '/v1/keys/verify',
        headers: auth,
        bodies: coldKeys,
        connections: CONNECTIONS,
        rate: FIXED_RATE,
        seconds: P.rateSeconds,
        warmUpSeconds: P.warmUp,
      }),
    );
    const create = await timed('create (PostgreSQL)', () => measure(createSpec(s, seeded), P.repeats, P.warmUp));
    const credits = await timed('verify with credits (PostgreSQL)', async () =>
      measure(spec(s, auth, await creditsKey(s, seeded)), P.repeats, P.warmUp),
    );
    await s.stop();
    values['verify_with_credits_per_s_postgres'] = Math.round(credits.rps);
    rows.push({ name: 'verify, cached, PostgreSQL', result: cached.target, raw: cached.baseline });
    rows.push({ name: 'verify, cold, PostgreSQL', result: cold.target, raw: cold.baseline });
    rows.push({ name: `verify, cold, PostgreSQL, ${FIXED_RATE} req/s offered`, result: paced });
    rows.push({ name: 'verify a key with credits (one write each), PostgreSQL', result: credits });
    rows.push({ name: 'create key, PostgreSQL', result: create });
    ratios('verify_cached_postgres', cached);
    ratios('verify_cold_postgres', cold);
    values[`p50_ms_verify_cold_postgres_at_${FIXED_RATE}_rps`] = paced.p50;
    values[`p99_ms_verify_cold_postgres_at_${FIXED_RATE}_rps`] = paced.p99;
    values['create_keys_per_s_postgres'] = Math.round(create.rps);
    const prop = await timed('revoke propagation (PostgreSQL, two processes)', () => propagation(pgUrl, seeded));
    values['revoke_propagation_p50_ms'] = round(median(prop.delaysMs), 1);
    values['revoke_propagation_p99_ms'] = round(percentile(prop.delaysMs, 99), 1);
    values['valid_after_refusal_postgres'] = prop.validAfterRefusal;
    // The same through Redis pub/sub alone (KEYWARD_CACHE_SIGNALS=redis): revoke_propagation_p99_ms_redis.
    const viaRedis = await timed('revoke propagation (Redis pub/sub, two processes)', () => propagation(pgUrl, seeded, redisSignalsEnv()));
    Object.assign(values, propagationValues(viaRedis, '_redis'));
  } finally {
    await dropSchema(schema);
  }

  await rawServer.stop();

  // The local verifier (issue 15): 100,000 keys in a replica process (5,000 in --quick).
  const local = { keys: QUICK ? 5_000 : 100_000, hot: P.hot, revokes: QUICK ? 5 : 100, seconds: P.seconds };
  Object.assign(values, await timed('local verifier', () => measureLocalVerifier(local)));
  // Issue 14 §5–6: batch_verify_keys_per_s, ratio_verify_cached_2_workers_vs_1 (bench/batch.ts).
  const batchOptions = { seconds: P.seconds, repeats: P.repeats, warmUp: P.warmUp, connections: CONNECTIONS, env: SERVER_ENV, log };
  Object.assign(values, await timed('batch verify, and 2 workers vs 1 (SQLite)', () => benchBatchAndWorkers(batchOptions)));

  report(rows, ceiling, raw, values);
  const failures = rows.reduce((n, r) => n + r.result.failures, 0);
  const validAgain =
    (values['valid_after_refusal_sqlite'] ?? 0) +
    (values['valid_after_refusal_postgres'] ?? 0) +
    (values['valid_after_refusal_redis'] ?? 0);
  if (failures > 0 || validAgain > 0) {
    log(`FAILED: ${failures} failed requests; ${validAgain} VALID answers for a key already refused`);
    process.exitCode = 1;
  }
}

function spec(server: Server, headers: Record<string, string>, bodies: Bodies): LoadSpec {
  return { url: server.url, path: '/v1/keys/verify', headers, bodies, connections: CONNECTIONS, seconds: P.seconds, pid: server.pid };
}

/**
 * One key holding more credits than any run spends, verified over and over: each VALID answer
 * is one atomic conditional UPDATE (`verify_with_credits_per_s`), all on one row, the worst
 * case for contention.
 */
async function creditsKey(server: Server, seeded: Seeded): Promise<Bodies> {
  const res = await fetch(`${server.url}/v1/projects/${seeded.projectId}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${seeded.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'metered', credits: { remaining: 1_000_000_000_000 } }),
  });
  if (res.status !== 201) throw new Error(`minting the credits key answered ${res.status}`);
  const { key } = (await res.json()) as { key: string };
  return cycling([JSON.stringify({ key })]);
}

function createSpec(server: Server, seeded: Seeded): LoadSpec {
  return {
    url: server.url,
    path: `/v1/projects/${seeded.projectId}/keys`,
    headers: { authorization: `Bearer ${seeded.adminKey}` },
    bodies: cycling([JSON.stringify({ name: 'bench', roles: ['ingest'] })]),
    connections: CONNECTIONS,
    seconds: P.seconds,
  };
}

/**
 * A fresh server whose cache may hold everything for an hour: its RSS once started and
 * before any request (`idle`), then once every stored key has been verified once (`full`:
 * a full cache with all keys stored).
 */
async function fullCacheRss(databaseUrl: string, seeded: Seeded): Promise<{ idle: number; full: number }> {
  const s = await startServer(KEYWARD, ['serve'], {
    ...SERVER_ENV,
    KEYWARD_DATABASE_URL: databaseUrl,
    KEYWARD_CACHE_TTL_MS: '3600000',
    KEYWARD_CACHE_SIZE: String(Math.max(P.keys, 1_000_000)),
  });
  try {
    // Start-up's garbage collected by now or never: a second for the heap to settle.
    await new Promise((r) => setTimeout(r, 1000));
    const idle = round(s.rssMb(), 1);
    let i = 0;
    await autocannon({
      url: s.url,
      connections: CONNECTIONS,
      amount: seeded.keys.length,
      requests: [
        {
          method: 'POST',
          path: '/v1/keys/verify',
          headers: { authorization: `Bearer ${seeded.adminKey}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ key: seeded.keys[i++ % seeded.keys.length] }) }),
        },
      ],
    });
    return { idle, full: round(s.rssMb(), 1) };
  } finally {
    await s.stop();
  }
}

function propagation(databaseUrl: string, seeded: Seeded, extraEnv: Record<string, string> = {}): Promise<Propagation> {
  return measurePropagation({
    databaseUrl,
    adminKey: seeded.adminKey,
    projectId: seeded.projectId,
    hotKeys: seeded.keys.slice(0, P.hot),
    revokes: P.revokes,
    env: { ...SERVER_ENV, ...extraEnv },
  });
}

function report(rows: readonly Row[], ceiling: LoadResult, raw: LoadResult, values: Record<string, number>): void {
  const head = ['measurement', 'req/s', 'p50 ms', 'p99 ms', 'ratio to (1)', 'ratio to raw'];
  const body = rows.map((r) => [
    r.name,
    String(Math.round(r.result.rps)),
    String(r.result.p50),
    String(r.result.p99),
    (r.result.rps / ceiling.rps).toFixed(2),
    (r.result.rps / (r.raw ?? raw).rps).toFixed(2),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ''];
  for (const [k, v] of Object.entries(values)) out.push(`${k}=${v}`);
  // Said again under the figures: this output is what gets pasted into an issue.
  if (QUICK) out.push('', QUICK_NOTICE);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await work();
  log(`${what}: ${((performance.now() - t) / 1000).toFixed(1)}s`);
  return r;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

main().catch((err: unknown) => {
  log(`error: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
