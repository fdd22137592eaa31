import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryLoop } from '../../src/webhooks/delivery-loop.js';
import { ENGINES } from '../helpers/engines.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import type { Harness, Wire } from './harness.js';
import { useHarness } from './harness.js';

/**
 * `key.rate_limited` and `key.credits_low` (core/key-alerts.ts): at most one per key per
 * cooldown, queued off the verification path; and webhook configuration changes in the
 * audit log. Waits on observable events only: `keyAlerts.settled()` (every outbox insert
 * started has ended), the deliveries list, the receiver.
 */

const COOLDOWN_MS = 60_000;
const quiet = { warn: () => {}, error: () => {} };

for (const engine of ENGINES) {
  describe(`${engine.name}: key.rate_limited and key.credits_low`, () => {
    const harness = useHarness(engine, {}, { webhookAllowPrivate: true, webhookCooldownMs: COOLDOWN_MS, webhookCreditsLow: 10 });
    let receiver: WebhookReceiver;
    let loop: WebhookDeliveryLoop;
    beforeAll(async () => {
      receiver = await WebhookReceiver.start();
      loop = new WebhookDeliveryLoop({
        store: harness().store,
        // The harness's clock: tests move it past the cooldown, and events are due by it.
        clock: harness().clock,
        retry: { baseDelayMs: 20, maxDelayMs: 100, windowMs: 60_000 },
        pollMs: 20,
        concurrency: 4,
        allowPrivate: true,
        retentionMs: 30 * 86_400_000,
        log: quiet,
      });
      loop.start();
    });
    afterAll(async () => {
      await loop.stop();
      await receiver.close();
    });

    const verify = (h: Harness, key: string) =>
      h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);
    const verifyBatch = (h: Harness, key: string, n: number) =>
      h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify/batch', body: { items: Array(n).fill({ key }) } }, 200);
    const subscribe = async (h: Harness, name: string, events: string[]) =>
      h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/webhooks', body: { url: receiver.url(name), events } }, 201);
    const deliveries = async (h: Harness, webhookId: string): Promise<Wire[]> => {
      await h.deps.keyAlerts!.settled();
      return (await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/webhooks/${webhookId}/deliveries?limit=100` }, 200))['data'];
    };

    it('a key verified past its rate limit causes exactly one key.rate_limited per cooldown, without its raw key or hash', async () => {
      const h = harness();
      const made = await subscribe(h, 'limited', ['key.rate_limited']);
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'], h.org, { name: 'gateway', rate_limit: { limit: 1, window_ms: 3_600_000 } });
      expect((await verify(h, key['key']))['code']).toBe('VALID');
      for (let i = 0; i < 15; i++) expect((await verify(h, key['key']))['code']).toBe('RATE_LIMITED');
      const batch = await verifyBatch(h, key['key'], 5);
      expect(batch['results'].map((r: Wire) => r['code'])).toEqual(Array(5).fill('RATE_LIMITED'));

      const queued = await deliveries(h, made['webhook'].id);
      expect(queued.map((d) => d['event_type'])).toEqual(['key.rate_limited']);
      const [got] = await receiver.waitFor('limited', 1);
      const payload = WebhookReceiver.verify(made['secret'], got!);
      expect(payload).toMatchObject({
        type: 'key.rate_limited',
        data: { org_id: h.org.id, actor: { type: 'system' }, key: { id: key['id'], name: 'gateway', preview: key['preview'] } },
      });
      expect(got!.body).not.toContain(key['key']);
      expect(got!.body).not.toMatch(/"hash"/);

      // Past the cooldown (KEYWARD_WEBHOOK_COOLDOWN_MS), the next refusal causes the next event.
      h.clock.advance(COOLDOWN_MS + 1);
      expect((await verify(h, key['key']))['code']).toBe('RATE_LIMITED');
      expect((await deliveries(h, made['webhook'].id)).map((d) => d['event_type'])).toEqual(['key.rate_limited', 'key.rate_limited']);
    });

    it('a VALID verification leaving at most 10 credits causes one key.credits_low; USAGE_EXCEEDED within the cooldown none more', async () => {
      const h = harness();
      const made = await subscribe(h, 'credits', ['key.credits_low']);
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'], h.org, { credits: { remaining: 13 } });
      // 12, 11 left: not low yet; nothing queued.
      for (let i = 0; i < 2; i++) expect((await verify(h, key['key']))['code']).toBe('VALID');
      expect(await deliveries(h, made['webhook'].id)).toEqual([]);
      // 10 left: low. Then down to 0, then refusals.
      for (let i = 0; i < 11; i++) expect((await verify(h, key['key']))['code']).toBe('VALID');
      for (let i = 0; i < 3; i++) expect((await verify(h, key['key']))['code']).toBe('USAGE_EXCEEDED');
      expect((await deliveries(h, made['webhook'].id)).map((d) => d['event_type'])).toEqual(['key.credits_low']);
      const [got] = await receiver.waitFor('credits', 1);
      const payload = WebhookReceiver.verify(made['secret'], got!);
      expect(payload).toMatchObject({ type: 'key.credits_low', data: { key: { id: key['id'] } } });
      expect(got!.body).not.toContain(key['key']);

      // After the cooldown a USAGE_EXCEEDED answer is itself a credits_low event.
      h.clock.advance(COOLDOWN_MS + 1);
      expect((await verify(h, key['key']))['code']).toBe('USAGE_EXCEEDED');
      expect((await deliveries(h, made['webhook'].id)).map((d) => d['event_type'])).toEqual(['key.credits_low', 'key.credits_low']);
    });

    it('an org without webhooks gets no outbox rows', async () => {
      const h = harness();
      const other = await h.otherOrg();
      const project = await h.createProject(other);
      const key = await h.mintProjectKey(project['id'], other, {
        rate_limit: { limit: 1, window_ms: 3_600_000 },
        credits: { remaining: 2 },
      });
      const verifyOther = (body: Wire) => h.expectStatus(other.adminKey, { method: 'POST', url: '/v1/keys/verify', body }, 200);
      expect((await verifyOther({ key: key['key'] }))['code']).toBe('VALID');
      expect((await verifyOther({ key: key['key'] }))['code']).toBe('RATE_LIMITED');
      await h.deps.keyAlerts!.settled();
      // Both were due (a refusal, and a VALID answer leaving 1 credit): neither wrote a row.
      const rows = (await h.dumpDatabase())['webhook_deliveries'] ?? [];
      expect(rows.filter((row) => row.includes(other.id))).toEqual([]);
      // (The first org's rows, queued by the tests above, are there: the dump does show them.)
      expect(rows.some((row) => row.includes(h.org.id))).toBe(true);
    });
  });

  describe(`${engine.name}: webhook configuration changes in the audit log`, () => {
    // Allowed private targets: the example hosts are not resolved.
    const harness = useHarness(engine, {}, { webhookAllowPrivate: true });

    it('create, update, rotate-secret and delete each write an audit event, with no secret and no URL path', async () => {
      const h = harness();
      const url = 'https://hooks.example.com/services/T000/B000/s3cr3tT0ken';
      const made = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: '/v1/webhooks', body: { url, events: ['key.created'] } },
        201,
      );
      const id = made['webhook'].id as string;
      await h.expectStatus(
        h.org.adminKey,
        {
          method: 'PATCH',
          url: `/v1/webhooks/${id}`,
          body: { enabled: false, events: ['key.created', 'key.revoked'], url: 'https://other.example.com/' },
        },
        200,
      );
      const rotated = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/webhooks/${id}/rotate-secret` }, 201);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/webhooks/${id}` }, 204);

      const log = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?target_id=${id}` }, 200);
      const events = [...(log['data'] as Wire[])].reverse();
      expect(events.map((e) => e['action'])).toEqual(['webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']);
      for (const e of events) expect(e).toMatchObject({ org_id: h.org.id, target: { type: 'webhook', id }, actor: { type: 'key' } });
      expect(events[1]!['changes']).toEqual({
        url: { from: 'https://hooks.example.com/…', to: 'https://other.example.com' },
        events: { from: ['key.created'], to: ['key.created', 'key.revoked'] },
        enabled: { from: true, to: false },
      });
      const text = JSON.stringify(log);
      for (const secret of [made['secret'], rotated['secret'], 's3cr3tT0ken', 'whsec_']) expect(text).not.toContain(secret);

      // The filter accepts the new actions.
      for (const action of ['webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']) {
        const page = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?action=${action}` }, 200);
        expect(page['data'].map((e: Wire) => e['target'].id)).toContain(id);
      }
      // Nothing of it reaches the database either.
      const rows = JSON.stringify((await h.dumpDatabase())['audit_events']);
      for (const secret of [made['secret'], rotated['secret'], 's3cr3tT0ken']) expect(rows).not.toContain(secret);
    });
  });
}
