import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli } from './cli-process.js';

/**
 * Every bad invocation is refused before any request: one line on stderr, nothing on
 * stdout, exit 2. KEYWARD_URL points at a port nothing listens on, so a command that got
 * as far as calling the server would fail with exit 1 instead and the test would catch it.
 */
const env = { KEYWARD_URL: '', KEYWARD_API_KEY: 'kw_org_not_a_real_key' };

/** A port that was free a moment ago: nothing answers there. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

beforeAll(async () => {
  env.KEYWARD_URL = `http://127.0.0.1:${await unusedPort()}`;
});
const PROJECT = '00000000-0000-4000-8000-000000000000';

const CASES: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
  ['no command', [], /missing command/],
  ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
  ['a group without a subcommand', ['keys'], /missing subcommand for "keyward keys": one of create, list/],
  ['an unknown subcommand', ['projects', 'rename'], /unknown subcommand "rename"/],
  ['an unknown flag', ['keys', 'list', '--org', '--bogus'], /unknown flag --bogus/],
  ['a flag without its value', ['projects', 'create', '--name'], /flag --name needs a value/],
  ['a value given to a boolean flag', ['keys', 'list', '--org=yes'], /flag --org takes no value/],
  ['a missing required flag', ['keys', 'create', '--project', PROJECT], /missing required flag --name/],
  ['a missing argument', ['keys', 'get'], /missing KEY_ID/],
  ['an extra argument', ['projects', 'get', PROJECT, 'extra'], /unexpected argument "extra"/],
  ['neither --project nor --org-key', ['keys', 'create', '--name', 'k'], /exactly one of --project PROJECT_ID and --org-key/],
  ['a limit that is not a number', ['projects', 'list', '--limit', 'ten'], /--limit must be an integer/],
  [
    'a malformed rate limit',
    ['keys', 'create', '--name', 'k', '--project', PROJECT, '--rate-limit', 'fast'],
    /--rate-limit must be LIMIT\/WINDOW_MS/,
  ],
  [
    'metadata that is not an object',
    ['keys', 'create', '--name', 'k', '--project', PROJECT, '--metadata', '[1]'],
    /--metadata must be a JSON object/,
  ],
  ['an expiry that is not a time', ['keys', 'update', PROJECT, '--expires-at', 'soon'], /--expires-at must be an ISO 8601 time/],
  ['both --enable and --disable', ['keys', 'update', PROJECT, '--enable', '--disable'], /--enable or --disable, not both/],
  ['an update with nothing to change', ['projects', 'update', PROJECT], /nothing to update/],
  ['a negative grace period', ['keys', 'roll', PROJECT, '--grace', '-5'], /flag --grace needs a value|--grace must be/],
];

describe('bad arguments', { timeout: CLI_TEST_TIMEOUT }, () => {
  it.each(CASES)('%s: one line on stderr, exit 2', async (_what, args, message) => {
    const { code, stdout, stderr } = await runCli(args, env);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: [^\n]+\n$/);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it('a remote command without KEYWARD_API_KEY exits 2', async () => {
    const { code, stderr } = await runCli(['whoami'], { KEYWARD_URL: env.KEYWARD_URL });
    expect(stderr).toMatch(/^error: KEYWARD_API_KEY is not set[^\n]*\n$/);
    expect(code).toBe(2);
  });

  it('a bad server setting exits 2 naming the variable', async () => {
    const { code, stderr } = await runCli(['migrate'], { KEYWARD_DATABASE_URL: 'mysql://localhost/keyward' });
    expect(stderr).toMatch(/^error: invalid KEYWARD_DATABASE_URL[^\n]*\n$/);
    expect(code).toBe(2);
  });

  it('init with an org name the core refuses exits 2 naming --org', async () => {
    const db = freshDatabaseUrl(ENGINES[0]!);
    try {
      const { code, stdout, stderr } = await runCli(['init', '--org', 'x'.repeat(121)], { KEYWARD_DATABASE_URL: db.url });
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: --org: [^\n]+\n$/);
      expect(code).toBe(2);
    } finally {
      await db.cleanup();
    }
  });

  it('an unreachable server is a failure (exit 1), not a usage error', async () => {
    const { code, stderr } = await runCli(['whoami'], env);
    expect(stderr).toBe(`error: cannot reach ${env.KEYWARD_URL}: ECONNREFUSED\n`);
    expect(code).toBe(1);
  });

  it('with --json, a bad argument is a JSON error on stderr, still exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['keys', 'create', '--json', '--project', PROJECT], env);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'USAGE', message: 'missing required flag --name for "keyward keys create"' } });
    expect(stderr.endsWith('}\n')).toBe(true);
    expect(code).toBe(2);
  });

  it('with --json, an unreachable server is a JSON error on stderr, still exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['whoami', '--json'], env);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'UNREACHABLE', message: `cannot reach ${env.KEYWARD_URL}: ECONNREFUSED` } });
    expect(code).toBe(1);
  });
});
