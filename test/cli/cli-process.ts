import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the CLI as a real process, the way a user does, through tsx so the tests need no
 * build step (and never race another suite's build of dist/). tsx maps the `.js` import
 * specifiers of the ESM sources onto their `.ts` files.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'src/cli/main.ts';
/** A hung CLI (or a server that ignores SIGTERM) must fail its test, not hang the run. */
const KILL_AFTER_MS = 25_000;

/**
 * Per-test timeout for CLI tests: each test starts one or more processes, and each start
 * (tsx compiling on the fly) takes seconds when the full suite loads every CPU.
 */
export const CLI_TEST_TIMEOUT = 90_000;

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The child's environment: the caller's settings only, so that a developer's own
 * KEYWARD_* variables (or the default ./keyward.db) never leak into a test.
 */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KEYWARD_')));
  return { ...base, KEYWARD_LOG_LEVEL: 'warn', ...env };
}

function spawnCli(args: readonly string[], env: Readonly<Record<string, string>>): ChildProcess {
  // cwd is the repo root: `--import tsx` resolves the package from there. The
  // `@keyward/source` condition points `@keyward/client` at its sources, so no build is needed either.
  return spawn(process.execPath, ['--conditions=@keyward/source', '--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { stdout: () => stdout, stderr: () => stderr };
}

function exited(child: ChildProcess, out: ReturnType<typeof collect>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out.stdout(), stderr: out.stderr() }));
  });
}

/** Kills the child if it has not exited `KILL_AFTER_MS` from now. */
function killIfHung(child: ChildProcess, done: Promise<CliResult>): void {
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  void done.finally(() => clearTimeout(timer));
}

/** Runs `keyward ...args` to completion; `input` is written to its stdin. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, input = ''): Promise<CliResult> {
  const child = spawnCli(args, env);
  const out = collect(child);
  const done = exited(child, out);
  killIfHung(child, done);
  child.stdin?.end(input);
  return done;
}

export interface ServeProcess {
  readonly url: string;
  /**
   * What it printed up to the "listening" line: stderr (where the first start's keys go),
   * then stdout (logs and the "listening" line itself).
   */
  readonly startupOutput: string;
  /** The same, per stream. */
  readonly startupStdout: string;
  readonly startupStderr: string;
  /** Sends SIGTERM and resolves when the process has exited. */
  stop(): Promise<CliResult>;
  /** Sends SIGKILL (no shutdown at all: a crash) and resolves when the process is gone. */
  kill(): Promise<CliResult>;
  /** Everything it has printed on stdout so far (the logs, after start-up too). */
  stdout(): string;
}

/**
 * Starts `keyward serve` on a free port and resolves once it prints the URL it listens on.
 * `startupMs`: how long it may take (several workers each compile the sources through tsx).
 */
export function startServe(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
  startupMs = KILL_AFTER_MS,
): Promise<ServeProcess> {
  const child = spawnCli(['serve', ...args], { HOST: '127.0.0.1', PORT: '0', ...env });
  const out = collect(child);
  const done = exited(child, out);
  // A server runs as long as its test needs it; only its start-up is bounded.
  const startup = setTimeout(() => child.kill('SIGKILL'), startupMs);
  child.stdin?.end();
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const url = /^Keyward listening on (http:\/\/\S+)$/m.exec(out.stdout())?.[1];
      if (!url) return;
      child.stdout?.off('data', onData);
      clearTimeout(startup);
      // The child wrote its stderr lines before this stdout line, so they were readable when
      // this one was; setImmediate runs after every read of this poll phase, stderr's too.
      setImmediate(() => resolveServe(url));
    };
    const resolveServe = (url: string): void =>
      resolve({
        url,
        startupOutput: out.stderr() + out.stdout(),
        startupStdout: out.stdout(),
        startupStderr: out.stderr(),
        stop: () => {
          child.kill('SIGTERM');
          killIfHung(child, done);
          return done;
        },
        kill: () => {
          child.kill('SIGKILL');
          return done;
        },
        stdout: out.stdout,
      });
    child.stdout?.on('data', onData);
    void done.then((r) => {
      clearTimeout(startup);
      reject(new Error(`serve exited (${r.code ?? r.signal}) before listening: ${r.stderr}`));
    });
  });
}
