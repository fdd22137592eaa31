import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/core/store.js';
import { systemClock } from '../../src/core/clock.js';
import { WebhookDeliveryLoop } from '../../src/webhooks/delivery-loop.js';
import { openDatabaseReader } from '../helpers/database-dump.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, T0, anAuditEvent, minutesAfterT0, seedOrgAndProject, useFreshDatabase } from './fixtures.js';

/**
 * Retention of the webhook outbox (KEYWARD_WEBHOOK_RETENTION_DAYS): finished deliveries
 * (delivered or failed) whose last attempt is older than the cut-off go, with their attempts;
 * a pending one (even one attempted long ago and still retrying) and a recent one stay.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: webhook delivery retention`, () => {
    const db = useFreshDatabase(engine);

    /** One attempt at `minute`, leaving the delivery `status`. */
    const finish = (store: Store, id: string, minute: number, status: 'delivered' | 'failed' | 'pending') =>
      store.finishWebhookDelivery(id, {
        attempt: {
          attemptedAt: minutesAfterT0(minute),
          outcome: status === 'delivered' ? 'success' : 'failure',
          latencyMs: 5,
          responseStatus: 200,
          responseBody: null,
          error: null,
        },
        status,
        nextAttemptAt: minutesAfterT0(minute + 1),
      });

    /** Five deliveries: finished at minutes 1, 2 and 3 and 20 (T0 is in 2025), and one still retrying. */
    async function outbox(store: Store) {
      const { org } = await seedOrgAndProject(store);
      const webhook = {
        id: randomUUID(),
        orgId: org.id,
        url: 'https://example.com/hook',
        description: null,
        events: ['key.revoked' as const],
        enabled: true,
        secretSealed: 'sealed',
        createdAt: T0,
        updatedAt: T0,
      };
      await store.insertWebhook(webhook);
      for (let i = 0; i < 5; i++) await store.transaction((tx) => tx.insertAuditEvent(anAuditEvent(org.id, { action: 'key.revoke' })));
      const claimed = await store.claimWebhookDeliveries(minutesAfterT0(1), minutesAfterT0(2), 10);
      expect(claimed).toHaveLength(5);
      const [oldDelivered, oldFailed, oldFailed2, recent, retrying] = claimed.map((d) => d.id) as [string, string, string, string, string];
      await finish(store, oldDelivered, 1, 'delivered');
      await finish(store, oldFailed, 2, 'failed');
      await finish(store, oldFailed2, 3, 'failed');
      await finish(store, recent, 20, 'delivered');
      await finish(store, retrying, 1, 'pending');
      return { org, webhook, recent, retrying };
    }

    it('deletes finished deliveries past the cut-off with their attempts, in batches, and nothing else', async () => {
      const store = db.store();
      const { org, webhook, recent, retrying } = await outbox(store);
      // A batch of 2, then the rest: three past the cut-off at minute 10.
      expect(await store.pruneWebhookDeliveries(minutesAfterT0(10), 2)).toBe(2);
      expect(await store.pruneWebhookDeliveries(minutesAfterT0(10), 2)).toBe(1);
      expect(await store.pruneWebhookDeliveries(minutesAfterT0(10), 2)).toBe(0);

      const left = await store.listWebhookDeliveries(org.id, webhook.id, FIRST_PAGE);
      expect(left.map((d) => d.id).sort()).toEqual([recent, retrying].sort());
      const reader = await openDatabaseReader(db.url());
      try {
        const attempts = (await reader.dump())['webhook_attempts']!.map((row) => (JSON.parse(row) as { delivery_id: string }).delivery_id);
        expect(attempts.sort()).toEqual([recent, retrying].sort());
      } finally {
        await reader.close();
      }
    });

    it('is swept by the delivery loop as it starts, by KEYWARD_WEBHOOK_RETENTION_DAYS', async () => {
      const store = db.store();
      const { org, webhook, retrying } = await outbox(store);
      const loop = new WebhookDeliveryLoop({
        store,
        clock: systemClock,
        retry: { baseDelayMs: 20, maxDelayMs: 100, windowMs: 60_000 },
        pollMs: 20,
        concurrency: 1,
        allowPrivate: false,
        // Everything finished in 2025 is past 30 days: all four finished deliveries go.
        retentionMs: 30 * 86_400_000,
        log: { warn: () => {}, error: () => {} },
      });
      loop.start();
      try {
        await vi.waitFor(async () => {
          const left = await store.listWebhookDeliveries(org.id, webhook.id, FIRST_PAGE);
          expect(left.map((d) => d.id)).toEqual([retrying]);
        });
      } finally {
        await loop.stop();
      }
    });
  });
}
