import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Wire } from './harness.js';

const VERIFY = '/v1/keys/verify';
const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe(`${engine.name}: credits`, () => {
    const harness = useHarness(engine);
    const verify = (h: Harness, body: Wire) => h.expectStatus(h.org.adminKey, { method: 'POST', url: VERIFY, body }, 200);
    const freshKey = async (h: Harness, body: Wire = {}) => h.mintProjectKey((await h.createProject())['id'], h.org, body);
    const getKey = (h: Harness, id: string) => h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${id}` }, 200);
    const patch = (h: Harness, id: string, body: Wire) =>
      h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${id}`, body }, 200);

    it('spends the cost of each VALID verification and answers USAGE_EXCEEDED, taking nothing, once it cannot', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 5 } });
      expect(k['credits']).toEqual({ remaining: 5, refill: null, refill_at: null });
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: true, code: 'VALID', credits: { remaining: 4, refill_at: null } });
      expect(await verify(h, { key: k['key'], cost: 3 })).toMatchObject({ valid: true, code: 'VALID', credits: { remaining: 1 } });
      expect(await verify(h, { key: k['key'], cost: 2 })).toEqual(
        expect.objectContaining({ valid: false, code: 'USAGE_EXCEEDED', key_id: k['id'], credits: { remaining: 1, refill_at: null } }),
      );
      expect(await verify(h, { key: k['key'], cost: 0 })).toMatchObject({ valid: true, code: 'VALID', credits: { remaining: 1 } });
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: true, credits: { remaining: 0 } });
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', credits: { remaining: 0 } });
      expect((await getKey(h, k['id']))['credits']).toEqual({ remaining: 0, refill: null, refill_at: null });
    });

    it('leaves keys without credits unlimited: credits null, cost ignored', async () => {
      const h = harness();
      const k = await freshKey(h);
      expect(k['credits']).toBeNull();
      expect(await verify(h, { key: k['key'], cost: 1_000_000 })).toMatchObject({ valid: true, code: 'VALID', credits: null });
    });

    it('gives exactly R VALID answers to N > R concurrent verifications, never a negative balance', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 7 } });
      await verify(h, { key: k['key'], cost: 0 }); // cached from here on: only the balance goes to the database
      const answers = await Promise.all(Array.from({ length: 25 }, () => verify(h, { key: k['key'] })));
      expect(answers.filter((a) => a['code'] === 'VALID')).toHaveLength(7);
      expect(answers.filter((a) => a['code'] === 'USAGE_EXCEEDED')).toHaveLength(18);
      expect(answers.map((a) => a['credits']['remaining']).every((r: number) => r >= 0)).toBe(true);
      expect((await getKey(h, k['id']))['credits']['remaining']).toBe(0);
    });

    it('never answers from a cached balance: a spend by another connection counts at once', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 3 } });
      await verify(h, { key: k['key'] }); // 2 left, the key cached
      const elsewhere = await openStore(h.opened.url);
      try {
        const now = h.clock.now().toISOString();
        expect(await elsewhere.spendCredits(k['id'], { cost: 2, now, nextRefillAt: now })).toMatchObject({ spent: true });
      } finally {
        await elsewhere.close();
      }
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', credits: { remaining: 0 } });
    });

    it('sets the balance with PATCH, recording key.credits_set with the old and new balances', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 2 } });
      await verify(h, { key: k['key'] });
      const patched = await patch(h, k['id'], { credits: { remaining: 40 } });
      expect(patched['credits']).toEqual({ remaining: 40, refill: null, refill_at: null });
      expect(await verify(h, { key: k['key'], cost: 40 })).toMatchObject({ valid: true, credits: { remaining: 0 } });
      const audit = await h.expectStatus(
        h.org.adminKey,
        { method: 'GET', url: `/v1/audit?action=key.credits_set&target_id=${k['id']}` },
        200,
      );
      expect(audit['data']).toHaveLength(1);
      expect(audit['data'][0]).toMatchObject({
        action: 'key.credits_set',
        target: { type: 'key', id: k['id'] },
        details: { from: 1, to: 40 },
      });
      // null makes the key unlimited (and is recorded too).
      expect((await patch(h, k['id'], { credits: null }))['credits']).toBeNull();
      expect(await verify(h, { key: k['key'], cost: 5 })).toMatchObject({ valid: true, credits: null });
      const again = await h.expectStatus(
        h.org.adminKey,
        { method: 'GET', url: `/v1/audit?action=key.credits_set&target_id=${k['id']}` },
        200,
      );
      expect(again['data'][0]['details']).toEqual({ from: 0, to: null });
    });

    it('reports credits spent per day in the usage rows', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 10 } });
      await verify(h, { key: k['key'], cost: 3 });
      await verify(h, { key: k['key'], cost: 4 });
      await verify(h, { key: k['key'], cost: 4 }); // USAGE_EXCEEDED: spends nothing
      await h.deps.usage.flush(h.store);
      const day = h.clock.now().toISOString().slice(0, 10);
      const usage = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${k['id']}/usage` }, 200);
      expect(usage['data']).toEqual([
        { day, code: 'USAGE_EXCEEDED', count: 1, spent: 0 },
        { day, code: 'VALID', count: 2, spent: 7 },
      ]);
    });

    it('refuses bad costs, balances and refills with a 400 naming the field, writing nothing', async () => {
      const h = harness();
      const project = await h.createProject();
      const k = await freshKey(h, { credits: { remaining: 5 } });
      const before = await h.dumpDatabase();
      const post = (url: string, body: Wire) => h.send(h.org.adminKey, { method: 'POST', url, body });
      for (const cost of [1_000_001, -1, 1.5, '2']) expectError(await post(VERIFY, { key: k['key'], cost }), 'VALIDATION', 'cost');
      const mint = (body: Wire) => post(`/v1/projects/${project['id']}/keys`, { name: 'k', ...body });
      expectError(await mint({ credits: { remaining: -1 } }), 'VALIDATION', 'credits.remaining');
      expectError(await mint({ credits: {} }), 'VALIDATION', 'credits.remaining');
      expectError(
        await mint({ credits: { remaining: 1, refill: { amount: 5, interval: 'weekly' } } }),
        'VALIDATION',
        'credits.refill.interval',
      );
      expectError(
        await mint({ credits: { remaining: 1, refill: { amount: 0, interval: 'daily' } } }),
        'VALIDATION',
        'credits.refill.amount',
      );
      expectError(
        await mint({ credits: { remaining: 1, refill: { amount: 5, interval: 'daily', day_of_month: 3 } } }),
        'VALIDATION',
        'credits.refill.day_of_month',
      );
      expectError(
        await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${k['id']}`, body: { credits: { remaining: -5 } } }),
        'VALIDATION',
        'credits.remaining',
      );
      expectError(await post('/v1/org/keys', { name: 'o', roles: ['keys:verify'], credits: { remaining: 1 } }), 'VALIDATION', 'credits');
      expect(await h.dumpDatabase()).toEqual(before);
    });

    it('refills daily at the first verification after UTC midnight, without a timer', async () => {
      const h = harness();
      const k = await freshKey(h, { credits: { remaining: 1, refill: { amount: 5, interval: 'daily' } } });
      const midnight = Math.floor(h.clock.now().getTime() / DAY) * DAY + DAY;
      expect(k['credits']).toEqual({ remaining: 1, refill: { amount: 5, interval: 'daily' }, refill_at: new Date(midnight).toISOString() });
      await verify(h, { key: k['key'] });
      expect(await verify(h, { key: k['key'] })).toMatchObject({ code: 'USAGE_EXCEEDED', credits: { remaining: 0 } });
      h.clock.advance(midnight - h.clock.now().getTime() - 1);
      expect(await verify(h, { key: k['key'] })).toMatchObject({ code: 'USAGE_EXCEEDED' });
      h.clock.advance(1);
      // Shown refilled before any verification writes it…
      expect((await getKey(h, k['id']))['credits']).toMatchObject({ remaining: 5, refill_at: new Date(midnight + DAY).toISOString() });
      expect(await verify(h, { key: k['key'], cost: 2 })).toMatchObject({
        code: 'VALID',
        credits: { remaining: 3, refill_at: new Date(midnight + DAY).toISOString() },
      });
    });

    it('refills monthly on its day, on the last day of a shorter month', async () => {
      const h = harness();
      const year = h.clock.now().getUTCFullYear() + 1;
      h.clock.advance(Date.UTC(year, 0, 30, 12) - h.clock.now().getTime());
      const k = await freshKey(h, { credits: { remaining: 0, refill: { amount: 9, interval: 'monthly', day_of_month: 31 } } });
      expect(k['credits']['refill_at']).toBe(new Date(Date.UTC(year, 0, 31)).toISOString());
      expect(await verify(h, { key: k['key'] })).toMatchObject({ code: 'USAGE_EXCEEDED' });
      h.clock.advance(Date.UTC(year, 0, 31, 8) - h.clock.now().getTime());
      const lastOfFebruary = new Date(Date.UTC(year, 2, 0)).toISOString();
      expect(await verify(h, { key: k['key'] })).toMatchObject({ code: 'VALID', credits: { remaining: 8, refill_at: lastOfFebruary } });
      h.clock.advance(Date.parse(lastOfFebruary) - h.clock.now().getTime());
      expect(await verify(h, { key: k['key'], cost: 9 })).toMatchObject({
        code: 'VALID',
        credits: { remaining: 0, refill_at: new Date(Date.UTC(year, 2, 31)).toISOString() },
      });
    });
  });
}
