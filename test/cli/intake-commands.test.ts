import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type CliResult, type ServeProcess } from './cli-process.js';

/** `keyward keys import FILE` and `keyward keys leaked -` against a real `keyward serve` (issue 16). */
const engine = ENGINES[0]!;

let db: FreshDatabase;
let server: ServeProcess;
let adminKey: string;
let dir: string;

const kw = (args: readonly string[], input = ''): Promise<CliResult> =>
  runCli(args, { KEYWARD_URL: server.url, KEYWARD_API_KEY: adminKey }, input);

beforeAll(async () => {
  db = freshDatabaseUrl(engine);
  dir = mkdtempSync(join(tmpdir(), 'keyward-intake-'));
  server = await startServe({ KEYWARD_DATABASE_URL: db.url });
  adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
}, CLI_TEST_TIMEOUT);

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe(`keys import and keys leaked (${engine.name})`, { timeout: CLI_TEST_TIMEOUT }, () => {
  it('imports a JSON file per item, the raw key never printed, then reports it leaked from stdin', async () => {
    const created = await kw(['projects', 'create', '--name', 'migrated', '--json']);
    const projectId = String(JSON.parse(created.stdout)['id']);
    const raw = `sk_live_${randomBytes(24).toString('base64url')}`;
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ keys: [{ name: 'from the old system', key: raw, owner_id: 'cus_9' }, { name: 'no secret' }] }));

    const imported = await kw(['keys', 'import', file, '--project', projectId]);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(/^#0 {2}imported {2}[0-9a-f-]{36}$/m);
    expect(imported.stdout).toMatch(/^#1 {2}VALIDATION {2}key: /m);
    expect(imported.stdout).toMatch(/^1 imported, 1 refused$/m);
    expect(imported.stdout + imported.stderr).not.toContain(raw);

    const again = await kw(['keys', 'import', file, '--project', projectId, '--json']);
    expect(JSON.parse(again.stdout)['data'][0]).toMatchObject({ index: 0, error: { code: 'CONFLICT' } });

    const verified = await kw(['keys', 'verify', '-'], raw);
    expect(verified.code).toBe(0);

    const leaked = await kw(['keys', 'leaked', '-'], `${raw}\n\nkw_proj_nothing\n`);
    expect(leaked.code).toBe(1);
    expect(leaked.stdout).toMatch(/^line 1 {2}true_positive$/m);
    expect(leaked.stdout).toMatch(/^line 2 {2}false_positive$/m);
    expect(leaked.stdout).not.toContain(raw);
    expect((await kw(['keys', 'verify', '-'], raw)).code).toBe(1);
  });

  it('refuses a file that is not JSON and a key given on the command line, with usage errors', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'not json');
    const notJson = await kw(['keys', 'import', bad, '--project', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not valid JSON');
    const argKey = await kw(['keys', 'leaked', 'kw_proj_something']);
    expect(argKey.code).toBe(2);
  });
});
