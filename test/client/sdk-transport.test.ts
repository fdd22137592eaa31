import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Keyward, KeywardError } from '@keyward/client';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';

/**
 * What the client does on its own, before and around the server: argument checks, the
 * method per route, timeouts, aborts and retries. The misbehaving servers here are plain
 * node:http servers that answer as a failing proxy or an overloaded server would.
 */

const ID = '00000000-0000-4000-8000-000000000000';

/** A client whose fetch fails the test if any call reaches it: argument checks must come first. */
const offline = (): Keyward =>
  new Keyward({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'kw_org_x',
    fetch: () => {
      throw new Error('a bad argument reached the network');
    },
  });

async function failure(call: () => unknown): Promise<KeywardError> {
  try {
    const result = call();
    if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      for await (const _ of result as AsyncIterable<unknown>) break;
    } else {
      await result;
    }
  } catch (err) {
    return err as KeywardError;
  }
  throw new Error('expected a failure');
}

describe('@keyward/client bad input', () => {
  const kw = offline();
  const bad = null as never;
  const cases: [string, () => unknown, string][] = [
    ['orgs.create without a body', () => kw.orgs.create(bad), 'body'],
    ['orgs.list with a query that is not an object', () => kw.orgs.list('limit=1' as never), 'query'],
    ['orgs.listAll with an object in the query', () => kw.orgs.listAll({ limit: {} as never }), 'query.limit'],
    ['orgs.get without an id', () => kw.orgs.get(undefined as never), 'orgId'],
    ['orgs.delete with an empty id', () => kw.orgs.delete(''), 'orgId'],
    ['projects.create with an array', () => kw.projects.create([] as never), 'body'],
    ['projects.list with a bad signal', () => kw.projects.list({}, { signal: 'stop' as never }), 'options.signal'],
    ['projects.listAll with bad options', () => kw.projects.listAll({}, 5 as never), 'options'],
    ['projects.get with a number', () => kw.projects.get(42 as never), 'projectId'],
    ['projects.update without a body', () => kw.projects.update(ID, bad), 'body'],
    ['projects.delete without an id', () => kw.projects.delete(bad), 'projectId'],
    ['projects.usage with a bad timeout', () => kw.projects.usage(ID, {}, { timeoutMs: -1 }), 'options.timeoutMs'],
    ['keys.create without a project', () => kw.keys.create(bad, { name: 'x' }), 'projectId'],
    ['keys.create without a body', () => kw.keys.create(ID, bad), 'body'],
    ['keys.list with a string query', () => kw.keys.list(ID, 'x' as never), 'query'],
    ['keys.listAll without a project', () => kw.keys.listAll(bad), 'projectId'],
    ['keys.get with an object', () => kw.keys.get({} as never), 'keyId'],
    ['keys.update with a string body', () => kw.keys.update(ID, 'x' as never), 'body'],
    ['keys.roll with a string body', () => kw.keys.roll(ID, 'x' as never), 'body'],
    ['keys.revoke without an id', () => kw.keys.revoke(bad), 'keyId'],
    ['keys.usage with an array query', () => kw.keys.usage(ID, [] as never), 'query'],
    ['keys.verify without a key', () => kw.keys.verify({} as never), 'key'],
    ['keys.verify with a number key', () => kw.keys.verify({ key: 5 } as never), 'key'],
    ['keys.verify without a body', () => kw.keys.verify(bad), 'body'],
    ['keys.verify with a BigInt in it', () => kw.keys.verify({ key: 'k', cost: 1n } as never), 'body'],
    ['keys.verifyBatch without an array', () => kw.keys.verifyBatch({} as never), 'items'],
    ['keys.verifyBatch with an item without a key', () => kw.keys.verifyBatch([{ key: 'a' }, {} as never]), 'items.1.key'],
    ['keys.reportUsage without a body', () => kw.keys.reportUsage(bad), 'body'],
    ['keys.reportUsage without entries', () => kw.keys.reportUsage({} as never), 'entries'],
    ['keys.reportUsage with an entry that is not an object', () => kw.keys.reportUsage({ entries: ['x'] as never }), 'entries.0'],
    ['keys.import without a project', () => kw.keys.import(bad, { keys: [] }), 'projectId'],
    ['keys.import without keys', () => kw.keys.import(ID, {} as never), 'keys'],
    ['keys.leaked with a string body', () => kw.keys.leaked('kw_x' as never), 'body'],
    ['keys.leaked with a key that is not a string', () => kw.keys.leaked({ keys: ['a', 5 as never] }), 'keys.1'],
    ['org.get with bad options', () => kw.org.get('x' as never), 'options'],
    ['org.update without a body', () => kw.org.update(bad), 'body'],
    ['webhooks.create without a body', () => kw.webhooks.create(bad), 'body'],
    ['webhooks.list with a string query', () => kw.webhooks.list('x' as never), 'query'],
    ['webhooks.listAll with an object in the query', () => kw.webhooks.listAll({ limit: {} as never }), 'query.limit'],
    ['webhooks.get without an id', () => kw.webhooks.get(bad), 'webhookId'],
    ['webhooks.update without a body', () => kw.webhooks.update(ID, bad), 'body'],
    ['webhooks.update with an empty id', () => kw.webhooks.update('', {}), 'webhookId'],
    ['webhooks.delete with a number', () => kw.webhooks.delete(7 as never), 'webhookId'],
    ['webhooks.rotateSecret without an id', () => kw.webhooks.rotateSecret(bad), 'webhookId'],
    ['webhooks.deliveries with an array query', () => kw.webhooks.deliveries(ID, [] as never), 'query'],
    ['webhooks.deliveriesAll without a webhook', () => kw.webhooks.deliveriesAll(bad), 'webhookId'],
    ['webhooks.redeliver without a delivery', () => kw.webhooks.redeliver(ID, bad), 'deliveryId'],
    ['orgKeys.create without a body', () => kw.orgKeys.create(bad), 'body'],
    ['orgKeys.list with a string', () => kw.orgKeys.list('x' as never), 'query'],
    ['orgKeys.listAll with a string', () => kw.orgKeys.listAll('x' as never), 'query'],
    ['orgKeys.revokeUserKeys without a user', () => kw.orgKeys.revokeUserKeys(bad), 'userId'],
    ['usage.byKey without a key id', () => kw.usage.byKey(bad), 'keyId'],
    ['usage.byProject without a project id', () => kw.usage.byProject(bad), 'projectId'],
    ['audit.list with a string', () => kw.audit.list('x' as never), 'query'],
    ['audit.listAll with a function in the query', () => kw.audit.listAll({ action: (() => 1) as never }), 'query.action'],
    ['whoami with bad options', () => kw.whoami('fast' as never), 'options'],
    ['request without a path', () => kw.request({ method: 'GET' } as never), 'call.path'],
    ['localVerifier with a bad project id', () => kw.localVerifier({ projectId: 7 as never }), 'projectId'],
    ['new Keyward without options', () => new Keyward(bad), 'options'],
    ['new Keyward without an API key', () => new Keyward({ baseUrl: 'http://x', apiKey: undefined }), 'apiKey'],
    ['new Keyward with a URL that is not http', () => new Keyward({ baseUrl: 'ftp://x', apiKey: 'k' }), 'baseUrl'],
    ['new Keyward with a bad timeout', () => new Keyward({ baseUrl: 'http://x', apiKey: 'k', timeoutMs: 0 }), 'timeoutMs'],
    [
      'new Keyward with a bad retry count',
      () => new Keyward({ baseUrl: 'http://x', apiKey: 'k', retry: { retries: -1 } }),
      'retry.retries',
    ],
  ];
  for (const [name, call, field] of cases) {
    it(`${name} is a KeywardError VALIDATION naming ${field}`, async () => {
      const err = await failure(call);
      expect(err).toBeInstanceOf(KeywardError);
      expect(err).toMatchObject({ code: 'VALIDATION', field });
    });
  }
});

