import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { mintKeyward } from '../../src/core/key-format.js';
import { buildApp } from '../../src/http/app.js';
import { clientAddress, proxyTrust } from '../../src/http/client-address.js';
import { ENGINES } from '../helpers/engines.js';
import { Harness } from './harness.js';

/**
 * The verify lane (src/http/verify-lane/) answers plain verifications beside Fastify. These
 * tests send every request to two listening apps over one store: one with the lane, one
 * without, and require the same answer (status, body, the headers a client reads), and that
 * the lane did answer the plain ones itself (no Fastify hook ran for them).
 */

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

interface Sent {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  /** Written as is (a string as UTF-8, or raw bytes), or not at all. */
  readonly body?: string | Buffer;
  /** Send the body chunked, with no Content-Length. */
  readonly chunked?: boolean;
}

function send(base: string, sent: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(sent.path ?? '/v1/keys/verify', base);
    const headers: Record<string, string> = { ...sent.headers };
    if (sent.body !== undefined && !sent.chunked) headers['content-length'] = String(Buffer.byteLength(sent.body));
    const req = httpRequest(url, { method: sent.method ?? 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (sent.body !== undefined) {
      if (sent.chunked && typeof sent.body === 'string') for (const part of sent.body.match(/[\s\S]{1,7}/g) ?? []) req.write(part);
      else req.write(sent.body);
    }
    req.end();
  });
}

/** What a client reads of an answer, with the per-request id taken out (it is checked on its own). */
function observed(a: Answer) {
  let body: unknown = a.text;
  try {
    body = JSON.parse(a.text);
  } catch {
    // Not JSON: compared as text.
  }
  const id = a.headers['x-request-id'];
  const error = (body as { error?: { request_id?: string } } | null)?.error;
  if (error?.request_id !== undefined) {
    expect(error.request_id).toBe(id);
    error.request_id = '<id>';
  }
  return {
    status: a.status,
    body,
    contentType: a.headers['content-type'],
    retryAfter: a.headers['retry-after'],
    authenticate: a.headers['www-authenticate'],
    hasRequestId: typeof id === 'string' && id.length > 0,
  };
}

