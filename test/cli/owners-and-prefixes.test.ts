import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type CliResult, type ServeProcess } from './cli-process.js';

/**
 * Owners, per-owner caps, owner-scoped rate limits and project key prefixes through the
 * CLI, against a real `keyward serve`. The tests build on each other's state, in file order.
 */
const engine = ENGINES[0]!;

let db: FreshDatabase;
let server: ServeProcess;
let adminKey: string;

const kw = (args: readonly string[], input = ''): Promise<CliResult> =>
  runCli(args, { KEYWARD_URL: server.url, KEYWARD_API_KEY: adminKey }, input);

async function kwJson<T = Record<string, any>>(args: readonly string[]): Promise<T> {
  const result = await kw([...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  db = freshDatabaseUrl(engine);
  server = await startServe({ KEYWARD_DATABASE_URL: db.url });
  adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
}, CLI_TEST_TIMEOUT);

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`owners and prefixes from the CLI (${engine.name})`, { timeout: CLI_TEST_TIMEOUT }, () => {
  let projectId: string;
  let keyId: string;

  it('projects create --key-prefix --max-keys-per-owner sets both, and the view shows them', async () => {
    const { code, stdout } = await kw(['projects', 'create', '--name', 'branded', '--key-prefix', 'acme', '--max-keys-per-owner', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^key_prefix +acme$/m);
    expect(stdout).toMatch(/^max_keys_per_owner +2$/m);
    projectId = /^id +(\S+)$/m.exec(stdout)?.[1] ?? '';
  });

  it('keys create --owner mints an owned key under the prefix, with an owner-scoped limit', async () => {
    const { code, stdout } = await kw([
      'keys',
      'create',
      '--project',
      projectId,
      '--name',
      'a',
      '--owner',
      'cus_1',
      '--rate-limit',
      '10/60000/owner',
    ]);
    expect(code).toBe(0);
    expect(/^Key: (\S+)$/m.exec(stdout)?.[1]).toMatch(/^acme_\w{43}_\w{6}$/);
    expect(stdout).toMatch(/^owner_id +cus_1$/m);
    expect(stdout).toMatch(/^rate_limit +10 per 60000 ms, shared by the owner$/m);
    keyId = /^id +(\S+)$/m.exec(stdout)?.[1] ?? '';
    const verified = await kw(['keys', 'verify', '-'], /^Key: (\S+)$/m.exec(stdout)?.[1] ?? '');
    expect(verified.stdout).toMatch(/^owner_id +cus_1$/m);
  });

  it('the cap refuses a third key for one owner, exit 1 with the 409', async () => {
    await kwJson(['keys', 'create', '--project', projectId, '--name', 'b', '--owner', 'cus_1']);
    const refused = await kw(['keys', 'create', '--project', projectId, '--name', 'c', '--owner', 'cus_1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('max_keys_per_owner is 2');
  });

  it('keys list --owner lists only that owner’s keys; keys update --owner moves and "" clears', async () => {
    await kwJson(['keys', 'create', '--project', projectId, '--name', 'other', '--owner', 'cus_2']);
    const listed = await kwJson<{ data: Array<{ owner_id: string }> }>(['keys', 'list', '--project', projectId, '--owner', 'cus_1']);
    expect(listed.data.map((k) => k.owner_id)).toEqual(['cus_1', 'cus_1']);
    expect(await kwJson(['keys', 'update', keyId, '--owner', 'cus_3'])).toMatchObject({ owner_id: 'cus_3' });
    expect(await kwJson(['keys', 'update', keyId, '--owner', ''])).toMatchObject({ owner_id: null });
    expect((await kw(['keys', 'list', '--org-key', '--owner', 'x'])).code).toBe(2);
  });

  it('projects update changes the prefix for new keys and lifts the cap with "none"', async () => {
    expect(await kwJson(['projects', 'update', projectId, '--key-prefix', 'globex', '--max-keys-per-owner', 'none'])).toMatchObject({
      key_prefix: 'globex',
      max_keys_per_owner: null,
    });
    const minted = await kwJson(['keys', 'create', '--project', projectId, '--name', 'd', '--owner', 'cus_1']);
    expect(minted['key']).toMatch(/^globex_/);
    expect(await kwJson(['projects', 'update', projectId, '--key-prefix', ''])).toMatchObject({ key_prefix: null });
  });

  it('refuses bad values: a reserved prefix from the server (exit 1), a bad cap or scope locally (exit 2)', async () => {
    const reserved = await kw(['projects', 'update', projectId, '--key-prefix', 'kwx']);
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toContain('key_prefix');
    expect((await kw(['projects', 'update', projectId, '--max-keys-per-owner', '0'])).code).toBe(2);
    expect((await kw(['keys', 'update', keyId, '--rate-limit', '10/60000/team'])).code).toBe(2);
  });
});
