import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cycling, load, median, type LoadResult, type LoadSpec } from './load.js';
import { pinSelf, REPO_ROOT, type Server } from './processes.js';
import { ensureWrk } from './wrk.js';

/**
 * Cached verification of this checkout against another one (an older commit, built), in
 * alternating 5 s runs on the same machine in the same minutes: whether a change made the hot
 * path slower, which two separate `npm run bench` runs on a shared machine cannot tell.
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
 *   node --import tsx bench/compare.ts /tmp/before [--rounds 6]
 *
 * Each side seeds a SQLite database of its own with its own seeder (the schemas may differ)
 * and runs its own `dist/cli/main.js serve`, both on the server core; wrk sends 1,000 hot
 * keys over 50 connections. Prints each round and the medians.
 */
interface Side {
  readonly name: string;
  readonly server: Server;
  readonly spec: LoadSpec;
  readonly file: string;
}

const KEYS = 20_000;
const HOT = 1_000;

async function start(name: string, root: string): Promise<Side> {
  // The other checkout's own harness: its seeder writes its schema, its startServer runs its dist/.
  const seed = (await import(join(root, 'bench/seed.ts'))) as typeof import('./seed.js');
  const processes = (await import(join(root, 'bench/processes.ts'))) as typeof import('./processes.js');
  const file = join(tmpdir(), `keyward-compare-${randomBytes(4).toString('hex')}.db`);
  const url = `sqlite:${file}`;
  const seeded = await seed.seedDatabase(url, KEYS);
  const server = await processes.startServer(processes.KEYWARD, ['serve'], { KEYWARD_LOG_LEVEL: 'info', KEYWARD_DATABASE_URL: url });
  const bodies = cycling(seeded.keys.slice(0, HOT).map((key) => JSON.stringify({ key })));
  const spec = {
    url: server.url,
    path: '/v1/keys/verify',
    headers: { authorization: `Bearer ${seeded.adminKey}` },
    bodies,
    connections: 50,
    seconds: 5,
    pid: server.pid,
  };
  return { name, server, spec, file };
}

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: node --import tsx bench/compare.ts <other checkout, built> [--rounds N]');
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 6;
  pinSelf();
  ensureWrk((line) => process.stderr.write(`compare: ${line}\n`));
  const before = await start(`other (${other})`, resolve(other));
  const after = await start('this checkout', REPO_ROOT);
  try {
    for (const side of [before, after]) await load({ ...side.spec, seconds: 2 });
    const results = new Map<Side, LoadResult[]>([
      [before, []],
      [after, []],
    ]);
    for (let i = 0; i < rounds; i++) {
      // Alternate who goes first, so neither always runs in the other's wake.
      const order = i % 2 === 0 ? [before, after] : [after, before];
      for (const side of order) results.get(side)!.push(await load(side.spec));
      const [b, a] = [results.get(before)!.at(-1)!, results.get(after)!.at(-1)!];
      process.stdout.write(
        `round ${i + 1}: other ${Math.round(b.rps)} req/s (${b.cpuUs.toFixed(1)} µs CPU a request), ` +
          `this ${Math.round(a.rps)} req/s (${a.cpuUs.toFixed(1)} µs), this ÷ other ${(a.rps / b.rps).toFixed(3)}\n`,
      );
    }
    const rps = (side: Side) => median(results.get(side)!.map((r) => r.rps));
    const p99 = (side: Side) => median(results.get(side)!.map((r) => r.p99));
    const cpu = (side: Side) => median(results.get(side)!.map((r) => r.cpuUs));
    process.stdout.write(
      `median: other ${Math.round(rps(before))} req/s (p99 ${p99(before)} ms), this ${Math.round(rps(after))} req/s (p99 ${p99(after)} ms)\n` +
        `ratio_verify_cached_this_vs_other=${(rps(after) / rps(before)).toFixed(3)}\n` +
        `cpu_us_per_request_other=${cpu(before).toFixed(1)}\ncpu_us_per_request_this=${cpu(after).toFixed(1)}\n`,
    );
  } finally {
    for (const side of [before, after]) {
      await side.server.stop();
      await Promise.all(['', '-wal', '-shm'].map((x) => rm(side.file + x, { force: true })));
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`compare: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