for (const engine of ENGINES) {
  describe(`${engine.name}: the verify lane answers as the full path does`, () => {
    let h: Harness;
    let withLane: FastifyInstance;
    let withoutLane: FastifyInstance;
    let lane = '';
    let full = '';
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      // Abuse limits on, as shipped: the lane must trust a caller exactly when the full path would.
      h = await Harness.open(engine, {}, { ...DEFAULT_ABUSE_LIMITS });
      withLane = await buildApp({ deps: h.deps, verifyLane: true });
      withoutLane = await buildApp({ deps: h.deps });
      lane = `http://127.0.0.1:${(await listen(withLane)).port}`;
      full = `http://127.0.0.1:${(await listen(withoutLane)).port}`;

      const project = await h.createProject();
      const other = await h.otherOrg();
      const otherProject = await h.createProject(other);
      const mint = async (name: string, body: Record<string, unknown> = {}, org = h.org, projectId = project['id'] as string) =>
        (keys[name] = (await h.mintProjectKey(projectId, org, { name, roles: ['ingest', 'read'], ...body }))['key'] as string);
      await mint('live');
      await mint('with metadata', { metadata: { plan: 'pro', tags: ['a', 'ü'] } });
      await mint('expiring', { expires_at: h.clock.isoIn(60_000) });
      await mint('disabled');
      await h.expectStatus(
        h.org.adminKey,
        { method: 'PATCH', url: `/v1/keys/${await idOf(keys['disabled']!)}`, body: { enabled: false } },
        200,
      );
      await mint('revoked');
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${await idOf(keys['revoked']!)}` }, 200);
      await mint('other org', {}, other, otherProject['id'] as string);
      await mint('owned', { owner_id: 'cus_42' });
      const branded = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: '/v1/projects', body: { name: 'branded', key_prefix: 'acme' } },
        201,
      );
      await mint('prefixed', { owner_id: 'cus_43' }, h.org, branded['id'] as string);
      // Issue 13: allowlists and credits (a balance answers the same twice only when nothing is spent).
      await mint('allowlisted', { allowed_ips: ['10.0.0.0/8', '2001:db8::/32'] });
      await mint('credits', { credits: { remaining: 5, refill: { amount: 5, interval: 'daily' } } });
      await mint('spent', { credits: { remaining: 0 } });
      await mint('everything', { allowed_ips: ['10.0.0.0/8'], rate_limit: { limit: 1000, window_ms: 60_000 }, credits: { remaining: 0 } });
      keys['verifier'] = await h.keyWith('keys:verify');
      keys['reader'] = await h.keyWith('keys:read');
      keys['admin'] = h.org.adminKey;
    });

    afterAll(async () => {
      await withLane?.close();
      await withoutLane?.close();
      await h?.close();
    });

    async function idOf(raw: string): Promise<string> {
      const key = await h.store.findKeyByHash(h.deps.hash(raw));
      return key!.id;
    }

    /** The same request to both servers (the lane's first); their answers must agree. */
    async function both(sent: Sent): Promise<Answer> {
      const viaLane = await send(lane, sent);
      const viaFull = await send(full, sent);
      expect(observed(viaLane), JSON.stringify(sent)).toEqual(observed(viaFull));
      return viaLane;
    }

    const json = { 'content-type': 'application/json' };
    const as = (caller: string) => ({ ...json, authorization: `Bearer ${keys[caller]}` });

    it('answers plain verifications itself, for every kind of key, with the full path’s bodies', async () => {
      // Once through Fastify, so the verifier is in the cache (the lane answers only callers it holds).
      await both({ headers: as('verifier'), body: JSON.stringify({ key: keys['live'] }) });
      const before = await laneCounts(withLane);
      const cases = [
        { key: keys['live'] },
        { key: keys['live'], roles: ['ingest'] },
        { key: keys['live'], roles: ['ingest', 'write'] },
        { key: keys['with metadata'] },
        { key: keys['expiring'] },
        { key: keys['disabled'] },
        { key: keys['revoked'] },
        { key: keys['other org'] },
        { key: mintKeyward('kw_proj') },
        { key: keys['owned'] },
        { key: keys['prefixed'] },
        { key: mintKeyward('acme') },
        { key: keys['prefixed']!.slice(0, -1) + (keys['prefixed']!.endsWith('a') ? 'b' : 'a') },
        { key: 'not a key' },
        { key: keys['verifier'] },
        { key: keys['live'], roles: [] },
        // Each bound of VerifyBody, just inside (the lane reads them from the schema; outside: the test below).
        { key: 'k'.repeat(1024) },
        { key: keys['live'], roles: Array.from({ length: 50 }, (_, i) => `r${i}`) },
        { key: keys['live'], roles: ['r'.repeat(64)] },
        // Allowlists, credits and the order of checks: the same answers on both paths.
        { key: keys['allowlisted'], ip: '10.1.2.3' },
        { key: keys['allowlisted'], ip: '::ffff:10.1.2.3' },
        { key: keys['allowlisted'], ip: '2001:db8::7' },
        { key: keys['allowlisted'], ip: '192.0.2.1' },
        { key: keys['allowlisted'] },
        { key: keys['credits'], cost: 0 },
        { key: keys['credits'], cost: 1_000_000 },
        { key: keys['spent'] },
        { key: keys['spent'], cost: 0, ip: '192.0.2.1' },
        { key: keys['live'], cost: 7, ip: '2001:db8::1' },
        { key: keys['everything'], ip: '192.0.2.1', roles: ['write'] },
        { key: keys['everything'], ip: '10.0.0.1', roles: ['write'] },
      ];
      for (const body of cases) {
        const a = await both({ headers: as('verifier'), body: JSON.stringify(body) });
        expect(a.status).toBe(200);
        if (body.key === keys['owned']) expect(JSON.parse(a.text)).toMatchObject({ valid: true, owner_id: 'cus_42' });
        if (body.key === keys['prefixed']) expect(JSON.parse(a.text)).toMatchObject({ valid: true, owner_id: 'cus_43' });
        // …and once more, answered from memory (the caller on its connection, the answer per key).
        await both({ headers: as('verifier'), body: JSON.stringify(body) });
      }
      expect(await laneCounts(withLane)).toEqual({ answered: before.answered + 2 * cases.length, declined: before.declined });
    });

    it('leaves every other request to Fastify, which answers it as it always does', async () => {
      const live = keys['live']!;
      const plain = JSON.stringify({ key: live });
      const cases: Sent[] = [
        { headers: json, body: plain },
        { headers: { ...json, authorization: 'Bearer nope' }, body: plain },
        { headers: { ...json, authorization: `Basic ${keys['verifier']}` }, body: plain },
        { headers: as('reader'), body: plain },
        { headers: { ...json, authorization: `Bearer ${live}` }, body: plain },
        { headers: { ...json, authorization: `Bearer ${keys['revoked']}` }, body: plain },
        { headers: { ...as('verifier'), 'content-type': 'text/plain' }, body: plain },
        { headers: { ...as('verifier'), 'content-type': 'application/json; charset=latin1' }, body: plain },
        { headers: as('verifier'), body: plain, chunked: true },
        { headers: as('verifier'), body: '' },
        { headers: as('verifier'), body: '{"key":' },
        { headers: as('verifier'), body: '[]' },
        { headers: as('verifier'), body: 'null' },
        { headers: as('verifier'), body: '{}' },
        { headers: as('verifier'), body: JSON.stringify({ key: '' }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, extra: 1 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: 42 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, roles: 'ingest' }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, roles: [''] }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, roles: Array.from({ length: 51 }, (_, i) => `r${i}`) }) },
        { headers: as('verifier'), body: `{"key":"${live}","__proto__":{"admin":true}}` },
        { headers: as('verifier'), body: `{"constructor":{"prototype":{"x":1}},"key":"${live}"}` },
        { headers: as('verifier'), body: `{"key":"\\u${'d800'}"}` },
        { headers: as('verifier'), body: `{"key":"${live.slice(0, 10)}\\u0041${live.slice(11)}"}` },
        { headers: as('verifier'), body: `{"key":"ünïcødé"}` },
        { headers: as('verifier'), body: JSON.stringify({ key: 'k'.repeat(1025) }) },
        // Just outside a bound of VerifyBody (the lane reads them from the schema; inside: the test above).
        { headers: as('verifier'), body: JSON.stringify({ key: live, roles: ['r'.repeat(65)] }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, cost: 1_000_001 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, cost: -1 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, cost: 1.5 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, cost: '1' }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, ip: '' }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, ip: '1'.repeat(65) }) },
        { headers: as('verifier'), body: JSON.stringify({ key: live, ip: 10 }) },
        { headers: as('verifier'), body: JSON.stringify({ key: 'x'.repeat(20_000) }) },
        { headers: as('verifier'), body: `{"key":"${live}"}`.replace('{', '{'.repeat(70)) },
        { method: 'GET', headers: as('verifier') },
        { path: '/v1/keys/verify?x=1', headers: as('verifier'), body: plain },
        { path: '/v1/keys/verify/', headers: as('verifier'), body: plain },
      ];
      const before = await laneCounts(withLane);
      for (const sent of cases) await both(sent);
      // Only the route itself is the lane's to decline; the rest never reach it as verifications.
      const verifications = cases.filter((c) => (c.method ?? 'POST') === 'POST' && (c.path ?? '/v1/keys/verify') === '/v1/keys/verify');
      expect(await laneCounts(withLane)).toEqual({ answered: before.answered, declined: before.declined + verifications.length });
      // Spaces and the like are the full path's to answer; the lane keeps a client's own request
      // id like Fastify does, and takes any plain JSON layout.
      const a = await both({ headers: { ...as('verifier'), 'x-request-id': 'client-chosen-id' }, body: plain });
      expect(a.headers['x-request-id']).toBe('client-chosen-id');
      const replaced = await both({ headers: { ...as('verifier'), 'x-request-id': 'no spaces allowed' }, body: plain });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      await both({ headers: as('verifier'), body: ` { "key" : "${live}" } ` });
      expect((await laneCounts(withLane)).answered).toBe(before.answered + 3);
    });

    it('refuses a body that is not UTF-8, or declared in another charset, as the full path does: 400 naming body (issue 17)', async () => {
      const live = keys['live']!;
      const raw = (...parts: Array<string | number[]>) =>
        Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
      const cases: Sent[] = [
        { headers: as('verifier'), body: raw('{"key":"', live.slice(0, 10), [0xff], live.slice(11), '"}') },
        { headers: as('verifier'), body: raw('{"key":"', live, '","roles":["', [0xc3], '"]}') },
        { headers: as('verifier'), body: raw('{"key":"', live, '","roles":["', [0xed, 0xa0, 0x80], '"]}') },
        { headers: as('verifier'), body: raw('{"key":"', live, [0xe2, 0x82], '"}') },
        { headers: { ...as('verifier'), 'content-type': 'application/json; charset=latin1' }, body: JSON.stringify({ key: live }) },
        { headers: { ...as('verifier'), 'content-type': 'application/json; charset=utf-16' }, body: JSON.stringify({ key: live }) },
      ];
      for (const sent of cases) {
        const a = await both(sent);
        expect(a.status).toBe(400);
        const error = (JSON.parse(a.text) as { error: Record<string, unknown> }).error;
        expect(error['code']).toBe('VALIDATION');
        expect(error['field']).toBe('body');
        expect(error['message']).toMatch(/UTF-8/);
      }
      // Declared as UTF-8 in any spelling, the plain body is still the lane's to answer.
      const before = await laneCounts(withLane);
      for (const type of ['application/json; charset=utf-8', 'application/json']) {
        expect((await both({ headers: { ...as('verifier'), 'content-type': type }, body: JSON.stringify({ key: live }) })).status).toBe(
          200,
        );
      }
      expect((await laneCounts(withLane)).answered).toBe(before.answered + 2);
    });

    it('answers a bad ip as the full path does (a 400 naming ip), and spends credits exactly as it does', async () => {
      for (const ip of ['nope', '10.0.0.0/8', 'fe80::1%eth0', '127.1']) {
        const a = await both({ headers: as('verifier'), body: JSON.stringify({ key: keys['live'], ip }) });
        expect(a.status).toBe(400);
        expect(JSON.parse(a.text).error.field).toBe('ip');
      }
      const project = await h.createProject();
      const k = await h.mintProjectKey(project['id'], h.org, { credits: { remaining: 10 } });
      const before = await laneCounts(withLane);
      const body = JSON.stringify({ key: k['key'], cost: 3 });
      const viaLane = JSON.parse((await send(lane, { headers: as('verifier'), body })).text);
      const viaFull = JSON.parse((await send(full, { headers: as('verifier'), body })).text);
      expect(viaLane).toEqual({ ...viaFull, credits: { remaining: 7, refill_at: null } });
      expect(viaFull.credits).toEqual({ remaining: 4, refill_at: null });
      expect((await laneCounts(withLane)).answered).toBe(before.answered + 1);
    });

    it('answers plain batches itself as the full path does, and leaves bad ones to Fastify (400 naming the item’s field)', async () => {
      const path = '/v1/keys/verify/batch';
      const live = keys['live']!;
      const batch = (items: unknown) => ({ path, headers: as('verifier'), body: JSON.stringify({ items }) });
      await both({ headers: as('verifier'), body: JSON.stringify({ key: live }) });
      // Every key but the one whose balance each answer spends (the two paths would report different balances).
      const every = Object.keys(keys)
        .filter((name) => name !== 'credits')
        .map((name) => ({ key: keys[name] }));
      const answered: unknown[] = [
        [{ key: live }],
        every,
        [{ key: live }, { key: 'not a key' }, { key: mintKeyward('kw_proj') }, { key: keys['revoked'] }, { key: keys['disabled'] }],
        [
          { key: live, roles: ['ingest'] },
          { key: live, roles: ['write'] },
          { key: keys['allowlisted'], ip: '10.1.2.3' },
          { key: keys['allowlisted'], ip: '192.0.2.1' },
          { key: keys['spent'] },
          { key: keys['credits'], cost: 0 },
          { key: keys['everything'], ip: '10.0.0.1', roles: ['write'] },
        ],
        Array.from({ length: 100 }, (_, i) => ({ key: i % 2 ? live : keys['with metadata'] })),
      ];
      const before = await laneCounts(withLane);
      for (const items of answered) {
        const a = await both(batch(items));
        expect(a.status).toBe(200);
        expect(JSON.parse(a.text).results).toHaveLength((items as unknown[]).length);
        await both(batch(items));
      }
      expect(await laneCounts(withLane)).toEqual({ answered: before.answered + 2 * answered.length, declined: before.declined });

      const refused: Array<[Sent, string]> = [
        [{ path, headers: as('verifier'), body: '{}' }, 'items'],
        [batch([]), 'items'],
        [batch({ key: live }), 'items'],
        [batch(Array.from({ length: 101 }, () => ({ key: live }))), 'items'],
        [{ path, headers: as('verifier'), body: JSON.stringify({ items: [{ key: live }], extra: 1 }) }, 'extra'],
        [batch([{ key: live }, { key: live }, { key: live }, { key: 42 }]), 'items[3].key'],
        [batch([{ key: live }, {}]), 'items[1].key'],
        [batch([{ key: live }, 'x']), 'items[1]'],
        [batch([{ key: live }, null]), 'items[1]'],
        [batch([{ key: live, roles: [''] }]), 'items[0].roles[0]'],
        [batch([{ key: live, cost: -1 }]), 'items[0].cost'],
        [batch([{ key: live, extra: 1 }]), 'items[0].extra'],
        [batch([{ key: live }, { key: live, ip: 'nope' }]), 'items[1].ip'],
        [{ path, headers: as('verifier'), body: `{"items":[{"key":"${live}","__proto__":{"admin":true}}]}` }, 'body'],
        [{ path, headers: as('verifier'), body: `{"items":[{"key":"\\u${'d800'}"}]}` }, 'items[0].key'],
      ];
      for (const [sent, field] of refused) {
        const a = await both(sent);
        expect(a.status, JSON.stringify(sent)).toBe(400);
        expect(JSON.parse(a.text).error.field, JSON.stringify(sent)).toBe(field);
      }
      // Not JSON, or not the caller to answer for: Fastify's answers, on both paths.
      expect((await both({ path, headers: as('verifier'), body: '{"items":' })).status).toBe(400);
      expect((await both({ ...batch([{ key: live }]), headers: as('reader') })).status).toBe(403);
      expect((await both({ ...batch([{ key: live }]), headers: json })).status).toBe(401);
    });

    it('agrees with the full path on generated bodies (property)', async () => {
      const live = keys['live']!;
      const field = fc.oneof(
        fc.constant(live),
        fc.string({ maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.integer(),
        fc.integer({ min: -2, max: 1_000_002 }),
        fc.double(),
        fc.constantFrom('10.0.0.1', '::ffff:10.0.0.1', '192.0.2.1', '2001:db8::1', '10.0.0.0/8', ''),
        fc.constant(null),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
      );
      const body = fc.oneof(
        fc.record({ key: field }),
        fc.record({ key: field, roles: fc.oneof(field, fc.array(fc.string({ maxLength: 70 }), { maxLength: 5 })) }),
        fc.record({ key: fc.constantFrom(live, keys['allowlisted']!, keys['spent']!), cost: field, ip: field }, { requiredKeys: ['key'] }),
        fc.dictionary(
          fc.oneof(fc.constantFrom('key', 'roles', 'cost', 'ip', '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
          field,
          { maxKeys: 4 },
        ),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (b, spaced) => {
          await both({ headers: as('verifier'), body: JSON.stringify(b, null, spaced ? 1 : undefined) });
        }),
        { numRuns: 150 },
      );
    });

    it('refuses a caller revoked a moment ago, on the very next request of its connection', async () => {
      const verifier = (await h.mintOrgKey(['keys:verify']))['key'] as string;
      const body = JSON.stringify({ key: keys['live'] });
      const headers = { ...json, authorization: `Bearer ${verifier}` };
      // One keep-alive connection, as a platform's backend holds one.
      const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
      const onConnection = (sent: Sent) =>
        new Promise<Answer>((resolve, reject) => {
          const req = httpRequest(
            new URL('/v1/keys/verify', lane),
            { method: 'POST', headers: { ...sent.headers, 'content-length': String(Buffer.byteLength(sent.body!)) }, agent },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (text += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
            },
          );
          req.on('error', reject);
          req.end(sent.body);
        });
      try {
        expect((await onConnection({ headers, body })).status).toBe(200);
        const before = await laneCounts(withLane);
        expect(JSON.parse((await onConnection({ headers, body })).text).code).toBe('VALID');
        expect((await laneCounts(withLane)).answered).toBe(before.answered + 1);
        await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${await idOf(verifier)}` }, 200);
        const refused = await onConnection({ headers, body });
        expect(refused.status).toBe(401);
      } finally {
        agent.destroy();
      }
    });

    it('feeds key.rate_limited as the full path does: one outbox row per key per cooldown', async () => {
      // An endpoint written straight to the store: this harness refuses private targets and resolves no names.
      const at = h.clock.now().toISOString();
      const webhookId = crypto.randomUUID();
      await h.store.insertWebhook({
        ...{ id: webhookId, orgId: h.org.id, url: 'https://receiver.invalid/', description: null, events: ['key.rate_limited'] },
        ...{ enabled: true, secretSealed: 'unused', createdAt: at, updatedAt: at },
      });
      const project = await h.createProject();
      const k = await h.mintProjectKey(project['id'], h.org, { rate_limit: { limit: 1, window_ms: 3_600_000 } });
      const body = JSON.stringify({ key: k['key'] });
      const before = await laneCounts(withLane);
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push(JSON.parse((await send(lane, { headers: as('verifier'), body })).text).code);
      expect(codes).toEqual(['VALID', ...Array(5).fill('RATE_LIMITED')]);
      expect((await laneCounts(withLane)).answered).toBe(before.answered + 6);
      await h.deps.keyAlerts!.settled();
      const queued = await h.store.listWebhookDeliveries(h.org.id, webhookId, { beforeSeq: null, limit: 10 });
      expect(queued.map((d) => d.eventType)).toEqual(['key.rate_limited']);
      await h.store.deleteWebhook(h.org.id, webhookId);
    });

    it('counts what it answers in /metrics, under the route', async () => {
      const before = await metric(withLane, 'keyward_verifications_total{code="VALID"}');
      await send(lane, { headers: as('verifier'), body: JSON.stringify({ key: keys['live'] }) });
      expect(await metric(withLane, 'keyward_verifications_total{code="VALID"}')).toBe(before + 1);
      const text = (await withLane.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toMatch(/keyward_http_request_duration_seconds_count\{method="POST",route="\/v1\/keys\/verify",status="200"\} \d+/);
    });
  });
}

