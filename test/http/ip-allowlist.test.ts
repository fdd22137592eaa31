import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Wire } from './harness.js';

const VERIFY = '/v1/keys/verify';

for (const engine of ENGINES) {
  describe(`${engine.name}: IP allowlists and the order of checks`, () => {
    const harness = useHarness(engine);
    const verify = (h: Harness, body: Wire) => h.expectStatus(h.org.adminKey, { method: 'POST', url: VERIFY, body }, 200);
    const freshKey = async (h: Harness, body: Wire = {}) => h.mintProjectKey((await h.createProject())['id'], h.org, body);
    const patch = (h: Harness, id: string, body: Wire) =>
      h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${id}`, body }, 200);

    it('answers VALID only for an ip inside the allowlist, and IP_NOT_ALLOWED outside it or without one', async () => {
      const h = harness();
      const k = await freshKey(h, { allowed_ips: ['203.0.113.0/24', '2001:DB8::/32', '198.51.100.7'] });
      expect(k['allowed_ips']).toEqual(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7']);
      for (const ip of ['203.0.113.200', '2001:db8:ffff::1', '198.51.100.7', '::ffff:203.0.113.9']) {
        expect(await verify(h, { key: k['key'], ip }), ip).toMatchObject({ valid: true, code: 'VALID' });
      }
      for (const ip of ['203.0.114.1', '198.51.100.8', '2001:db9::1', '::ffff:198.51.100.8']) {
        expect(await verify(h, { key: k['key'], ip }), ip).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED', key_id: k['id'] });
      }
      // Fail closed: a key with an allowlist and no ip is refused.
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED' });
    });

    it('lets any address through when the list is null or empty, and PATCH changes the list at once', async () => {
      const h = harness();
      const k = await freshKey(h, { allowed_ips: [] });
      expect(k['allowed_ips']).toBeNull();
      expect(await verify(h, { key: k['key'] })).toMatchObject({ code: 'VALID' });
      expect((await patch(h, k['id'], { allowed_ips: ['10.0.0.0/8'] }))['allowed_ips']).toEqual(['10.0.0.0/8']);
      expect(await verify(h, { key: k['key'], ip: '192.168.0.1' })).toMatchObject({ code: 'IP_NOT_ALLOWED' });
      expect(await verify(h, { key: k['key'], ip: '10.1.2.3' })).toMatchObject({ code: 'VALID' });
      await patch(h, k['id'], { allowed_ips: null });
      expect(await verify(h, { key: k['key'], ip: '192.168.0.1' })).toMatchObject({ code: 'VALID' });
    });

    it('refuses a bad entry naming its index, more than 100 entries, and a bad ip, writing nothing', async () => {
      const h = harness();
      const project = await h.createProject();
      const k = await freshKey(h, { allowed_ips: ['10.0.0.0/8'] });
      const before = await h.dumpDatabase();
      const mint = (body: Wire) =>
        h.send(h.org.adminKey, { method: 'POST', url: `/v1/projects/${project['id']}/keys`, body: { name: 'k', ...body } });
      expectError(await mint({ allowed_ips: ['10.0.0.0/8', '::1', '300.1.1.1/8'] }), 'VALIDATION', 'allowed_ips[2]');
      expectError(await mint({ allowed_ips: ['10.0.0.0/8', 7] }), 'VALIDATION', 'allowed_ips[1]');
      expectError(await mint({ allowed_ips: Array.from({ length: 101 }, (_, i) => `10.0.0.${i % 250}`) }), 'VALIDATION', 'allowed_ips');
      expectError(
        await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${k['id']}`, body: { allowed_ips: ['10.0.0.0/33'] } }),
        'VALIDATION',
        'allowed_ips[0]',
      );
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: VERIFY, body: { key: k['key'], ip: 'not-an-ip' } }),
        'VALIDATION',
        'ip',
      );
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: VERIFY, body: { key: k['key'], ip: '10.0.0.0/8' } }),
        'VALIDATION',
        'ip',
      );
      expect(await h.dumpDatabase()).toEqual(before);
    });

    it('checks in order: DISABLED → IP_NOT_ALLOWED → INSUFFICIENT_ROLES → RATE_LIMITED → USAGE_EXCEEDED', async () => {
      const h = harness();
      const everything = {
        roles: ['read'],
        allowed_ips: ['10.0.0.0/8'],
        rate_limit: { limit: 2, window_ms: 60_000 },
        credits: { remaining: 1 },
      };
      const k = await freshKey(h, everything);
      const wrong = { key: k['key'], ip: '192.0.2.1', roles: ['write'] };
      await patch(h, k['id'], { enabled: false });
      expect(await verify(h, wrong)).toMatchObject({ code: 'DISABLED' });
      await patch(h, k['id'], { enabled: true });
      expect(await verify(h, wrong)).toMatchObject({ code: 'IP_NOT_ALLOWED', rate_limit: null, credits: null });
      expect(await verify(h, { ...wrong, ip: '10.0.0.1' })).toMatchObject({ code: 'INSUFFICIENT_ROLES', rate_limit: null, credits: null });
      // None of those refusals took a rate-limit slot or a credit.
      const ok = { key: k['key'], ip: '10.0.0.1', roles: ['read'] };
      expect(await verify(h, ok)).toMatchObject({ code: 'VALID', rate_limit: { remaining: 1 }, credits: { remaining: 0 } });
      // Past the credits, the rate limit still counts the attempt (it is checked first)…
      expect(await verify(h, ok)).toMatchObject({ code: 'USAGE_EXCEEDED', rate_limit: { remaining: 0 }, credits: { remaining: 0 } });
      // …and a rate-limited verification never reaches the credits.
      await patch(h, k['id'], { credits: { remaining: 5 } });
      expect(await verify(h, ok)).toMatchObject({ code: 'RATE_LIMITED', credits: null });
      expect((await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${k['id']}` }, 200))['credits']['remaining']).toBe(5);
    });

    it('keeps credits and the allowlist across a roll', async () => {
      const h = harness();
      const k = await freshKey(h, { allowed_ips: ['10.0.0.0/8'], credits: { remaining: 3, refill: { amount: 3, interval: 'monthly' } } });
      await verify(h, { key: k['key'], ip: '10.0.0.1' });
      const rolled = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/keys/${k['id']}/roll`, body: {} }, 201);
      expect(rolled['allowed_ips']).toEqual(['10.0.0.0/8']);
      expect(rolled['credits']).toMatchObject({ remaining: 2, refill: { amount: 3, interval: 'monthly' } });
      expect(await verify(h, { key: rolled['key'], ip: '10.0.0.1' })).toMatchObject({ code: 'VALID', credits: { remaining: 1 } });
    });
  });
}
