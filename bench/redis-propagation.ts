import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { median, percentile } from './load.js';
import { pinSelf } from './processes.js';
import { measurePropagation, type Propagation } from './propagation.js';
import { seedDatabase } from './seed.js';

/**
 * Revoke propagation through Redis pub/sub: the servers run with KEYWARD_REDIS_URL and
 * KEYWARD_CACHE_SIGNALS=redis (the database's own signals off), on a prefix of their own,
 * so the delay measured is Redis's path alone. `run.ts` calls it in its PostgreSQL
 * section; `npx tsx bench/redis-propagation.ts [--revokes N]` runs only this scenario
 * (and, for comparison, the same revokes through PostgreSQL's LISTEN/NOTIFY).
 */
export const REDIS_URL = process.env['KEYWARD_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function redisSignalsEnv(redisUrl: string = REDIS_URL): Record<string, string> {
  return {
    KEYWARD_REDIS_URL: redisUrl,
    KEYWARD_REDIS_PREFIX: `kwbench:${randomBytes(4).toString('hex')}`,
    KEYWARD_CACHE_SIGNALS: 'redis',
  };
}

/** The `name=value` lines for one propagation run; `suffix` names the path (`_redis`). */
export function propagationValues(p: Propagation, suffix: string): Record<string, number> {
  return {
    [`revoke_propagation_p50_ms${suffix}`]: Number(median(p.delaysMs).toFixed(1)),
    [`revoke_propagation_p99_ms${suffix}`]: Number(percentile(p.delaysMs, 99).toFixed(1)),
    [`valid_after_refusal${suffix}`]: p.validAfterRefusal,
  };
}

async function main(): Promise<void> {
  pinSelf();
  const i = process.argv.indexOf('--revokes');
  const revokes = i >= 0 ? Number(process.argv[i + 1]) : 100;
  const postgresUrl = process.env['KEYWARD_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `kw_bench_${randomBytes(4).toString('hex')}`;
  const dbUrl = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`;
  try {
    const seeded = await seedDatabase(dbUrl, 2000);
    const spec = {
      databaseUrl: dbUrl,
      adminKey: seeded.adminKey,
      projectId: seeded.projectId,
      hotKeys: seeded.keys.slice(0, 100),
      revokes,
    };
    const env = { KEYWARD_LOG_LEVEL: 'info' };
    const viaRedis = await measurePropagation({ ...spec, env: { ...env, ...redisSignalsEnv() } });
    const viaPostgres = await measurePropagation({ ...spec, env });
    const values = { ...propagationValues(viaRedis, '_redis'), ...propagationValues(viaPostgres, '') };
    process.stdout.write(
      `${Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    if (viaRedis.validAfterRefusal + viaPostgres.validAfterRefusal > 0) process.exitCode = 1;
  } finally {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
