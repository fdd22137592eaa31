import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyward } from '@keyward/client';
import { keyward as expressKeyward } from '@keyward/client/express';
import { keyward as fastifyKeyward } from '@keyward/client/fastify';
import { withKeyward } from '@keyward/client/fetch';
import { keyward as honoKeyward } from '@keyward/client/hono';
import type { KeywardMiddlewareOptions } from '@keyward/client/fetch';
import { CLI_TEST_TIMEOUT, startServe } from '../cli/cli-process.js';
import { ENGINES, freshDatabaseUrl } from '../helpers/engines.js';
import { useLiveServer } from './live-server.js';

/**
 * Each middleware inside its real framework, verifying against a real Keyward server. Every
 * app has one route, GET /whoami, that answers the Verification's key id and roles.
 */
interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
  body: any;
}
type Call = (headers: Record<string, string>) => Promise<Answer>;
interface Framework {
  name: string;
  start(options: KeywardMiddlewareOptions): Promise<{ call: Call; close(): Promise<void> }>;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text, body: JSON.parse(text) };
}

async function listening(server: Server): Promise<{ call: Call; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whoami`;
  return {
    call: async (headers) => answer(await fetch(url, { headers })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const FRAMEWORKS: Framework[] = [
  {
    name: 'fastify',
    async start(options) {
      const app = Fastify();
      await app.register(fastifyKeyward, options);
      app.get('/whoami', async (request) => ({ key_id: request.keyward?.key_id, roles: request.keyward?.roles }));
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/whoami`;
      return { call: async (headers) => answer(await fetch(url, { headers })), close: () => app.close() };
    },
  },
  {
    name: 'express',
    async start(options) {
      const app = express();
      app.use(expressKeyward(options));
      app.get('/whoami', (req, res) => {
        res.json({ key_id: req.keyward?.key_id, roles: req.keyward?.roles });
      });
      return listening(createServer(app));
    },
  },
  {
    name: 'hono',
    async start(options) {
      const app = new Hono();
      app.use(honoKeyward(options));
      app.get('/whoami', (c) => c.json({ key_id: c.get('keyward').key_id, roles: c.get('keyward').roles }));
      return { call: async (headers) => answer(await app.request('/whoami', { headers })), close: async () => undefined };
    },
  },
  {
    name: 'fetch',
    async start(options) {
      const handler = withKeyward((_request, v) => Response.json({ key_id: v.key_id, roles: v.roles }), options);
      return {
        call: async (headers) => answer(await handler(new Request('http://app.test/whoami', { headers }))),
        close: async () => undefined,
      };
    },
  },
];

