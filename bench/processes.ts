import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Cores on this machine (all of them, not just those this process may use: `nproc` would
 * say 1 once pinned). The server gets the first, the load generator (this process) the last.
 */
export const CORES = Math.max(1, cpus().length);
export const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0;
export const SERVER_CORE = 0;
export const LOAD_CORE = CORES - 1;

export interface Server {
  readonly url: string;
  readonly pid: number;
  /** Resident set size now, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Keyward as shipped: what `npm start` runs, built by `npm run bench` first. */
export const KEYWARD = 'dist/cli/main.js';

/**
 * Starts a server (Keyward, or the bare route) pinned to the server core, with `env` only
 * (no KEYWARD_* of the caller), and resolves when it prints its URL. A `.ts` script runs
 * through tsx. `cpus`: a taskset CPU list to pin it to instead of the server core (several workers).
 */
export function startServer(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  cpus = String(SERVER_CORE),
): Promise<Server> {
  const node = [process.execPath, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, ...args];
  const command = HAS_TASKSET && CORES > 1 ? ['taskset', '-c', cpus, ...node] : node;
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEYWARD_')));
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    env: { ...base, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    const onData = (d: string): void => {
      out += d;
      const url = /Keyward listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      // Keep draining stdout (request logs at info) so the server never blocks on a full pipe.
      out = '';
      child.stdout?.off('data', onData);
      child.stdout?.on('data', () => {});
      resolve(wrap(child, url));
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}) before listening: ${err}`)));
  });
}

function wrap(child: ChildProcess, url: string): Server {
  const pid = child.pid!;
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    url,
    pid,
    rssMb() {
      // The node process is taskset's child when pinned (taskset execs, so the pid is the same).
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU seconds (user + system, every thread) that process `pid` has used so far, from /proc. */
export function cpuSecondsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** Re-runs this script pinned to the load core, unless it already is (or cannot be). */
export function pinSelf(): boolean {
  if (!HAS_TASKSET || CORES < 2 || process.env['KEYWARD_BENCH_PINNED']) return false;
  const r = spawnSync('taskset', ['-c', String(LOAD_CORE), process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, KEYWARD_BENCH_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}