describe('@keyward/client covers the API', () => {
  it('has a method for every operationId of /openapi.json (group.name → kw.group.name)', async () => {
    const store = await openStore('sqlite::memory:', { migrate: true });
    const app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
    try {
      await app.ready();
      const doc = app.swagger() as { paths: Record<string, Record<string, { operationId?: string }>> };
      const ids = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/v1/'))
        .flatMap(([, ops]) => Object.values(ops).map((op) => op.operationId ?? ''));
      expect(ids.length).toBeGreaterThan(20);
      const kw = offline() as unknown as Record<string, Record<string, unknown> | (() => unknown)>;
      // No method of their own: keys.stream is the NDJSON feed of local verifiers
      // (kw.localVerifier() is its API), and leaks.report is GitHub's (signed by GitHub; a
      // platform has no Keyward credential to send it with, and reports through keys.leaked).
      const noMethod = new Set(['keys.stream', 'leaks.report']);
      expect(typeof kw.localVerifier).toBe('function');
      const missing = ids.filter((id) => {
        const [group = '', name = ''] = id.split('.');
        if (noMethod.has(id)) return false;
        if (id === 'whoami.get') return typeof kw.whoami !== 'function';
        return typeof (kw[group] as Record<string, unknown> | undefined)?.[name] !== 'function';
      });
      expect(missing).toEqual([]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('@keyward/client timeouts, aborts and retries', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** A server answering with `handle`; counts the requests it gets. */
  async function stub(
    handle: (req: IncomingMessage, res: ServerResponse, n: number) => void,
  ): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    server = createServer((req, res) => handle(req, res, ++hits));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
  }

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const unavailable = { error: { code: 'UNAVAILABLE', message: 'busy', request_id: 'r1' } };
  const fast = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

  it('times out a call the server never answers (TIMEOUT)', async () => {
    const s = await stub(() => undefined);
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', timeoutMs: 50, retry: false });
    expect(await kw.whoami().catch((e: unknown) => e)).toMatchObject({ code: 'TIMEOUT' });
  });

  it('retries a read that timed out', async () => {
    const whoami = { key_id: 'a', org_id: 'b', org_name: 'c', roles: [] };
    const s = await stub((_req, res, n) => (n === 1 ? undefined : json(res, 200, whoami)));
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', timeoutMs: 1000, retry: fast });
    expect(await kw.whoami()).toEqual(whoami);
    expect(s.hits()).toBe(2);
  });

  it('stops at once when the caller aborts (ABORTED), and never retries it', async () => {
    const s = await stub(() => undefined);
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: fast });
    const controller = new AbortController();
    const pending = kw.keys.get(ID, { signal: controller.signal }).catch((e: unknown) => e);
    while (s.hits() === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'ABORTED' });
    expect(s.hits()).toBe(1);
  });

  it('retries a read after 503s and answers the success', async () => {
    const s = await stub((_req, res, n) =>
      n < 3 ? json(res, 503, unavailable) : json(res, 200, { key_id: 'a', org_id: 'b', org_name: 'c', roles: [] }),
    );
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: fast });
    expect(await kw.whoami()).toMatchObject({ org_name: 'c' });
    expect(s.hits()).toBe(3);
  });

  it('retries a verification after a dropped connection', async () => {
    const s = await stub((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { valid: false, code: 'NOT_FOUND' })));
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: fast });
    expect(await kw.keys.verify({ key: 'kw_proj_x' })).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(s.hits()).toBe(2);
  });

  it('gives up after the configured retries with the last error', async () => {
    const s = await stub((_req, res) => json(res, 503, unavailable));
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: { ...fast, retries: 4 } });
    expect(await kw.projects.list().catch((e: unknown) => e)).toMatchObject({ code: 'UNAVAILABLE', status: 503, requestId: 'r1' });
    expect(s.hits()).toBe(5);
  });

  it('never retries a create, not even after a 503 or a dropped connection', async () => {
    const s = await stub((req, res, n) => (n % 2 === 1 ? json(res, 503, unavailable) : req.socket.destroy()));
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: fast });
    expect(await kw.projects.create({ name: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect(await kw.keys.create(ID, { name: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'UNAVAILABLE', status: undefined });
    expect(await kw.keys.roll(ID).catch((e: unknown) => e)).toMatchObject({ status: 503 });
    expect(await kw.orgKeys.create({ name: 'x', roles: [] }).catch((e: unknown) => e)).toMatchObject({ status: undefined });
    expect(await kw.orgs.create({ name: 'x' }).catch((e: unknown) => e)).toMatchObject({ status: 503 });
    expect(await kw.webhooks.create({ url: 'https://x', events: ['key.created'] }).catch((e: unknown) => e)).toMatchObject({
      status: undefined,
    });
    expect(await kw.webhooks.rotateSecret(ID).catch((e: unknown) => e)).toMatchObject({ status: 503 });
    expect(await kw.keys.import(ID, { keys: [{ name: 'a', key: 'k' }] }).catch((e: unknown) => e)).toMatchObject({ status: undefined });
    expect(s.hits()).toBe(8);
  });

  it('does not retry a client error', async () => {
    const s = await stub((_req, res) => json(res, 404, { error: { code: 'NOT_FOUND', message: 'no such key', request_id: 'r2' } }));
    const kw = new Keyward({ baseUrl: s.url, apiKey: 'k', retry: fast });
    expect(await kw.keys.get(ID).catch((e: unknown) => e)).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'no such key' });
    expect(s.hits()).toBe(1);
  });

  it('calls the server under a path prefix, with the key as a bearer token', async () => {
    let seen = '';
    const s = await stub((req, res) => {
      seen = `${req.method} ${req.url} ${req.headers.authorization}`;
      json(res, 200, { data: [], next_cursor: null });
    });
    const kw = new Keyward({ baseUrl: `${s.url}/keyward/v1/`, apiKey: 'kw_org_abc' });
    await kw.keys.list('a/b', { limit: 5, include_revoked: true });
    expect(seen).toBe('GET /keyward/v1/projects/a%2Fb/keys?limit=5&include_revoked=true Bearer kw_org_abc');
  });
});
