import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/store.js';
import type { WebhookRecord } from '../../src/core/webhooks.js';
import { announceExpiredKeys } from '../../src/core/use-cases/expiry-announcements.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, T0, anAuditEvent, minutesAfterT0, projectKey, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

/**
 * The webhook outbox on every engine: fed from the audit path in the change's transaction,
 * claimed by one caller at a time, released by a finished attempt or a lapsed lease.
 */
const aWebhook = (orgId: string, over: Partial<WebhookRecord> = {}): WebhookRecord => ({
  id: randomUUID(),
  orgId,
  url: 'https://example.com/hook',
  description: null,
  events: ['key.created', 'key.revoked'],
  enabled: true,
  secretSealed: 'sealed',
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const deliveriesOf = async (store: Store, orgId: string, webhookId: string) => store.listWebhookDeliveries(orgId, webhookId, FIRST_PAGE);

for (const engine of ENGINES) {
  describe(`${engine.name}: webhook outbox`, () => {
    const { store, other } = useStoreWithObserver(engine);

    it('queues a mapped audit event for each enabled, subscribed webhook of its org, with the change', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const subscribed = aWebhook(org.id);
      const disabled = aWebhook(org.id, { enabled: false });
      const elsewhere = aWebhook(org.id, { events: ['project.deleted'] });
      for (const w of [subscribed, disabled, elsewhere]) await store().insertWebhook(w);
      const key = projectKey(org, project);
      await store().insertKeyWithEvent(key, anAuditEvent(org.id, { action: 'key.create', target: { type: 'key', id: key.id } }));
      await store().transaction((tx) =>
        tx.insertAuditEvent(anAuditEvent(org.id, { action: 'key.revoke', target: { type: 'key', id: key.id } })),
      );
      // An unmapped action queues nothing.
      await store().transaction((tx) => tx.insertAuditEvent(anAuditEvent(org.id, { action: 'project.create' })));
      const queued = await deliveriesOf(other(), org.id, subscribed.id);
      expect(queued.map((d) => [d.eventType, d.status, d.attempts])).toEqual([
        ['key.revoked', 'pending', 0],
        ['key.created', 'pending', 0],
      ]);
      expect(await deliveriesOf(other(), org.id, disabled.id)).toEqual([]);
      expect(await deliveriesOf(other(), org.id, elsewhere.id)).toEqual([]);
    });

    it('queues nothing when the change is rolled back', async () => {
      const { org } = await seedOrgAndProject(store());
      const webhook = aWebhook(org.id);
      await store().insertWebhook(webhook);
      await expect(
        store().transaction(async (tx) => {
          await tx.insertAuditEvent(anAuditEvent(org.id, { action: 'key.revoke' }));
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await deliveriesOf(other(), org.id, webhook.id)).toEqual([]);
    });

    it('hands each due delivery to one claimer until its lease lapses, and keeps the attempts', async () => {
      const { org } = await seedOrgAndProject(store());
      const webhook = aWebhook(org.id);
      await store().insertWebhook(webhook);
      for (let i = 0; i < 6; i++) await store().transaction((tx) => tx.insertAuditEvent(anAuditEvent(org.id, { action: 'key.revoke' })));
      const now = minutesAfterT0(1);
      const lease = minutesAfterT0(2);
      const [a, b] = await Promise.all([store().claimWebhookDeliveries(now, lease, 4), other().claimWebhookDeliveries(now, lease, 4)]);
      const ids = [...a, ...b].map((d) => d.id);
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      expect(await store().claimWebhookDeliveries(now, lease, 10)).toEqual([]);
      const first = a[0] ?? b[0]!;
      expect(first).toMatchObject({ webhookId: webhook.id, url: webhook.url, secretSealed: 'sealed', event: { type: 'key.revoked' } });

      await store().finishWebhookDelivery(first.id, {
        attempt: { attemptedAt: now, outcome: 'failure', latencyMs: 12, responseStatus: 500, responseBody: 'x'.repeat(2000), error: null },
        status: 'pending',
        nextAttemptAt: minutesAfterT0(3),
      });
      // The others' leases lapse at minute 2; the retried one is due at minute 3.
      const again = await store().claimWebhookDeliveries(minutesAfterT0(2.5), minutesAfterT0(10), 10);
      expect(again.map((d) => d.id).sort()).toEqual(ids.filter((id) => id !== first.id).sort());
      const retried = await store().claimWebhookDeliveries(minutesAfterT0(3), minutesAfterT0(10), 10);
      expect(retried.map((d) => [d.id, d.attempts])).toEqual([[first.id, 1]]);
      const listed = (await deliveriesOf(other(), org.id, webhook.id)).find((d) => d.id === first.id)!;
      expect(listed.attemptLog).toHaveLength(1);
      expect(listed.attemptLog[0]!.responseBody).toHaveLength(1024);
    });

    it('announces each passed expiry once, whoever asks', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const expiring = await store().insertKey(projectKey(org, project, { expiresAt: minutesAfterT0(5) }));
      expect(await store().claimExpiredKeys(minutesAfterT0(4), 100)).toEqual([]);
      const [a, b] = await Promise.all([
        store().claimExpiredKeys(minutesAfterT0(6), 100),
        other().claimExpiredKeys(minutesAfterT0(6), 100),
      ]);
      expect([...a, ...b].filter((k) => k.id === expiring.id)).toEqual([
        { id: expiring.id, orgId: org.id, expiresAt: minutesAfterT0(5), revokedAt: null },
      ]);
      expect(await store().claimExpiredKeys(minutesAfterT0(7), 100)).toEqual([]);
    });

    it('queues key.expired for a key that expired, not for one revoked before its expiry', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const webhook = aWebhook(org.id, { events: ['key.expired'] });
      await store().insertWebhook(webhook);
      const expired = await store().insertKey(projectKey(org, project, { expiresAt: minutesAfterT0(5) }));
      await store().insertKey(projectKey(org, project, { expiresAt: minutesAfterT0(5), revokedAt: minutesAfterT0(1) }));
      const clock = { now: () => new Date(minutesAfterT0(6)) };
      expect(await announceExpiredKeys({ store: store(), clock })).toBeGreaterThanOrEqual(2);
      const queued = await deliveriesOf(other(), org.id, webhook.id);
      expect(queued.map((d) => [d.eventType, d.occurredAt])).toEqual([['key.expired', minutesAfterT0(5)]]);
      const [claimed] = await store().claimWebhookDeliveries(minutesAfterT0(6), minutesAfterT0(7), 10);
      expect(claimed).toMatchObject({ event: { target: { type: 'key', id: expired.id }, actor: { type: 'system' } } });
    });

    it('deletes a webhook with its deliveries; another org cannot see or delete it', async () => {
      const { org } = await seedOrgAndProject(store());
      const webhook = aWebhook(org.id);
      await store().insertWebhook(webhook);
      await store().transaction((tx) => tx.insertAuditEvent(anAuditEvent(org.id, { action: 'key.revoke' })));
      expect(await store().findWebhook(randomUUID(), webhook.id)).toBeNull();
      expect(await store().deleteWebhook(randomUUID(), webhook.id)).toBe(false);
      expect(await store().deleteWebhook(org.id, webhook.id)).toBe(true);
      expect(await other().findWebhook(org.id, webhook.id)).toBeNull();
      expect(await deliveriesOf(other(), org.id, webhook.id)).toEqual([]);
    });
  });
}
