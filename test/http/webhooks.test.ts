import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { WebhookDeliveryLoop } from '../../src/webhooks/delivery-loop.js';
import { ENGINES } from '../helpers/engines.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness } from './harness.js';

const quiet = { warn: () => {}, error: () => {} };

/** A delivery loop on the harness's store, polling fast with tiny retry delays. */
function startLoop(h: Harness): WebhookDeliveryLoop {
  const loop = new WebhookDeliveryLoop({
    store: h.store,
    clock: systemClock,
    retry: { baseDelayMs: 20, maxDelayMs: 100, windowMs: 60_000 },
    pollMs: 20,
    concurrency: 4,
    allowPrivate: true,
    retentionMs: 30 * 86_400_000,
    log: quiet,
  });
  loop.start();
  return loop;
}

for (const engine of ENGINES) {
  describe(`${engine.name}: webhooks`, () => {
    const harness = useHarness(engine, {}, { webhookAllowPrivate: true });
    let receiver: WebhookReceiver;
    let loop: WebhookDeliveryLoop;
    beforeAll(async () => {
      receiver = await WebhookReceiver.start();
      loop = startLoop(harness());
    });
    afterAll(async () => {
      await loop.stop();
      await receiver.close();
    });

    const create = (body: Record<string, unknown>) =>
      harness().expectStatus(harness().org.adminKey, { method: 'POST', url: '/v1/webhooks', body }, 201);

    it('creates, reads, lists, changes and deletes an endpoint; the secret is shown only in the 201', async () => {
      const h = harness();
      const made = await create({ url: 'https://example.com/hooks', events: ['key.created'], description: 'billing' });
      expect(made['secret']).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const id = made['webhook'].id as string;
      expect(made['webhook']).toMatchObject({
        url: 'https://example.com/hooks',
        events: ['key.created'],
        enabled: true,
        description: 'billing',
      });
      const read = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/webhooks/${id}` }, 200);
      expect(read).not.toHaveProperty('secret');
      expect(JSON.stringify(read)).not.toContain('whsec_');
      const list = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/webhooks' }, 200);
      expect(list['data'].map((w: { id: string }) => w.id)).toContain(id);
      const patched = await h.expectStatus(
        h.org.adminKey,
        { method: 'PATCH', url: `/v1/webhooks/${id}`, body: { enabled: false, events: ['key.revoked', 'key.created'] } },
        200,
      );
      expect(patched).toMatchObject({ enabled: false, events: ['key.revoked', 'key.created'] });
      const rotated = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/webhooks/${id}/rotate-secret` }, 201);
      expect(rotated['secret']).not.toBe(made['secret']);
      // Another org's admin does not see it.
      const other = await h.otherOrg();
      expectError(await h.send(other.adminKey, { method: 'GET', url: `/v1/webhooks/${id}` }), 'NOT_FOUND');
      // A key without admin cannot manage webhooks.
      expectError(await h.send(await h.keyWith('keys:write'), { method: 'GET', url: '/v1/webhooks' }), 'FORBIDDEN');
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/webhooks/${id}` }, 204);
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: `/v1/webhooks/${id}` }), 'NOT_FOUND');
    });

    it('refuses a non-http URL and an unknown event with a 400 naming the field, writing nothing', async () => {
      const h = harness();
      const before = (await h.dumpDatabase())['webhooks'];
      for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@example.com/']) {
        expectError(
          await h.send(h.org.adminKey, { method: 'POST', url: '/v1/webhooks', body: { url, events: ['key.created'] } }),
          'VALIDATION',
          'url',
        );
      }
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: '/v1/webhooks', body: { url: 'https://example.com/', events: ['key.nope'] } }),
        'VALIDATION',
        'events',
      );
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: '/v1/webhooks', body: { url: 'https://example.com/', events: [] } }),
        'VALIDATION',
        'events',
      );
      expect((await h.dumpDatabase())['webhooks']).toEqual(before);
    });

    it('delivers key.created and key.revoked signed per Standard Webhooks, with names and previews but no secret', async () => {
      const h = harness();
      const { secret } = await create({ url: receiver.url('signed'), events: ['key.created', 'key.revoked'] });
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'], h.org, { name: 'for billing' });
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${key['id']}` }, 200);
      const got = await receiver.waitFor('signed', 2);
      const mine = got.map((r) => WebhookReceiver.verify(secret, r));
      expect(mine.map((p) => p['type']).sort()).toEqual(['key.created', 'key.revoked']);
      const created = mine.find((p) => p['type'] === 'key.created')!;
      expect(created['data']).toMatchObject({
        org_id: h.org.id,
        actor: { type: 'key' },
        key: { id: key['id'], name: 'for billing', preview: key['preview'], project_id: project['id'] },
      });
      for (const r of got) {
        expect(r.body).not.toContain(key['key']);
        expect(r.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
      // A signature made with another secret does not verify.
      expect(() => WebhookReceiver.verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, got[0]!)).toThrow();
    });

    it('retries a receiver answering 500 and records one delivery with both attempts', async () => {
      const h = harness();
      const made = await create({ url: receiver.url('retry'), events: ['project.deleted'] });
      const project = await h.createProject();
      receiver.answerNext(500);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/projects/${project['id']}` }, 204);
      const [first, second] = await receiver.waitFor('retry', 2);
      expect([first!.answered, second!.answered]).toEqual([500, 200]);
      expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(WebhookReceiver.verify(made['secret'], second!)['data']['project']).toMatchObject({
        id: project['id'],
        name: project['name'],
      });
      const url = `/v1/webhooks/${made['webhook'].id}/deliveries`;
      let delivery: Record<string, any> | undefined;
      // The loop records the 200 after the receiver answered it: wait for that write.
      while (delivery?.['status'] !== 'delivered') {
        delivery = (await h.expectStatus(h.org.adminKey, { method: 'GET', url }, 200))['data'][0];
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(delivery).toMatchObject({ event_type: 'project.deleted', attempts: 2, response_status: 200 });
      expect(delivery['attempt_log'].map((a: { outcome: string; response_status: number }) => [a.outcome, a.response_status])).toEqual([
        ['failure', 500],
        ['success', 200],
      ]);
      expect(delivery['attempt_log'][0].response_body).toBe('try again later');

      // Redeliver: sent again, same message id.
      await h.expectStatus(h.org.adminKey, { method: 'POST', url: `${url}/${delivery['id']}/redeliver` }, 202);
      expect((await receiver.waitFor('retry', 3))[2]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expectError(await h.send(h.org.adminKey, { method: 'POST', url: `${url}/${crypto.randomUUID()}/redeliver` }), 'NOT_FOUND');
    });

    it('announces key.expired when the expiry passes, without anyone looking at the key', async () => {
      const h = harness();
      const { secret } = await create({ url: receiver.url('expiry'), events: ['key.expired'] });
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'], h.org, { expires_at: new Date(Date.now() + 300).toISOString() });
      const [got] = await receiver.waitFor('expiry', 1);
      const payload = WebhookReceiver.verify(secret, got!);
      expect(payload).toMatchObject({ type: 'key.expired', data: { actor: { type: 'system' }, key: { id: key['id'] } } });
    });

    it('queues nothing for a disabled endpoint or an unsubscribed event', async () => {
      const h = harness();
      const off = await create({ url: receiver.url('off'), events: ['key.created'], enabled: false });
      const other = await create({ url: receiver.url('other'), events: ['project.deleted'] });
      const project = await h.createProject();
      await h.mintProjectKey(project['id']);
      for (const id of [off['webhook'].id, other['webhook'].id]) {
        const list = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/webhooks/${id}/deliveries` }, 200);
        expect(list['data']).toEqual([]);
      }
    });
  });

  describe(`${engine.name}: webhook targets`, () => {
    const harness = useHarness(engine);

    it('refuses private, loopback and link-local targets unless allowed', async () => {
      const h = harness();
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://10.1.2.3/',
        'http://169.254.169.254/latest',
        'http://[::1]/',
        'http://localhost/',
      ]) {
        const res = await h.send(h.org.adminKey, { method: 'POST', url: '/v1/webhooks', body: { url, events: ['key.created'] } });
        expectError(res, 'VALIDATION', 'url');
      }
    });
  });
}
