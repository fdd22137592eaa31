import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachingStore } from '../../src/cache/caching-store.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { JWT_SECRET } from '../dialects/dialect-server.js';
import { ENGINES } from '../helpers/engines.js';
import { Harness } from '../http/harness.js';
import { LogCapture } from '../http/log-capture.js';
import { fromClient, inventedKey, secondsLeftInWindow, tally, untilRateLimited } from './abuse-requests.js';

/**
 * Failed authentication under the shipped defaults (KEYWARD_AUTH_FAILURES_*): a flood of
 * bad credentials from one address, one bad credential retried, on /v1 and on every
 * /compat dialect, each answered 429 in its own error shape with an accurate Retry-After.
 */
const { authFailuresPerIp: PER_IP, authFailuresPerCredential: PER_CREDENTIAL, authFailureWindowMs: WINDOW_MS } = DEFAULT_ABUSE_LIMITS;

for (const engine of ENGINES) {
  describe(`${engine.name}: failed authentication is limited per client`, () => {
    let h: Harness;
    const logs = new LogCapture();
    beforeAll(async () => {
      // The defaults, as `keyward serve` runs without any KEYWARD_AUTH_FAILURES_* variable.
      h = await Harness.open(engine, { logger: { level: 'info', stream: logs } }, DEFAULT_ABUSE_LIMITS);
    });
    afterAll(async () => {
      await h.close();
    });
    const projects = (ip: string, key: string | null) =>
      fromClient(h, { method: 'GET', url: '/v1/projects', ip, headers: key === null ? {} : { authorization: `Bearer ${key}` } });

    it(`answers 401 to ${PER_IP} invented keys from one address, then 429 with Retry-After, before any lookup`, async () => {
      const cache = (h.store as CachingStore).cache;
      const sent: string[] = [];
      const { before, refused } = await untilRateLimited(PER_IP + 1, (i) => {
        // Mostly well-formed keys (each a database lookup), some strings that are no key at all.
        const key = i % 10 === 9 ? `not-a-key-${i}` : inventedKey();
        sent.push(key);
        return projects('203.0.113.5', key);
      });
      expect(tally(before)).toEqual({ 401: PER_IP });
      expect(refused?.statusCode).toBe(429);
      expect(refused?.headers['retry-after']).toBe(String(secondsLeftInWindow(h, WINDOW_MS)));
      const body = refused!.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toEqual({
        code: 'RATE_LIMITED',
        message: `too many failed authentication attempts; retry after ${refused!.headers['retry-after']} s`,
        request_id: refused!.headers['x-request-id'],
      });
      expect(refused!.headers['www-authenticate']).toBeUndefined();

      // Blocked requests never reach the store: no new "no such key" is remembered.
      const unknownBefore = cache.unknownCount;
      for (let i = 0; i < 30; i++) expect((await projects('203.0.113.5', inventedKey())).statusCode).toBe(429);
      expect((await projects('203.0.113.5', null)).statusCode).toBe(429);
      expect(cache.unknownCount).toBe(unknownBefore);

      // Another address is not affected, nor the working key beside it (it worked before).
      expect((await projects('203.0.113.6', inventedKey())).statusCode).toBe(401);
      expect((await projects('127.0.0.1', h.org.adminKey)).statusCode).toBe(200);

      // The attempts left the logs no secret, and one warning naming the address.
      const warnings = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.msg?.startsWith('failed authentication budget spent'));
      expect(warnings).toEqual([expect.objectContaining({ ip: '203.0.113.5', scope: 'ip', limit: PER_IP, window_ms: WINDOW_MS })]);
      for (const key of sent) expect(logs.text).not.toContain(key);

      // Retry-After is honest: once it has passed, the address may try again.
      h.clock.advanceSeconds(Number(refused!.headers['retry-after']));
      expect((await projects('203.0.113.5', inventedKey())).statusCode).toBe(401);
    });

    it(`refuses one revoked key after ${PER_CREDENTIAL} tries, without locking its owner's address out`, async () => {
      const minted = await h.mintOrgKey(['admin']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${minted['id']}` }, 200);
      const revoked = minted['key'] as string;
      const { before, refused } = await untilRateLimited(50, () => projects('198.51.100.20', revoked));
      expect(tally(before)).toEqual({ 401: PER_CREDENTIAL });
      expect(refused!.json().error.code).toBe('RATE_LIMITED');
      // The client keeps retrying it (a broken deploy): still 429, from any address...
      for (let i = 0; i < 200; i++) expect((await projects('198.51.100.20', revoked)).statusCode).toBe(429);
      expect((await projects('192.0.2.99', revoked)).statusCode).toBe(429);
      // ...but its owner puts a new key in and it works at once from the same address.
      const replacement = (await h.mintOrgKey(['admin']))['key'] as string;
      expect((await projects('198.51.100.20', replacement)).statusCode).toBe(200);
      // A working key without the role is refused 403 (authorization, not authentication): never counted, never 429.
      const reader = await h.keyWith('projects:read');
      for (let i = 0; i < PER_CREDENTIAL * 3; i++) {
        const res = await fromClient(h, {
          method: 'POST',
          url: '/v1/projects',
          ip: '198.51.100.21',
          headers: { authorization: `Bearer ${reader}` },
          body: { name: `p${i}` },
        });
        expect(res.statusCode).toBe(403);
      }
    });

    it('counts the five dialects’ credentials too, each refusing in its own error shape', async () => {
      const project = await h.createProject();
      const dialects = [
        {
          ip: '10.1.0.1',
          method: 'POST',
          url: `/compat/langtrace/api/api-key?project_id=${project['id']}`,
          auth: (k: string) => ({ 'x-api-key': k }),
          body: (m: string) => ({ message: m, error: { message: m } }),
        },
        {
          ip: '10.1.0.2',
          method: 'GET',
          url: `/compat/basic/project/${project['id']}/key`,
          auth: (k: string) => ({ authorization: `Bearer ${k}` }),
          body: (m: string) => ({ error: 'Too Many Requests', message: m }),
        },
        {
          ip: '10.1.0.3',
          method: 'GET',
          url: '/compat/confident/v1/projects',
          auth: (k: string) => ({ confident_api_key: k }),
          body: (m: string) => ({ success: false, error: m, deprecated: false }),
        },
        {
          ip: '10.1.0.4',
          method: 'GET',
          url: '/compat/braintrust/v1/api_key',
          auth: (k: string) => ({ authorization: `Bearer ${k}` }),
          body: (m: string) => ({ message: m }),
        },
        {
          ip: '10.1.0.5',
          method: 'POST',
          url: `/compat/openlayer/v1/workspaces/${h.org.id}/api-keys`,
          auth: (k: string) => ({ authorization: `Bearer ${k}` }),
          body: (m: string) => ({ error: m, message: m }),
        },
      ] as const;
      for (const d of dialects) {
        // Invented keys, and (where a platform takes them) invented user tokens: both count.
        const credential = (i: number) => (i % 3 === 2 ? `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke2l9In0.${i}sig` : inventedKey());
        const { before, refused } = await untilRateLimited(PER_IP + 1, (i) =>
          fromClient(h, {
            method: d.method,
            url: d.url,
            ip: d.ip,
            headers: d.auth(credential(i)),
            ...(d.method === 'POST' ? { body: { name: 'x' } } : {}),
          }),
        );
        expect({ url: d.url, before: tally(before) }).toEqual({ url: d.url, before: { 401: PER_IP } });
        expect(refused?.statusCode).toBe(429);
        const retryAfter = refused!.headers['retry-after'];
        expect(retryAfter).toBe(String(secondsLeftInWindow(h, WINDOW_MS)));
        expect(refused!.json()).toEqual(d.body(`too many failed authentication attempts; retry after ${retryAfter} s`));
        // A 429 may be retried: Openlayer's clients must not be told otherwise.
        expect(refused!.headers['x-should-retry']).not.toBe('false');
      }
      // One budget per address across every surface: the last dialect's address is refused on /v1 as well.
      expect((await projects('10.1.0.5', inventedKey())).statusCode).toBe(429);
    });

    it('counts every address of one IPv6 /64 as one client', async () => {
      const { before } = await untilRateLimited(PER_IP + 1, (i) => projects(`2001:db8:77:1::${(i + 1).toString(16)}`, inventedKey()));
      expect(tally(before)).toEqual({ 401: PER_IP });
      expect((await projects('2001:db8:77:1:abcd::1', inventedKey())).statusCode).toBe(429);
      expect((await projects('2001:db8:77:2::1', inventedKey())).statusCode).toBe(401);
    });
  });

  describe(`${engine.name}: fresh credentials are not locked out by other credentials' failures`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.open(engine, { logger: false }, { ...DEFAULT_ABUSE_LIMITS, jwtSecret: JWT_SECRET });
    });
    afterAll(async () => {
      await h.close();
    });
    const SPRAYER = '203.0.113.77';
    const projects = (key: string | null) =>
      fromClient(h, { method: 'GET', url: '/v1/projects', ip: SPRAYER, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
    const braintrustKeys = (token: string) =>
      fromClient(h, { method: 'GET', url: '/compat/braintrust/v1/api_key', ip: SPRAYER, headers: { authorization: `Bearer ${token}` } });
    const userToken = (sub: string, session: string) => {
      const now = Math.floor(h.clock.now().getTime() / 1000);
      return new SignJWT({ sub, org_id: h.org.id, sid: session })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(JWT_SECRET));
    };

    it(`after ${PER_IP} invented keys from an address, a just-minted key, a just-rolled key and a fresh user token from it work; the sprayer still gets 429 without lookups`, async () => {
      const cache = (h.store as CachingStore).cache;
      // Everything below happens in one window: start at the beginning of the next.
      h.clock.advance(WINDOW_MS - (h.clock.now().getTime() % WINDOW_MS));
      const { before, refused } = await untilRateLimited(PER_IP + 1, () => projects(inventedKey()));
      expect(tally(before)).toEqual({ [401]: PER_IP });
      expect(refused?.statusCode).toBe(429);

      // Made elsewhere (the dashboard, a deploy script) and first presented from the sprayer's address.
      const minted = (await h.mintOrgKey(['admin']))['key'] as string;
      expect((await projects(minted)).statusCode).toBe(200);
      const old = await h.mintOrgKey(['admin']);
      const rolled = (
        await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/keys/${old['id']}/roll`, body: { grace_seconds: 60 } }, 201)
      )['key'] as string;
      expect((await projects(rolled)).statusCode).toBe(200);
      // A user's first login, and the token it is refreshed with later: each a string never seen before.
      expect((await braintrustKeys(await userToken('alice', 'login'))).statusCode).toBe(200);
      expect((await braintrustKeys(await userToken('alice', 'refreshed'))).statusCode).toBe(200);

      // The sprayer: every invented key, a bad user token, a non-key and no key at all are still 429,
      // and the invented keys cost no lookup (no new "no such key" is remembered).
      const unknownBefore = cache.unknownCount;
      for (let i = 0; i < 30; i++) expect((await projects(inventedKey())).statusCode).toBe(429);
      expect(cache.unknownCount).toBe(unknownBefore);
      expect((await braintrustKeys(`${await userToken('mallory', 'forged')}x`)).statusCode).toBe(429);
      expect((await projects('not-a-key')).statusCode).toBe(429);
      expect((await projects(null)).statusCode).toBe(429);
      // The fresh credentials keep working beside it.
      expect((await projects(minted)).statusCode).toBe(200);
      expect((await projects(rolled)).statusCode).toBe(200);
    });

    it('still refuses one real credential failing repeatedly (429 after its own budget, from any address)', async () => {
      const doomed = await h.mintOrgKey(['admin']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${doomed['id']}` }, 200);
      const revoked = doomed['key'] as string;
      const from = (ip: string) =>
        fromClient(h, { method: 'GET', url: '/v1/projects', ip, headers: { authorization: `Bearer ${revoked}` } });
      const { before, refused } = await untilRateLimited(PER_CREDENTIAL + 5, () => from('198.51.100.77'));
      expect(tally(before)).toEqual({ [401]: PER_CREDENTIAL });
      expect(refused?.statusCode).toBe(429);
      expect((await from('192.0.2.77')).statusCode).toBe(429);
      // From the blocked address too (it was just written, so it may be looked up there: it fails, 429).
      expect((await projects(revoked)).statusCode).toBe(429);
    });
  });

  describe(`${engine.name}: the client address behind a proxy`, () => {
    const limits = { ...DEFAULT_ABUSE_LIMITS, authFailuresPerIp: 5 };

    it('with KEYWARD_TRUST_PROXY, counts the forwarded client, not the proxy', async () => {
      const h = await Harness.open(engine, { trustProxy: true }, limits);
      try {
        const send = (client: string) =>
          fromClient(h, {
            method: 'GET',
            url: '/v1/projects',
            ip: '10.0.0.1',
            headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': client },
          });
        const { before } = await untilRateLimited(10, () => send('198.51.100.1'));
        expect(tally(before)).toEqual({ 401: 5 });
        // Another client behind the same proxy is not blocked with it.
        expect((await send('198.51.100.2')).statusCode).toBe(401);
      } finally {
        await h.close();
      }
    });

    it('with a list of proxies, believes X-Forwarded-For only from them: audit log and failed-auth budget', async () => {
      // What KEYWARD_TRUST_PROXY=10.0.0.0/8,fd00::1 gives the app.
      const h = await Harness.open(engine, { trustProxy: loadConfig({ KEYWARD_TRUST_PROXY: '10.0.0.0/8, fd00::1' }).trustProxy }, limits);
      try {
        const createProject = async (peer: string, forwarded: string) => {
          const res = await fromClient(h, {
            method: 'POST',
            url: '/v1/projects',
            ip: peer,
            headers: { authorization: `Bearer ${h.org.adminKey}`, 'x-forwarded-for': forwarded },
            body: { name: `p ${forwarded}` },
          });
          expect(res.statusCode).toBe(201);
          const audit = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?action=project.create&limit=1` }, 200);
          return audit['data'][0].ip as string;
        };
        // From a trusted proxy: the client it names. From anyone else: the socket's address, whatever it writes.
        expect(await createProject('10.1.2.3', '198.51.100.7')).toBe('198.51.100.7');
        expect(await createProject('fd00::1', '198.51.100.8')).toBe('198.51.100.8');
        expect(await createProject('192.0.2.60', '198.51.100.9')).toBe('192.0.2.60');
        // A chain: the proxy's own entry is believed, a client-written one before it is not.
        expect(await createProject('10.1.2.3', '6.6.6.6, 198.51.100.10')).toBe('198.51.100.10');
        // Through two trusted proxies, the first untrusted address is the client.
        expect(await createProject('10.1.2.3', '6.6.6.6, 198.51.100.11, 10.9.9.9')).toBe('198.51.100.11');

        // An untrusted peer spreading guesses over invented addresses spends its own budget.
        const { before } = await untilRateLimited(10, (i) =>
          fromClient(h, {
            method: 'GET',
            url: '/v1/projects',
            ip: '192.0.2.61',
            headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': `198.51.100.${100 + i}` },
          }),
        );
        expect(tally(before)).toEqual({ 401: 5 });
        // ...and cannot lock out a victim's address by naming it: the victim behind the proxy still gets its 401s.
        for (let i = 0; i < 10; i++) {
          await fromClient(h, {
            method: 'GET',
            url: '/v1/projects',
            ip: '192.0.2.62',
            headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': '198.51.100.200' },
          });
        }
        const victim = await fromClient(h, {
          method: 'GET',
          url: '/v1/projects',
          ip: '10.0.0.1',
          headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': '198.51.100.200' },
        });
        expect(victim.statusCode).toBe(401);
      } finally {
        await h.close();
      }
    });

    it("with true, believes one hop only: an entry the client wrote before the proxy's is not the client", async () => {
      const h = await Harness.open(engine, { trustProxy: loadConfig({ KEYWARD_TRUST_PROXY: 'true' }).trustProxy }, limits);
      try {
        // The proxy appends the real client; the client wrote invented addresses before it.
        const { before } = await untilRateLimited(10, (i) =>
          fromClient(h, {
            method: 'GET',
            url: '/v1/projects',
            ip: '10.0.0.1',
            headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
          }),
        );
        expect(tally(before)).toEqual({ 401: 5 });
        const res = await fromClient(h, {
          method: 'POST',
          url: '/v1/projects',
          ip: '10.0.0.1',
          headers: { authorization: `Bearer ${h.org.adminKey}`, 'x-forwarded-for': '6.6.6.6, 203.0.113.10' },
          body: { name: 'p' },
        });
        expect(res.statusCode).toBe(201);
        const audit = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/audit?action=project.create&limit=1' }, 200);
        expect(audit['data'][0].ip).toBe('203.0.113.10');
      } finally {
        await h.close();
      }
    });

    it('without it, a forged X-Forwarded-For does not buy a fresh budget', async () => {
      const h = await Harness.open(engine, {}, limits);
      try {
        const { before } = await untilRateLimited(10, (i) =>
          fromClient(h, {
            method: 'GET',
            url: '/v1/projects',
            ip: '192.0.2.50',
            headers: { authorization: `Bearer ${inventedKey()}`, 'x-forwarded-for': `198.51.100.${i}` },
          }),
        );
        expect(tally(before)).toEqual({ 401: 5 });
      } finally {
        await h.close();
      }
    });
  });
}
