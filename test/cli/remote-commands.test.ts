import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type CliResult, type ServeProcess } from './cli-process.js';

/**
 * The remote commands end to end against a real `keyward serve`, in the order an admin
 * would use them. The tests share one server and build on each other's state, so they
 * run in file order (vitest's default within a file).
 */
const engine = ENGINES[0]!;

let db: FreshDatabase;
let server: ServeProcess;
let rootKey: string;
let adminKey: string;

/** Runs a remote command as the org admin (or with `apiKey`). */
const kw = (args: readonly string[], apiKey = adminKey, input = ''): Promise<CliResult> =>
  runCli(args, { KEYWARD_URL: server.url, KEYWARD_API_KEY: apiKey }, input);

/** Runs a command with --json, expects success, and returns the parsed output. */
async function kwJson<T = Record<string, unknown>>(args: readonly string[], apiKey = adminKey): Promise<T> {
  const result = await kw([...args, '--json'], apiKey);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

const printedKey = (stdout: string): string => /^Key: (\S+)$/m.exec(stdout)?.[1] ?? '';

beforeAll(async () => {
  db = freshDatabaseUrl(engine);
  server = await startServe({ KEYWARD_DATABASE_URL: db.url });
  rootKey = /^Root key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
  adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
}, CLI_TEST_TIMEOUT);

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`remote commands against keyward serve (${engine.name})`, { timeout: CLI_TEST_TIMEOUT }, () => {
  let projectId: string;
  let keyId: string;
  let rawKey: string;
  let rolledId: string;
  let rolledKey: string;

  it('whoami shows the admin key and its org', async () => {
    const { code, stdout } = await kw(['whoami']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^org_name +default$/m);
    expect(stdout).toMatch(/^roles +admin$/m);
  });

  it('projects create and list show the new project', async () => {
    const project = await kwJson(['projects', 'create', '--name', 'web', '--description', 'the web app']);
    expect(project).toMatchObject({ name: 'web', description: 'the web app' });
    projectId = String(project.id);

    const { code, stdout } = await kw(['projects', 'list']);
    expect(code).toBe(0);
    const [header, row] = stdout.split('\n');
    expect(header).toMatch(/^ID +NAME +DESCRIPTION +CREATED$/);
    expect(row).toMatch(new RegExp(`^${projectId} +web +the web app +\\d{4}-`));
  });

  it('keys create prints the raw key once, with a line saying it will not be shown again', async () => {
    const { code, stdout } = await kw([
      'keys',
      'create',
      '--project',
      projectId,
      '--name',
      'ingest',
      '--roles',
      'ingest,read',
      '--metadata',
      '{"team":"web"}',
      '--rate-limit',
      '100/60000',
      '--expires-at',
      '2099-01-01T00:00:00Z',
    ]);
    expect(code).toBe(0);
    rawKey = printedKey(stdout);
    expect(rawKey).toMatch(/^kw_proj_\w+$/);
    expect(stdout.split(rawKey)).toHaveLength(2);
    expect(stdout).toContain('This key will not be shown again');
    expect(stdout).toMatch(/^roles +ingest,read$/m);
    expect(stdout).toMatch(/^rate_limit +100 per 60000 ms$/m);
    keyId = /^id +(\S+)$/m.exec(stdout)?.[1] ?? '';
  });

  it('keys verify answers VALID for the new key, also when read from stdin', async () => {
    const { code, stdout } = await kw(['keys', 'verify', rawKey]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^code +VALID$/m);
    expect(stdout).toMatch(new RegExp(`^key_id +${keyId}$`, 'm'));

    const fromStdin = await kw(['keys', 'verify', '-', '--json'], adminKey, `${rawKey}\n`);
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ valid: true, code: 'VALID', project_id: projectId });
  });

  it('keys list and keys get show the preview, never the raw key', async () => {
    const list = await kw(['keys', 'list', '--project', projectId]);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(rawKey);
    expect(list.stdout).toMatch(new RegExp(`^${keyId} +ingest +kw_proj_…${rawKey.slice(-4)} +ingest,read +active `, 'm'));

    const listed = await kwJson<{ data: Array<Record<string, unknown>>; next_cursor: null }>(['keys', 'list', '--project', projectId]);
    expect(listed.data.map((k) => k.id)).toEqual([keyId]);
    expect(listed.data[0]).not.toHaveProperty('key');

    const get = await kw(['keys', 'get', keyId]);
    expect(get.code).toBe(0);
    expect(get.stdout).not.toContain(rawKey);
    expect(get.stdout).not.toContain('will not be shown again');
  });

  it('keys update --disable makes verify answer DISABLED with exit 1; --enable restores it', async () => {
    expect(await kwJson(['keys', 'update', keyId, '--disable'])).toMatchObject({ enabled: false });
    const disabled = await kw(['keys', 'verify', rawKey]);
    expect(disabled.code).toBe(1);
    expect(disabled.stdout).toMatch(/^code +DISABLED$/m);
    expect(await kwJson(['keys', 'update', keyId, '--enable', '--name', 'ingest-2'])).toMatchObject({ enabled: true, name: 'ingest-2' });
  });

  it('keys roll prints the new key once; the old key stops working at once', async () => {
    const { code, stdout } = await kw(['keys', 'roll', keyId]);
    expect(code).toBe(0);
    rolledKey = printedKey(stdout);
    expect(rolledKey).toMatch(/^kw_proj_\w+$/);
    expect(rolledKey).not.toBe(rawKey);
    expect(stdout).toContain('This key will not be shown again');
    rolledId = /^id +(\S+)$/m.exec(stdout)?.[1] ?? '';

    expect(await kwJson(['keys', 'verify', rolledKey])).toMatchObject({ valid: true, code: 'VALID' });
    const old = await kw(['keys', 'verify', rawKey, '--json']);
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout)).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('keys revoke revokes the rolled key', async () => {
    const { code, stdout } = await kw(['keys', 'revoke', rolledId]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^status +revoked$/m);
    expect(stdout).not.toContain(rolledKey);
    const verify = await kw(['keys', 'verify', rolledKey, '--json']);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('audit lists every step, newest first, and filters by action', async () => {
    const { code, stdout } = await kw(['audit']);
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^TIME +ACTION +ACTOR +TARGET +REQUEST +IP$/);
    const actions = rows.map((line) => line.split(/ +/)[1]);
    expect(actions[0]).toBe('key.revoke');
    for (const action of ['project.create', 'key.create', 'key.update', 'key.roll']) expect(actions).toContain(action);

    const rolls = await kwJson<{ data: Array<{ action: string; target: { id: string } }> }>(['audit', '--action', 'key.roll']);
    expect(rolls.data.map((e) => e.action)).toEqual(['key.roll']);
  });

  it('an API error prints CODE: message on one line and exits 1', async () => {
    const missing = await kw(['projects', 'get', '00000000-0000-4000-8000-000000000000']);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^error: NOT_FOUND: [^\n]+\n$/);
    expect(missing.code).toBe(1);

    const invalid = await kw(['projects', 'create', '--name', 'x'.repeat(121)]);
    expect(invalid.stderr).toMatch(/^error: VALIDATION: [^\n]+ \([\w.]*name\)\n$/);
    expect(invalid.code).toBe(1);
  });

  it("with --json, an API error is the API's error body on stderr, with the request id, exit 1", async () => {
    const invalid = await kw(['projects', 'create', '--name', 'x'.repeat(121), '--json']);
    expect(invalid.stdout).toBe('');
    const { error } = JSON.parse(invalid.stderr) as { error: Record<string, unknown> };
    expect(Object.keys(error).sort()).toEqual(['code', 'field', 'message', 'request_id']);
    expect(error).toMatchObject({ code: 'VALIDATION', field: expect.stringMatching(/name$/), request_id: expect.any(String) });
    expect(invalid.code).toBe(1);
  });

  it.each(['/v1', '/v1/', '/'])('accepts KEYWARD_URL ending in "%s"', async (tail) => {
    const { code, stdout, stderr } = await runCli(['whoami', '--json'], { KEYWARD_URL: server.url + tail, KEYWARD_API_KEY: adminKey });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ org_name: 'default' });
    expect(code).toBe(0);
  });

  it('lists page with --limit and --cursor', async () => {
    await kwJson(['projects', 'create', '--name', 'api']);
    const first = await kw(['projects', 'list', '--limit', '1']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[0-9a-f-]{36} +api /m);
    const cursor = /^More: --cursor (\S+)$/m.exec(first.stdout)?.[1];
    expect(cursor).toBeDefined();

    const second = await kwJson<{ data: Array<{ name: string }>; next_cursor: string | null }>([
      'projects',
      'list',
      '--limit',
      '1',
      '--cursor',
      cursor ?? '',
    ]);
    expect(second.data.map((p) => p.name)).toEqual(['web']);
  });

  it('an org key minted with --org-key lists under keys list --org and holds only its roles', async () => {
    const { code, stdout } = await kw(['keys', 'create', '--org-key', '--name', 'reader', '--roles', 'projects:read']);
    expect(code).toBe(0);
    const readerKey = printedKey(stdout);
    expect(readerKey).toMatch(/^kw_org_\w+$/);

    const orgKeys = await kwJson<{ data: Array<{ name: string }> }>(['keys', 'list', '--org-key']);
    expect(orgKeys.data.map((k) => k.name)).toContain('reader');
    // `--org`, the first spelling of `keys list`, still works (scripts use it).
    expect(await kwJson(['keys', 'list', '--org'])).toEqual(orgKeys);

    expect((await kw(['projects', 'list'], readerKey)).code).toBe(0);
    const forbidden = await kw(['projects', 'create', '--name', 'nope'], readerKey);
    expect(forbidden.stderr).toMatch(/^error: FORBIDDEN: [^\n]+\n$/);
    expect(forbidden.code).toBe(1);
  });

  it('orgs create, list, get and delete work with the root key', async () => {
    const created = await kw(['orgs', 'create', '--name', 'acme'], rootKey);
    expect(created.code).toBe(0);
    const acmeAdmin = printedKey(created.stdout);
    expect(acmeAdmin).toMatch(/^kw_org_\w+$/);
    expect(created.stdout).toContain('This key will not be shown again');
    const acmeId = /^id +(\S+)$/m.exec(created.stdout)?.[1] ?? '';

    const list = await kwJson<{ data: Array<{ id: string; name: string }> }>(['orgs', 'list'], rootKey);
    expect(list.data.map((o) => o.name)).toEqual(['acme', 'default']);
    expect(await kwJson(['orgs', 'get', acmeId], rootKey)).toMatchObject({ id: acmeId, name: 'acme' });

    expect(await kwJson(['orgs', 'delete', acmeId], rootKey)).toEqual({ id: acmeId, deleted: true });
    const afterDelete = await kw(['whoami'], acmeAdmin);
    expect(afterDelete.stderr).toMatch(/^error: UNAUTHORIZED: [^\n]+\n$/);
    expect(afterDelete.code).toBe(1);
  });
});