for (const engine of ENGINES) {
  describe(`middleware against a real Keyward server (${engine.name})`, () => {
    const live = useLiveServer(engine);
    let verifier: Keyward;
    const keys: Record<string, { id: string; key: string }> = {};

    beforeAll(async () => {
      const kw = live().admin;
      verifier = new Keyward({ baseUrl: live().url, apiKey: await live().harness.keyWith('keys:verify') });
      const project = await kw.projects.create({ name: 'middleware' });
      keys.ingest = await kw.keys.create(project.id, { name: 'ingest', roles: ['ingest'] });
      keys.reader = await kw.keys.create(project.id, { name: 'reader', roles: ['read'] });
      keys.revoked = await kw.keys.create(project.id, { name: 'revoked', roles: ['ingest'] });
      await kw.keys.revoke(keys.revoked.id);
    });

    for (const framework of FRAMEWORKS) {
      describe(framework.name, () => {
        let app: Awaited<ReturnType<Framework['start']>>;
        beforeAll(async () => {
          app = await framework.start({ client: verifier, roles: ['ingest'] });
        });
        afterAll(async () => {
          await app?.close();
        });

        it('lets a valid key through with its Verification (Authorization: Bearer, then x-api-key)', async () => {
          const bearer = await app.call({ authorization: `Bearer ${keys.ingest!.key}` });
          expect(bearer).toMatchObject({ status: 200, body: { key_id: keys.ingest!.id, roles: ['ingest'] } });
          const header = await app.call({ 'x-api-key': keys.ingest!.key });
          expect(header).toMatchObject({ status: 200, body: { key_id: keys.ingest!.id } });
        });

        it('refuses a missing key with 401 and the native error body', async () => {
          const res = await app.call({});
          expect(res.status).toBe(401);
          expect(res.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String), request_id: expect.any(String) } });
          expect((await app.call({ authorization: 'Basic abc' })).status).toBe(401);
        });

        it('refuses a revoked or unknown key with 401 and its verification code, never echoing the key', async () => {
          const revoked = await app.call({ authorization: `Bearer ${keys.revoked!.key}` });
          expect(revoked).toMatchObject({ status: 401, body: { error: { code: 'REVOKED' } } });
          expect(revoked.text).not.toContain(keys.revoked!.key);
          const unknown = await app.call({ 'x-api-key': 'kw_proj_nothing' });
          expect(unknown.status).toBe(401);
          expect(['NOT_FOUND', 'MALFORMED']).toContain(unknown.body.error.code);
          expect(unknown.text).not.toContain('kw_proj_nothing');
        });

        it('refuses a key without the required role with 403 INSUFFICIENT_ROLES', async () => {
          const res = await app.call({ authorization: `Bearer ${keys.reader!.key}` });
          expect(res).toMatchObject({ status: 403, body: { error: { code: 'INSUFFICIENT_ROLES' } } });
        });

        it('answers 503 UNAVAILABLE when Keyward cannot be reached (fail closed)', async () => {
          const down = new Keyward({ baseUrl: 'http://127.0.0.1:9', apiKey: 'kw_org_x', retry: false });
          const other = await framework.start({ client: down });
          try {
            const res = await other.call({ authorization: `Bearer ${keys.ingest!.key}` });
            expect(res).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
          } finally {
            await other.close();
          }
        });

        it('reads the key from the header the options name, and only from it', async () => {
          const other = await framework.start({ client: verifier, header: 'X-Platform-Key' });
          try {
            expect((await other.call({ 'x-platform-key': keys.reader!.key })).status).toBe(200);
            expect((await other.call({ authorization: `Bearer ${keys.reader!.key}` })).status).toBe(401);
          } finally {
            await other.close();
          }
        });

        it('refuses a rate-limited key with 429 and Retry-After', async () => {
          const project = await live().admin.projects.create({ name: `limited ${framework.name}` });
          const limited = await live().admin.keys.create(project.id, {
            name: 'l',
            roles: ['ingest'],
            rate_limit: { limit: 1, window_ms: 60_000 },
          });
          expect((await app.call({ authorization: `Bearer ${limited.key}` })).status).toBe(200);
          const res = await app.call({ authorization: `Bearer ${limited.key}` });
          expect(res).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
          expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
        });
      });
    }

    it("verifies through `local` when given one (any object with the local verifier's verify)", async () => {
      const asked: string[] = [];
      // The local verifier of kw.localVerifier() has this shape; here it forwards to the server.
      const local = {
        verify: (key: string, o?: { roles?: string[] }) => (asked.push(key), verifier.keys.verify({ key, ...o })),
        close: async () => undefined,
      };
      for (const framework of FRAMEWORKS) {
        const app = await framework.start({ local, roles: ['ingest'] });
        try {
          expect((await app.call({ authorization: `Bearer ${keys.ingest!.key}` })).status).toBe(200);
          expect((await app.call({ 'x-api-key': keys.revoked!.key })).body.error.code).toBe('REVOKED');
        } finally {
          await app.close();
        }
      }
      expect(asked).toHaveLength(2 * FRAMEWORKS.length);
    });

    it('refuses bad options when the middleware is made, naming the field', () => {
      expect(() => withKeyward(() => new Response(), {} as never)).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'client' }),
      );
      expect(() => expressKeyward({ client: verifier, roles: 'admin' as never })).toThrow(expect.objectContaining({ field: 'roles' }));
      expect(() => honoKeyward({ client: verifier, header: '' })).toThrow(expect.objectContaining({ field: 'header' }));
    });
  });
}

/**
 * The real local verifier as `local`, against a `keyward serve` process. Not the in-process
 * server above: a local verifier's closed stream leaves fetch (undici) a spare socket that
 * never sends a request, and a graceful close waits on that for its 60 s headers timeout; the
 * process is killed instead.
 */
describe('middleware with a real kw.localVerifier()', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('answers from the snapshot in every framework', async () => {
    const db = freshDatabaseUrl(ENGINES[0]!);
    const server = await startServe({ KEYWARD_DATABASE_URL: db.url });
    try {
      const adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
      const kw = new Keyward({ baseUrl: server.url, apiKey: adminKey });
      const project = await kw.projects.create({ name: 'local middleware' });
      const ingest = await kw.keys.create(project.id, { name: 'ingest', roles: ['ingest'] });
      const reader = await kw.keys.create(project.id, { name: 'reader', roles: ['read'] });
      const revoked = await kw.keys.create(project.id, { name: 'revoked', roles: ['ingest'] });
      await kw.keys.revoke(revoked.id);
      const local = await kw.localVerifier();
      try {
        for (const framework of FRAMEWORKS) {
          const app = await framework.start({ local, roles: ['ingest'] });
          try {
            const ok = await app.call({ authorization: `Bearer ${ingest.key}` });
            expect(ok).toMatchObject({ status: 200, body: { key_id: ingest.id, roles: ['ingest'] } });
            expect((await app.call({ 'x-api-key': revoked.key })).body.error.code).toBe('REVOKED');
            expect((await app.call({ authorization: `Bearer ${reader.key}` })).status).toBe(403);
          } finally {
            await app.close();
          }
        }
      } finally {
        await local.close();
      }
    } finally {
      await server.kill();
      await db.cleanup();
    }
  });
});
