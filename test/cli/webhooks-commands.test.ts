import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type CliResult, type ServeProcess } from './cli-process.js';

/** `keyward webhooks …` against a real `keyward serve` delivering to a receiver on 127.0.0.1 (issue 16). */
const engine = ENGINES[0]!;

let db: FreshDatabase;
let server: ServeProcess;
let adminKey: string;
let receiver: WebhookReceiver;

const kw = (args: readonly string[]): Promise<CliResult> => runCli(args, { KEYWARD_URL: server.url, KEYWARD_API_KEY: adminKey });

async function kwJson(args: readonly string[]): Promise<Record<string, any>> {
  const result = await kw([...args, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, any>;
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  db = freshDatabaseUrl(engine);
  server = await startServe({ KEYWARD_DATABASE_URL: db.url, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_WEBHOOK_POLL_MS: '50' });
  adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
}, CLI_TEST_TIMEOUT);

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await db?.cleanup();
});

describe(`webhooks commands (${engine.name})`, { timeout: CLI_TEST_TIMEOUT }, () => {
  it('create prints the secret once; list, update, deliveries and redeliver work; delete removes it', async () => {
    const created = await kw(['webhooks', 'create', '--url', receiver.url('cli'), '--event', 'project.deleted', '--event', 'key.created']);
    expect(created.code).toBe(0);
    const secret = /Signing secret \(shown once[^)]*\): (whsec_\S+)/.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    const id = /^id\s+(\S+)$/m.exec(created.stdout)?.[1] as string;

    expect((await kw(['webhooks', 'list'])).stdout).toContain(receiver.url('cli'));
    expect((await kwJson(['webhooks', 'update', id, '--event', 'project.deleted']))['events']).toEqual(['project.deleted']);

    const project = await kwJson(['projects', 'create', '--name', 'hooked']);
    await kw(['projects', 'delete', String(project['id'])]);
    const [got] = await receiver.waitFor('cli', 1);
    expect(WebhookReceiver.verify(secret!, got!)['type']).toBe('project.deleted');

    let page = await kwJson(['webhooks', 'deliveries', id]);
    while (page['data'][0]?.status !== 'delivered') page = await kwJson(['webhooks', 'deliveries', id]);
    const table = await kw(['webhooks', 'deliveries', id]);
    expect(table.stdout).toMatch(/project\.deleted\s+delivered\s+1\s+200/);
    expect((await kw(['webhooks', 'redeliver', id, String(page['data'][0].id)])).code).toBe(0);
    await receiver.waitFor('cli', 2);

    const rotated = await kw(['webhooks', 'rotate-secret', id]);
    expect(rotated.stdout).toMatch(/whsec_/);
    expect(rotated.stdout).not.toContain(secret!);

    const bad = await kw(['webhooks', 'create', '--url', 'ftp://example.com', '--event', 'key.created']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('url');

    expect((await kwJson(['webhooks', 'delete', id]))['deleted']).toBe(true);
    expect((await kw(['webhooks', 'get', id])).code).not.toBe(0);
  });
});
