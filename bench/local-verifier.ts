import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './load.js';
import { KEYWARD, REPO_ROOT, startServer } from './processes.js';
import { seedDatabase } from './seed.js';

/**
 * The local verifier (packages/client/src/local, issue 15): a server on SQLite with `keys`
 * seeded keys, and a replica in a child process of its own (so its RSS is its own):
 *
 * - `local_snapshot_load_ms_<n>_keys`: startLocalVerifier until it holds the snapshot.
 * - `local_rss_mb_<n>_keys`: the replica's RSS after a GC, above the same child's before it started.
 * - `verify_local_per_s`: sequential `await verify()` of `hot` keys on one core (cached digests).
 * - `revoke_propagation_p50/p99_ms_local`: DELETE acknowledged → the replica refuses the key.
 */
export async function measureLocalVerifier(p: {
  keys: number;
  hot: number;
  revokes: number;
  seconds: number;
}): Promise<Record<string, number>> {
  const file = join(tmpdir(), `keyward-bench-local-${randomBytes(4).toString('hex')}.db`);
  const url = `sqlite:${file}`;
  try {
    const seeded = await seedDatabase(url, p.keys);
    const s = await startServer(KEYWARD, ['serve'], { KEYWARD_DATABASE_URL: url, KEYWARD_LOG_LEVEL: 'warn' });
    try {
      const r = await child(
        [s.url, seeded.adminKey, String(p.hot), String(p.revokes), String(p.seconds)],
        seeded.keys.slice(0, Math.max(p.hot, p.revokes * 2)),
      );
      const label = p.keys % 1000 === 0 ? `${p.keys / 1000}k` : String(p.keys);
      return {
        verify_local_per_s: Math.round(r.verifyPerS),
        revoke_propagation_p50_ms_local: round(percentile(r.delaysMs, 50)),
        revoke_propagation_p99_ms_local: round(percentile(r.delaysMs, 99)),
        [`local_rss_mb_${label}_keys`]: round(r.rssAboveMb),
        [`local_snapshot_load_ms_${label}_keys`]: Math.round(r.loadMs),
      };
    } finally {
      await s.stop();
    }
  } finally {
    await Promise.all(['', '-wal', '-shm'].map((x) => rm(file + x, { force: true })));
  }
}

interface ChildResult {
  loadMs: number;
  rssAboveMb: number;
  verifyPerS: number;
  delaysMs: number[];
}

const round = (n: number): number => Number(n.toFixed(1));

/** Runs this file as the replica process; the keys go through stdin. */
function child(args: string[], keys: readonly string[]): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, 'replica', ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  proc.stdin.end(keys.join('\n'));
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`local verifier bench exited ${code}`)),
    ),
  );
}

async function replica(baseUrl: string, adminKey: string, hot: number, revokes: number, seconds: number): Promise<void> {
  const { startLocalVerifier } = await import('../packages/client/src/local/index.js');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const keys = Buffer.concat(chunks).toString('utf8').split('\n');
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const transport = {
    baseUrl,
    apiKey: adminKey,
    fetch: globalThis.fetch,
    remoteVerify: async (body: object) =>
      (await fetch(`${baseUrl}/v1/keys/verify`, { method: 'POST', headers, body: JSON.stringify(body) })).json(),
  };
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const before = process.memoryUsage.rss();
  const t0 = performance.now();
  const v = await startLocalVerifier(transport as never);
  const loadMs = performance.now() - t0;
  gc();
  const rssAboveMb = (process.memoryUsage.rss() - before) / 1024 / 1024;

  const hotKeys = keys.slice(0, hot);
  for (const k of hotKeys) await v.verify(k); // digests computed once
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) await v.verify(hotKeys[(n + i) % hotKeys.length]!);
    n += 1000;
  }
  const verifyPerS = n / ((performance.now() - started) / 1000);

  const delaysMs: number[] = [];
  for (let i = 0; i < revokes; i++) {
    const key = keys[hot + i] ?? keys[i]!;
    const found = (await transport.remoteVerify({ key })) as { key_id: string };
    const res = await fetch(`${baseUrl}/v1/keys/${found.key_id}`, { method: 'DELETE', headers: { authorization: headers.authorization } });
    if (res.status >= 300) throw new Error(`revoke answered ${res.status}`);
    const acknowledged = performance.now();
    while ((await v.verify(key)).code === 'VALID') await new Promise((r) => setImmediate(r));
    delaysMs.push(performance.now() - acknowledged);
  }
  await v.close();
  process.stdout.write(JSON.stringify({ loadMs, rssAboveMb, verifyPerS, delaysMs } satisfies ChildResult));
}

if (process.argv[2] === 'replica') {
  const [baseUrl, adminKey, hot, revokes, seconds] = process.argv.slice(3);
  replica(baseUrl!, adminKey!, Number(hot), Number(revokes), Number(seconds)).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
