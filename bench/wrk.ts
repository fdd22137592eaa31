import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * wrk (C, epoll), the load generator of every throughput figure. autocannon runs in Node
 * and tops out near 12,000 requests a second on one core of this machine, about what a
 * bare Fastify route serves: measured with it, the ceiling was the load generator's, not
 * the server's. wrk needs a fraction of a core for the same load, so each figure is the
 * server's. Bodies come from a file, one per line, sent in turn (a Lua script), so every
 * request can carry a different key.
 */

export interface WrkSpec {
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Request bodies, sent in turn, each once before any repeats. */
  readonly bodies: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

export interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx answers, connection errors and timeouts. */
  readonly failures: number;
}

const SCRIPT = `
local bodies = {}
local i = 0
local headers = {}
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  for line in io.lines(args[2]) do
    local name, value = line:match("^([^:]+): (.*)$")
    headers[name] = value
  end
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"p50":%d,"p99":%d,"failures":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;

/** Installs wrk from Debian's packages when it is missing (the benchmark needs it; CI runs as root). */
export function ensureWrk(log: (line: string) => void): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  log('wrk is missing: installing it from apt');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'wrk'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install wrk (Debian package "wrk") and run again`);
  }
}

/** One wrk run (one thread, on the cores this process may use: the load core when pinned). */
export async function wrk(spec: WrkSpec): Promise<WrkResult> {
  const files = wrkFiles(spec);
  try {
    const out = await run('wrk', files.args(spec.seconds)).done;
    const line = /WRK (\{.*\})/.exec(out)?.[1];
    if (!line) throw new Error(`wrk printed no result: ${out.slice(-500)}`);
    const r = JSON.parse(line) as { requests: number; us: number; p50: number; p99: number; failures: number };
    return { requests: r.requests, rps: r.requests / (r.us / 1e6), p50: r.p50 / 1000, p99: r.p99 / 1000, failures: r.failures };
  } finally {
    files.remove();
  }
}

/**
 * wrk as background load until `stop` (the revoke-propagation scenario keeps one server
 * busy meanwhile). A process of its own, so the load costs the harness's event loop
 * nothing: the harness times its own requests, which must not queue behind the load's.
 */
export function wrkInBackground(spec: Omit<WrkSpec, 'seconds'>): { stop(): Promise<void> } {
  const files = wrkFiles(spec);
  const child = run('wrk', files.args(3600));
  return {
    async stop() {
      child.kill();
      await child.done.catch(() => {});
      files.remove();
    },
  };
}

/** The Lua script, bodies and headers of a run, in a temporary folder, and wrk's arguments for them. */
function wrkFiles(spec: Omit<WrkSpec, 'seconds'>): { args(seconds: number): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-wrk-'));
  const script = join(dir, 'bodies.lua');
  const bodies = join(dir, 'bodies.txt');
  const headers = join(dir, 'headers.txt');
  writeFileSync(script, SCRIPT);
  writeFileSync(bodies, `${spec.bodies.join('\n')}\n`);
  writeFileSync(
    headers,
    `${Object.entries({ 'content-type': 'application/json', ...spec.headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n`,
  );
  return {
    args: (seconds) => [
      '-t1',
      `-c${spec.connections}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      spec.url + spec.path,
      '--',
      bodies,
      headers,
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function run(command: string, args: readonly string[]): { done: Promise<string>; kill(): void } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${out.slice(-500)}`))));
  });
  return { done, kill: () => child.kill() };
}
