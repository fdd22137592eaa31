import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cycling, measure, type LoadSpec } from './load.js';
import { CORES, KEYWARD, LOAD_CORE, SERVER_CORE, startServer, type Server } from './processes.js';
import { seedDatabase, type Seeded } from './seed.js';

/**
 * Issue 14 §5–6 on a SQLite database of its own (a few thousand keys: only the hot ones are
 * sent): `POST /v1/keys/verify/batch` with 100 cached keys per request
 * (`batch_verify_keys_per_s`, keys, not requests), and cached single verification served by
 * `serve --workers 2` against `--workers 1` (`ratio_verify_cached_2_workers_vs_1`).
 */
export interface BatchBenchOptions {
  readonly seconds: number;
  readonly repeats: number;
  readonly warmUp: number;
  readonly connections: number;
  /** The servers' environment (log level). */
  readonly env: Record<string, string>;
  readonly log: (line: string) => void;
}

const BATCH_ITEMS = 100;
const SEEDED_KEYS = 2_000;

export async function benchBatchAndWorkers(o: BatchBenchOptions): Promise<Record<string, number>> {
  const file = join(tmpdir(), `keyward-bench-batch-${randomBytes(4).toString('hex')}.db`);
  const databaseUrl = `sqlite:${file}`;
  const values: Record<string, number> = {};
  try {
    const seeded = await seedDatabase(databaseUrl, SEEDED_KEYS);
    const hot = seeded.keys.slice(0, BATCH_ITEMS);
    const batchBody = JSON.stringify({ items: hot.map((key) => ({ key })) });
    const singles = cycling(hot.map((key) => JSON.stringify({ key })));

    const one = await startServer(KEYWARD, ['serve'], { ...o.env, KEYWARD_DATABASE_URL: databaseUrl, KEYWARD_WORKERS: '1' });
    try {
      const batch = await measure(spec(o, one, seeded, '/v1/keys/verify/batch', cycling([batchBody])), o.repeats, o.warmUp);
      values['batch_verify_keys_per_s'] = Math.round(batch.rps * BATCH_ITEMS);
      values['p99_ms_batch_verify'] = batch.p99;
      failed(o, 'batch verify', batch.failures);
      const single = await measure(spec(o, one, seeded, '/v1/keys/verify', singles), o.repeats, o.warmUp);
      failed(o, 'verify, 1 worker', single.failures);
      values['verify_cached_per_s_1_worker'] = Math.round(single.rps);

      // Every core but the load generator's: on two cores, the same one core as the single process.
      const cpus = CORES > 2 ? `${SERVER_CORE}-${LOAD_CORE - 1}` : String(SERVER_CORE);
      await one.stop();
      const two = await startServer(KEYWARD, ['serve'], { ...o.env, KEYWARD_DATABASE_URL: databaseUrl, KEYWARD_WORKERS: '2' }, cpus);
      try {
        const both = await measure(spec(o, two, seeded, '/v1/keys/verify', singles), o.repeats, o.warmUp);
        failed(o, 'verify, 2 workers', both.failures);
        values['verify_cached_per_s_2_workers'] = Math.round(both.rps);
        values['ratio_verify_cached_2_workers_vs_1'] = Number((both.rps / single.rps).toFixed(3));
      } finally {
        await two.stop();
      }
      o.log(
        CORES > 2
          ? `ratio_verify_cached_2_workers_vs_1: workers on cores ${cpus}, load generator on core ${LOAD_CORE}`
          : 'ratio_verify_cached_2_workers_vs_1 is informational here: with the load generator on one of two cores, both workers share the other one',
      );
    } finally {
      await one.stop();
    }
  } finally {
    await Promise.all(['', '-wal', '-shm'].map((x) => rm(file + x, { force: true })));
  }
  return values;
}

function spec(o: BatchBenchOptions, server: Server, seeded: Seeded, path: string, bodies: LoadSpec['bodies']): LoadSpec {
  return {
    url: server.url,
    path,
    headers: { authorization: `Bearer ${seeded.adminKey}` },
    bodies,
    connections: o.connections,
    seconds: o.seconds,
  };
}

function failed(o: BatchBenchOptions, what: string, failures: number): void {
  if (failures === 0) return;
  o.log(`FAILED: ${what}: ${failures} failed requests`);
  process.exitCode = 1;
}
