import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type CliResult, type ServeProcess } from './cli-process.js';

/** Credits and IP allowlists through the CLI, against a real `keyward serve` (issue 13). */
const engine = ENGINES[0]!;

let db: FreshDatabase;
let server: ServeProcess;
let adminKey: string;

const kw = (args: readonly string[], input = ''): Promise<CliResult> =>
  runCli(args, { KEYWARD_URL: server.url, KEYWARD_API_KEY: adminKey }, input);

async function kwJson(args: readonly string[]): Promise<Record<string, any>> {
  const result = await kw([...args, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, any>;
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

describe(`keys commands with credits and IP allowlists (${engine.name})`, { timeout: CLI_TEST_TIMEOUT }, () => {
  let projectId: string;
  let key: Record<string, any>;

  it('keys create --credits --refill --allow-ip (repeated) sets them, and the table shows them', async () => {
    projectId = String((await kwJson(['projects', 'create', '--name', 'metered']))['id']);
    key = await kwJson([
      'keys',
      'create',
      '--project',
      projectId,
      '--name',
      'metered',
      '--credits',
      '3',
      '--refill',
      'monthly:100:31',
      '--allow-ip',
      '10.0.0.0/8',
      '--allow-ip',
      '2001:db8::/32',
    ]);
    expect(key['credits']).toMatchObject({ remaining: 3, refill: { amount: 100, interval: 'monthly', day_of_month: 31 } });
    expect(key['allowed_ips']).toEqual(['10.0.0.0/8', '2001:db8::/32']);
    const { code, stdout } = await kw(['keys', 'get', key['id']]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^credits +3 left, refills to 100 monthly at \d{4}-/m);
    expect(stdout).toMatch(/^allowed_ips +10\.0\.0\.0\/8,2001:db8::\/32$/m);
  });

  it('keys verify --cost --ip spends credits from an allowed address; exit 1 when refused', async () => {
    const ok = await kw(['keys', 'verify', '-', '--cost', '2', '--ip', '10.1.2.3'], key['key']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^code +VALID$/m);
    expect(ok.stdout).toMatch(/^credits +1 left/m);
    const outside = await kw(['keys', 'verify', '-', '--ip', '192.0.2.1'], key['key']);
    expect(outside.code).toBe(1);
    expect(outside.stdout).toMatch(/^code +IP_NOT_ALLOWED$/m);
    const tooMuch = await kw(['keys', 'verify', '-', '--cost', '2', '--ip', '10.1.2.3'], key['key']);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stdout).toMatch(/^code +USAGE_EXCEEDED$/m);
  });

  it('keys update sets the balance, changes the refill and clears the allowlist', async () => {
    const updated = await kwJson(['keys', 'update', key['id'], '--credits', '50', '--refill', 'daily:1000', '--allow-ip', 'any']);
    expect(updated['credits']).toMatchObject({ remaining: 50, refill: { amount: 1000, interval: 'daily' } });
    expect(updated['allowed_ips']).toBeNull();
    const audit = await kw(['audit', '--action', 'key.credits_set']);
    expect(audit.stdout).toContain(key['id']);
    const unlimited = await kwJson(['keys', 'update', key['id'], '--credits', 'none']);
    expect(unlimited['credits']).toBeNull();
  });

  it('refuses bad flag values before any request, naming the flag', async () => {
    for (const args of [
      ['--refill', 'weekly:5'],
      ['--refill', 'daily:5:3'],
      ['--credits', '-1'],
      ['--credits', 'none', '--refill', 'daily:5'],
    ]) {
      const result = await kw(['keys', 'update', key['id'], ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/--(refill|credits)/);
    }
    const cost = await kw(['keys', 'verify', '-', '--cost', 'lots'], key['key']);
    expect(cost.code).toBe(2);
    expect(cost.stderr).toMatch(/--cost/);
  });
});
