import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlockUnder, readReadme } from './readme-blocks.js';

/**
 * The README's walkthroughs, pasted into bash as a newcomer would: against a fresh server on
 * a fresh SQLite file, with only ADMIN taken from what the first start printed (and KW, since
 * the server listens on a free port rather than 8080). Each step prints what it claims, and
 * the test reads those lines, so a walkthrough that stops working fails here.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'src/cli/main.ts';
const TIMEOUT_MS = 180_000;
/** A hung server start or shell must fail the test, not hang the run. */
const KILL_AFTER_MS = 120_000;

const missing = ['bash', 'curl', 'jq'].filter((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0) console.log(`skipping the README walkthrough test: ${missing.join(' and ')} not installed`);

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without the developer's own KEYWARD_* settings (or their ./keyward.db). */
function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KEYWARD_')));
  return { ...base, ...extra };
}

function finished(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Server {
  readonly url: string;
  readonly adminKey: string;
  stop(): Promise<RunResult>;
}

/**
 * `keyward serve` on a free port, as a real process (through tsx, so no build is needed).
 * The first start prints the keys; they are read from whichever stream carries them.
 */
function startServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
    cwd: REPO_ROOT,
    env: cleanEnv({ KEYWARD_DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', KEYWARD_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const done = finished(child);
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /Keyward listening on (http:\/\/\S+)/.exec(output)?.[1];
      const adminKey = /^Admin key: (kw_org_\S+)$/m.exec(output)?.[1];
      if (!url || !adminKey) return;
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      resolve({
        url,
        adminKey,
        stop: () => {
          child.kill('SIGTERM');
          return done;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void done.then((r) => reject(new Error(`serve exited (${r.code}) before listening: ${r.stderr}`)));
  });
}

/**
 * Runs a README block in bash, strict so that a failing command fails the run. `npx keyward`
 * runs the CLI from the sources (what `npx keyward` runs from a built install).
 */
function runBlock(block: string, env: Readonly<Record<string, string>>): Promise<RunResult> {
  const npxShim = `npx() { [ "$1" = keyward ] && shift; "${process.execPath}" --import tsx "${MAIN}" "$@"; }\n`;
  const child = spawn('bash', ['-c', `set -euo pipefail\n${npxShim}${block}`], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return finished(child);
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe.skipIf(missing.length > 0)('the README walkthroughs, pasted into bash', { timeout: TIMEOUT_MS }, () => {
  const readme = readReadme();
  const databaseFile = join(tmpdir(), `keyward-walkthrough-${randomBytes(6).toString('hex')}.db`);
  let server: Server;

  beforeAll(async () => {
    server = await startServer(`sqlite:${databaseFile}`);
  }, TIMEOUT_MS);

  afterAll(async () => {
    const stopped = await server?.stop();
    expect(stopped?.code).toBe(0);
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(databaseFile + suffix, { force: true })));
  });

  it("a key's life with curl: every step does what its comment says", async () => {
    const block = codeBlockUnder(readme, "A key's life, with curl");
    const { code, stdout, stderr } = await runBlock(block, { ADMIN: server.adminKey, KW: server.url });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const projectId = new RegExp(`^project (${UUID})$`).exec(lines[0] ?? '')?.[1];
    expect(projectId).toBeDefined();
    expect(lines[1]).toBe('verify: VALID');
    expect(lines[2]).toMatch(new RegExp(`^${UUID} ingest kw_proj_…\\w{4}$`));
    expect(lines[3]).toBe('after roll: old VALID, new VALID');
    expect(lines[4]).toBe('revoke: 200');
    expect(lines[5]).toBe('after revoke: old REVOKED, new VALID');
    const actions = lines.slice(6).map((line) => line.split(' ')[1]);
    expect(actions.slice(0, 6)).toEqual(['key.revoke', 'key.create', 'key.roll', 'key.create', 'key.create', 'project.create']);

    // The backend's key really holds keys:verify alone, and the project is stored.
    const headers = { authorization: `Bearer ${server.adminKey}` };
    const orgKeys = (await (await fetch(`${server.url}/v1/org/keys`, { headers })).json()) as { data: { name: string; roles: string[] }[] };
    expect(orgKeys.data.filter((k) => k.name === 'backend').map((k) => k.roles)).toEqual([['keys:verify']]);
    const project = await fetch(`${server.url}/v1/projects/${projectId}`, { headers });
    expect(project.status).toBe(200);
  });

  it('the CLI section runs after it in the same org without a 409', async () => {
    const block = codeBlockUnder(readme, 'The CLI');
    const { code, stdout, stderr } = await runBlock(block, { ADMIN: server.adminKey, KW: server.url });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^code\s+VALID$/m);
    expect(stdout).toMatch(/^Key: kw_proj_\w+$/m); // the roll's new secret, printed once
    expect(stdout).toMatch(/^status\s+revoked$/m);
    expect(stdout).toMatch(/^\S+\s+key\.revoke\s/m);
  });
});
