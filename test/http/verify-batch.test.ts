import { describe, expect, it } from 'vitest';
import { mintKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Wire } from './harness.js';
import { runCommonRouteTests } from './security.js';

const VERIFY = '/v1/keys/verify';
const BATCH = '/v1/keys/verify/batch';

for (const engine of ENGINES) {
  describe(`${engine.name}: POST /v1/keys/verify/batch`, () => {
    const harness = useHarness(engine);
    const freshKey = async (h: Harness, body: Wire = {}) => h.mintProjectKey((await h.createProject())['id'], h.org, body);
    const batch = (h: Harness, items: Wire[]) => h.expectStatus(h.org.adminKey, { method: 'POST', url: BATCH, body: { items } }, 200);
    const single = (h: Harness, body: Wire) => h.expectStatus(h.org.adminKey, { method: 'POST', url: VERIFY, body }, 200);

    it('answers each item in order exactly as POST /v1/keys/verify answers it', async () => {
      const h = harness();
      const other = await h.otherOrg();
      const foreign = await h.mintProjectKey((await h.createProject(other))['id'], other);
      const live = await freshKey(h, { roles: ['ingest'], metadata: { plan: 'pro' } });
      const expiring = await freshKey(h, { expires_at: h.clock.isoIn(60_000) });
      const disabled = await freshKey(h);
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${disabled['id']}`, body: { enabled: false } }, 200);
      const revoked = await freshKey(h);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${revoked['id']}` }, 200);
      const allowlisted = await freshKey(h, { allowed_ips: ['10.0.0.0/8'] });
      const items: Wire[] = [
        { key: live['key'] },
        { key: 'not a key' },
        { key: mintKeyward('kw_proj') },
        { key: foreign['key'] },
        { key: revoked['key'] },
        { key: disabled['key'] },
        { key: live['key'], roles: ['write'] },
        { key: allowlisted['key'], ip: '192.0.2.1' },
        { key: allowlisted['key'], ip: '10.1.2.3' },
        { key: expiring['key'] },
      ];
      const { results } = await batch(h, items);
      const expected = [];
      for (const item of items) expected.push(await single(h, item));
      expect(results).toEqual(expected);
      expect(results.map((r: Wire) => r['code'])).toEqual([
        'VALID',
        'MALFORMED',
        'NOT_FOUND',
        'NOT_FOUND',
        'REVOKED',
        'DISABLED',
        'INSUFFICIENT_ROLES',
        'IP_NOT_ALLOWED',
        'VALID',
        'VALID',
      ]);
    });

    it('counts rate limits, credits and usage per item', async () => {
      const h = harness();
      const limited = await freshKey(h, { rate_limit: { limit: 2, window_ms: 60_000 } });
      const credited = await freshKey(h, { credits: { remaining: 3 } });
      const { results } = await batch(h, [
        { key: limited['key'] },
        { key: credited['key'], cost: 2 },
        { key: limited['key'] },
        { key: credited['key'], cost: 2 },
        { key: limited['key'] },
        { key: credited['key'], cost: 1 },
      ]);
      expect(results.map((r: Wire) => [r['code'], r['rate_limit']?.remaining ?? r['credits']?.remaining])).toEqual([
        ['VALID', 1],
        ['VALID', 1],
        ['VALID', 0],
        ['USAGE_EXCEEDED', 1],
        ['RATE_LIMITED', 0],
        ['VALID', 0],
      ]);
      await h.deps.usage.flush(h.store);
      const day = h.clock.now().toISOString().slice(0, 10);
      const usage = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${limited['id']}/usage` }, 200);
      expect(usage['data']).toEqual(
        expect.arrayContaining([
          { day, code: 'VALID', count: 2, spent: 0 },
          { day, code: 'RATE_LIMITED', count: 1, spent: 0 },
        ]),
      );
    });

    it('refuses a malformed envelope or item with a 400 naming the field, counting nothing', async () => {
      const h = harness();
      const k = await freshKey(h, { rate_limit: { limit: 1, window_ms: 60_000 } });
      const send = (body: unknown) => h.send(h.org.adminKey, { method: 'POST', url: BATCH, body });
      const ok = { key: k['key'] };
      expectError(await send({}), 'VALIDATION', 'items');
      expectError(await send({ items: [] }), 'VALIDATION', 'items');
      expectError(await send({ items: ok }), 'VALIDATION', 'items');
      expectError(await send({ items: Array.from({ length: 101 }, () => ok) }), 'VALIDATION', 'items');
      expectError(await send({ items: [ok], extra: 1 }), 'VALIDATION', 'extra');
      expectError(await send({ items: [ok, ok, ok, { key: 42 }] }), 'VALIDATION', 'items[3].key');
      expectError(await send({ items: [ok, {}] }), 'VALIDATION', 'items[1].key');
      expectError(await send({ items: [ok, 'x'] }), 'VALIDATION', 'items[1]');
      expectError(await send({ items: [ok, { key: 'x', role: ['a'] }] }), 'VALIDATION', 'items[1].role');
      expectError(await send({ items: [ok, { key: 'x', cost: -1 }] }), 'VALIDATION', 'items[1].cost');
      // Past the schema, core's own check of the address: still the item's field, and nothing counted.
      expectError(await send({ items: [ok, { key: 'x', ip: 'not an address' }] }), 'VALIDATION', 'items[1].ip');
      expect(await single(h, ok)).toMatchObject({ valid: true, rate_limit: { remaining: 0 } });
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/keys/verify/batch',
      needs: 'keys:verify',
      ok: 200,
      build: async (h) => ({ method: 'POST', url: BATCH, body: { items: [{ key: (await freshKey(h))['key'] }] } }),
    });
  });
}