async function listen(app: FastifyInstance): Promise<AddressInfo> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app.server.address() as AddressInfo;
}

async function laneCounts(app: FastifyInstance): Promise<{ answered: number; declined: number }> {
  return {
    answered: await metric(app, 'keyward_verify_lane_requests_total{outcome="answered"}'),
    declined: await metric(app, 'keyward_verify_lane_requests_total{outcome="declined"}'),
  };
}

async function metric(app: FastifyInstance, series: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('the verify lane names the client as Fastify does (KEYWARD_TRUST_PROXY)', () => {
  /**
   * The lane reads the client address beside Fastify (for the abuse guard), so it must
   * derive it from the same KEYWARD_TRUST_PROXY: every setting × forwarded header here is
   * answered by Fastify's `request.ip` and by the lane's `clientAddress` for one real request.
   */
  const settings = ['false', 'true', '127.0.0.1', '10.0.0.0/8', '127.0.0.0/8, 10.0.0.0/8', '::1, 127.0.0.1, 10.0.0.0/8'];
  const forwarded = [
    undefined,
    '198.51.100.1',
    '6.6.6.6, 198.51.100.1',
    '6.6.6.6, 198.51.100.1, 10.2.2.2',
    '6.6.6.6,10.2.2.2',
    'not an address',
    '',
  ];

  it('for every setting and forwarded header, from a peer at 127.0.0.1', async () => {
    const seen: Array<{ setting: string; header: string | undefined; fastify: string; lane: string }> = [];
    for (const setting of settings) {
      const trust = proxyTrust(loadConfig({ KEYWARD_TRUST_PROXY: setting }).trustProxy);
      const app = Fastify({ trustProxy: trust });
      app.get('/ip', (request) => ({ fastify: request.ip, lane: clientAddress(request.raw, trust) }));
      const { port } = await listen(app);
      try {
        for (const header of forwarded) {
          const answer = await send(`http://127.0.0.1:${port}`, {
            method: 'GET',
            path: '/ip',
            headers: header === undefined ? {} : { 'x-forwarded-for': header },
          });
          seen.push({ setting, header, ...(JSON.parse(answer.text) as { fastify: string; lane: string }) });
        }
      } finally {
        await app.close();
      }
    }
    for (const s of seen) expect(s.lane, JSON.stringify(s)).toBe(s.fastify);
    const ipOf = (setting: string, header: string | undefined) => seen.find((s) => s.setting === setting && s.header === header)!.lane;
    // Untrusted peer: the socket. One hop: the proxy's own (last) entry. A list: past every trusted hop.
    expect(ipOf('false', '198.51.100.1')).toBe('127.0.0.1');
    expect(ipOf('10.0.0.0/8', '198.51.100.1')).toBe('127.0.0.1');
    expect(ipOf('true', '6.6.6.6, 198.51.100.1')).toBe('198.51.100.1');
    expect(ipOf('true', '6.6.6.6, 198.51.100.1, 10.2.2.2')).toBe('10.2.2.2');
    expect(ipOf('127.0.0.0/8, 10.0.0.0/8', '6.6.6.6, 198.51.100.1, 10.2.2.2')).toBe('198.51.100.1');
  });
});
