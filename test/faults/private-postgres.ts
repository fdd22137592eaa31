import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A PostgreSQL cluster of a test's own, to stop, start, freeze and thaw at will: the
 * shared server (KEYWARD_TEST_POSTGRES_URL) serves everyone else's tests and must never
 * be stopped. Debian's binaries, a temporary data directory, a free TCP port on
 * 127.0.0.1, the unix socket inside the directory, trust authentication, fsync off (the
 * cluster is thrown away; only the server processes are ever stopped, never the machine).
 *
 * As root (CI, this machine) the binaries run as the `postgres` user through `runuser`,
 * since PostgreSQL refuses to run as root; as any other user, as that user.
 */

const execFileAsync = promisify(execFile);

/** Debian's layout; `KEYWARD_TEST_PG_BIN` points elsewhere. */
const BIN_DIR = process.env['KEYWARD_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const binary = (name: string): string => join(BIN_DIR, name);

/** True when the binaries are there; tests skip without them unless CI is set (then they fail). */
export const privatePostgresAvailable = existsSync(binary('pg_ctl')) && existsSync(binary('initdb'));

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** `fast` (clients disconnected, clean shutdown) or `immediate` (like a crash: recovery at the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same data directory and port. */
  start(): Promise<void>;
  /** SIGSTOP every server process: connections stay open, nothing answers (a hung server, not a dead one). */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops it (immediately) and deletes its directory. */
  destroy(): Promise<void>;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary as the user that may run it. */
function run(name: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary(name), ...args]] : [binary(name), [...args]];
  return execFileAsync(file, argv, { timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Clusters still running when the test process exits are stopped (a failed test must not leak servers). */
const running = new Set<string>();
process.once('exit', () => {
  for (const data of running) {
    try {
      const [file, argv] = asRoot
        ? ['runuser', ['-u', 'postgres', '--', binary('pg_ctl'), 'stop', '-D', data, '-m', 'immediate']]
        : [binary('pg_ctl'), ['stop', '-D', data, '-m', 'immediate']];
      execFileSync(file, argv, { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // Already stopped.
    }
  }
});

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const options = [`-p ${port}`, `-k ${dir}`, `-c listen_addresses=127.0.0.1`, '-c fsync=off', '-c max_connections=50'].join(' ');

  const start = async (): Promise<void> => {
    await run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', options]);
    running.add(data);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    await run('pg_ctl', ['stop', '-D', data, '-w', '-t', '60', '-m', mode]);
    running.delete(data);
  };
  /** The postmaster and every child it forked (backends, checkpointer, WAL writer…). */
  const serverPids = async (): Promise<number[]> => {
    const postmaster = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const { stdout } = await execFileAsync('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
    return [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
  };
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    for (const pid of await serverPids()) {
      try {
        process.kill(pid, sig);
      } catch {
        // A backend that exited meanwhile.
      }
    }
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async destroy() {
      await signal('SIGCONT').catch(() => {});
      await stop('immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
