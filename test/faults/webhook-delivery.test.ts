import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { call, SERVER_ENV, startFirstServer } from './fault-harness.js';

/** Real `keyward serve` processes delivering to a receiver on 127.0.0.1. */
const WEBHOOK_ENV = { ...SERVER_ENV, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_WEBHOOK_POLL_MS: '50', KEYWARD_LOG_LEVEL: 'warn' };

async function deliveriesOf(url: string, adminKey: string, webhookId: string): Promise<Array<Record<string, any>>> {
  const res = await call(url, adminKey, 'GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`);
  expect(res.status).toBe(200);
  return res.body['data'] as Array<Record<string, any>>;
}

for (const engine of ENGINES) {
  describe(`${engine.name}: webhook delivery across processes`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase | undefined;
    const servers: ServeProcess[] = [];
    let receiver: WebhookReceiver | undefined;
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.stop();
      await receiver?.close();
      await db?.cleanup();
    });

    it('delivers an event whose server was killed (SIGKILL) before sending it, after a restart', async () => {
      db = engine.freshUrl();
      receiver = await WebhookReceiver.start();
      // The first server looks at the outbox once at start, then not for a minute: the change
      // below is committed and queued, and the process dies before any attempt.
      const first = await startFirstServer({ ...WEBHOOK_ENV, KEYWARD_DATABASE_URL: db.url, KEYWARD_WEBHOOK_POLL_MS: '60000' });
      const made = await call(first.server.url, first.adminKey, 'POST', '/v1/webhooks', {
        url: receiver.url('kill'),
        events: ['key.created'],
      });
      expect(made.status).toBe(201);
      const project = await call(first.server.url, first.adminKey, 'POST', '/v1/projects', { name: 'p' });
      const key = await call(first.server.url, first.adminKey, 'POST', `/v1/projects/${project.body['id']}/keys`, { name: 'k' });
      expect(key.status).toBe(201);
      await first.server.kill();

      servers.push(await startServe({ ...WEBHOOK_ENV, KEYWARD_DATABASE_URL: db.url }));
      const [got] = await receiver.waitFor('kill', 1);
      const payload = WebhookReceiver.verify(made.body['secret'], got!);
      expect(payload).toMatchObject({ type: 'key.created', data: { key: { id: key.body['id'], name: 'k' } } });
    });

    it.runIf(engine.name === 'postgres')('with two instances on one database, delivers each event once', async () => {
      db = engine.freshUrl();
      receiver = await WebhookReceiver.start();
      const first = await startFirstServer({ ...WEBHOOK_ENV, KEYWARD_DATABASE_URL: db.url });
      servers.push(first.server);
      servers.push(await startServe({ ...WEBHOOK_ENV, KEYWARD_DATABASE_URL: db.url }));
      const made = await call(first.server.url, first.adminKey, 'POST', '/v1/webhooks', {
        url: receiver.url('pair'),
        events: ['key.created'],
      });
      const webhookId = made.body['webhook'].id as string;
      const project = await call(first.server.url, first.adminKey, 'POST', '/v1/projects', { name: 'p' });
      const count = 40;
      for (let i = 0; i < count; i++) {
        const via = servers[i % 2]!.url;
        const res = await call(via, first.adminKey, 'POST', `/v1/projects/${project.body['id']}/keys`, { name: `k${i}` });
        expect(res.status).toBe(201);
      }
      await receiver.waitFor('pair', count);
      // Every delivery recorded as delivered: nothing is left that could be sent again.
      let deliveries = await deliveriesOf(first.server.url, first.adminKey, webhookId);
      while (deliveries.filter((d) => d['status'] === 'delivered').length < count) {
        await new Promise((r) => setTimeout(r, 50));
        deliveries = await deliveriesOf(first.server.url, first.adminKey, webhookId);
      }
      const ids = receiver.at('pair').map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
      expect(deliveries.every((d) => d['attempts'] === 1)).toBe(true);
    });
  });
}
