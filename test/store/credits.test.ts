import { describe, expect, it } from 'vitest';
import type { Credits } from '../../src/core/types.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, T0, anAuditEvent, minutesAfterT0, projectKey, recordOf, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

const daily = { amount: 10, interval: 'daily' as const, dayOfMonth: null };
const credits = (remaining: number, over: Partial<Credits> = {}): Credits => ({ remaining, refill: null, refillAt: null, ...over });
/** A spend before any refill is due. */
const spend = (cost: number, now = T0) => ({ cost, now, nextRefillAt: '2025-03-02T00:00:00.000Z' });

for (const engine of ENGINES) {
  describe(`${engine.name}: credits and allowlists`, () => {
    const { store, other } = useStoreWithObserver(engine);

    it('stores credits and allowlists; the record by hash holds the policy and the list, never the balance', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(
        projectKey(org, project, {
          credits: credits(5, { refill: { amount: 9, interval: 'monthly', dayOfMonth: 31 }, refillAt: '2025-03-31T00:00:00.000Z' }),
          allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
        }),
      );
      expect((await store().findKey(org.id, key.id))!.credits).toEqual({
        remaining: 5,
        refill: { amount: 9, interval: 'monthly', dayOfMonth: 31 },
        refillAt: '2025-03-31T00:00:00.000Z',
      });
      const record = await store().findKeyByHash(key.hash);
      expect(record).toEqual(recordOf(key));
      expect(record!.credits).toEqual({ refill: { amount: 9, interval: 'monthly', dayOfMonth: 31 } });
      expect(record!.allowedIps).toEqual(['203.0.113.0/24', '2001:db8::/32']);
      const [listed] = await store().listKeys({ orgId: org.id, projectId: project.id, includeRevoked: false, now: T0 }, FIRST_PAGE);
      expect(listed!.allowedIps).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    });

    it('spends while the balance covers the cost, then refuses without writing, never below zero', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project, { credits: credits(3) }));
      expect(await store().spendCredits(key.id, spend(2))).toEqual({ spent: true, credits: credits(1) });
      expect(await store().spendCredits(key.id, spend(2))).toEqual({ spent: false, credits: credits(1) });
      expect(await store().spendCredits(key.id, spend(1))).toEqual({ spent: true, credits: credits(0) });
      expect(await store().spendCredits(key.id, spend(0))).toEqual({ spent: true, credits: credits(0) });
      expect(await store().spendCredits(key.id, spend(1))).toEqual({ spent: false, credits: credits(0) });
      expect((await store().findKey(org.id, key.id))!.credits).toEqual(credits(0));
    });

    it('refills in the same statement once the boundary is reached, and moves the boundary on', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(
        projectKey(org, project, { credits: credits(1, { refill: daily, refillAt: '2025-03-02T00:00:00.000Z' }) }),
      );
      // Before the boundary: the stored balance.
      expect(await store().spendCredits(key.id, spend(2, '2025-03-01T23:59:59.999Z'))).toEqual({
        spent: false,
        credits: credits(1, { refill: daily, refillAt: '2025-03-02T00:00:00.000Z' }),
      });
      const after = { cost: 4, now: '2025-03-02T00:00:00.000Z', nextRefillAt: '2025-03-03T00:00:00.000Z' };
      expect(await store().spendCredits(key.id, after)).toEqual({
        spent: true,
        credits: credits(6, { refill: daily, refillAt: '2025-03-03T00:00:00.000Z' }),
      });
      // A cost the refilled balance cannot cover writes nothing, not even the refill.
      const tooMuch = { cost: 11, now: '2025-03-04T00:00:00.000Z', nextRefillAt: '2025-03-05T00:00:00.000Z' };
      expect(await store().spendCredits(key.id, tooMuch)).toEqual({
        spent: false,
        credits: credits(6, { refill: daily, refillAt: '2025-03-03T00:00:00.000Z' }),
      });
    });

    it('answers null for a key without credits or no key, writing nothing', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      expect(await store().spendCredits(key.id, spend(1))).toBeNull();
      expect(await store().spendCredits('00000000-0000-4000-8000-000000000000', spend(1))).toBeNull();
      expect((await store().findKey(org.id, key.id))!.credits).toBeNull();
    });

    it('racing spends from two connections take exactly the balance', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project, { credits: credits(7) }));
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? store() : other()).spendCredits(key.id, spend(1))),
      );
      expect(outcomes.filter((o) => o!.spent)).toHaveLength(7);
      expect((await store().findKey(org.id, key.id))!.credits!.remaining).toBe(0);
    });

    it('patches credits and allowlists, and clears them with null', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      const patched = await store().updateKey(org.id, key.id, {
        credits: credits(4, { refill: daily, refillAt: '2025-03-02T00:00:00.000Z' }),
        allowedIps: ['198.51.100.7'],
        updatedAt: minutesAfterT0(1),
      });
      expect(patched!.credits).toEqual(credits(4, { refill: daily, refillAt: '2025-03-02T00:00:00.000Z' }));
      expect(patched!.allowedIps).toEqual(['198.51.100.7']);
      const cleared = await store().updateKey(org.id, key.id, { credits: null, allowedIps: null, updatedAt: minutesAfterT0(2) });
      expect(cleared!.credits).toBeNull();
      expect(cleared!.allowedIps).toBeNull();
    });

    it('adds credits spent per key and day, and keeps audit details', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project, { credits: credits(100) }));
      const day = T0.slice(0, 10);
      await store().recordUsage({ lastUsed: [], counts: [{ keyId: key.id, day, code: 'VALID', count: 2, spent: 5 }] });
      await store().recordUsage({ lastUsed: [], counts: [{ keyId: key.id, day, code: 'VALID', count: 1, spent: 3 }] });
      expect(await store().usage(org.id, { keyId: key.id }, day)).toEqual([{ day, code: 'VALID', count: 3, spent: 8 }]);
      expect(await store().usage(org.id, { projectId: project.id }, day)).toEqual([{ day, code: 'VALID', count: 3, spent: 8 }]);

      const event = anAuditEvent(org.id, { action: 'key.credits_set', target: { type: 'key', id: key.id }, details: { from: 100, to: 5 } });
      await store().insertAuditEvent(event);
      const [stored] = await store().listAuditEvents(org.id, { action: 'key.credits_set' }, FIRST_PAGE);
      expect(stored).toMatchObject({ details: { from: 100, to: 5 } });
    });
  });
}
