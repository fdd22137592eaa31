import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { settledFlag } from '../helpers/barriers.js';
import { Harness } from '../http/harness.js';
import { rawClient, rawRequest, statusOf } from './hostile-tcp.js';

/**
 * Hostile clients over real TCP against a listening server: a 10 MB body, a body that
 * never finishes, headers trickled one byte at a time (slowloris), duplicate credentials,
 * unnormalised paths. The server must refuse or cut them off within its configured
 * deadlines while it keeps answering everyone else.
 *
 * Deadlines are shortened here (the defaults are 30 s / 15 s / 60 s, app.ts); bounds
 * below are generous multiples of them, since the machine is shared.
 */
const TIMEOUTS = { requestMs: 2_000, headersMs: 1_500, idleMs: 4_000, checkEveryMs: 250 };
/** A slow client must be cut off well before this (about 4× the request deadline). */
const CUT_OFF_WITHIN_MS = 8_000;
const MB = 1024 * 1024;

for (const engine of ENGINES) {
  describe(`${engine.name}: hostile clients over TCP`, () => {
    let h: Harness;
    let port: number;
    let base: string;

    beforeAll(async () => {
      h = await Harness.open(engine, { timeouts: TIMEOUTS });
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      port = (h.app.server.address() as AddressInfo).port;
      base = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
      await h?.close();
    });

    const healthy = async (): Promise<void> => {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
    };
    const head = (length: number | 'chunked', key = h.org.adminKey) =>
      `POST /v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
      (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${length}\r\n\r\n`);
    const projectCount = async () => (await h.store.listProjects(h.org.id, { limit: 1000, beforeSeq: null })).length;

    it('answers 10 MB bodies (declared or chunked, five at once) with 413 without buffering them', async () => {
      const before = await projectCount();
      const heapBefore = process.memoryUsage().heapUsed;
      const body = Buffer.alloc(10 * MB, 'a');
      body.write('{"name":"', 0);
      const declared = Array.from(
        { length: 5 },
        () =>
          rawClient(port, Buffer.concat([Buffer.from(head(body.length)), body]), { giveUpMs: 20_000, until: (r) => r.includes('}}') }).done,
      );
      const chunk = Buffer.concat([Buffer.from(`${MB.toString(16)}\r\n`), body.subarray(0, MB), Buffer.from('\r\n')]);
      const chunked = Array.from(
        { length: 5 },
        () =>
          rawClient(port, Buffer.concat([Buffer.from(head('chunked')), ...Array.from({ length: 10 }, () => chunk)]), {
            giveUpMs: 20_000,
            until: (r) => r.includes('}}'),
          }).done,
      );
      for (const exchange of await Promise.all([...declared, ...chunked])) {
        expect(statusOf(exchange.response)).toBe(413);
        expect(exchange.response).toContain('"code":"PAYLOAD_TOO_LARGE"');
        expect(exchange.response).toContain('"field":"body"');
      }
      // Ten 10 MB bodies held as strings would be hundreds of MB; the parser stops at 1 MiB each.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(80 * MB);
      expect(await projectCount()).toBe(before);
      await healthy();
    }, 60_000);

    it('answers an unauthenticated 10 MB body 401 before reading it', async () => {
      const body = Buffer.alloc(10 * MB, 'a');
      const exchange = await rawClient(port, Buffer.concat([Buffer.from(head(body.length, 'kw_org_nope')), body]), {
        giveUpMs: 20_000,
        until: (r) => r.includes('}}'),
      }).done;
      expect(statusOf(exchange.response)).toBe(401);
    }, 30_000);

    it('cuts off a body that never finishes and trickled headers (slowloris) while answering others', async () => {
      const before = await projectCount();
      let accepted = 0;
      const countAccepted = () => accepted++;
      h.app.server.on('connection', countAccepted);
      // Declares 100 bytes, sends a byte every 200 ms: it would take 20 s, and never completes the JSON.
      const slowBodies = Array.from({ length: 10 }, () =>
        rawClient(port, head(100), { drip: '{"name":"slow"', everyMs: 200, giveUpMs: 30_000 }),
      );
      // Headers that never end: one more header byte every 200 ms.
      const slowHeaders = Array.from({ length: 40 }, () =>
        rawClient(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', { drip: 'X-Slow: aaaaaaaa\r\n', everyMs: 200, giveUpMs: 30_000 }),
      );
      // A connection that sends nothing at all.
      const silent = rawClient(port, '', { giveUpMs: 30_000 });

      const slow = [...slowBodies, ...slowHeaders, silent];
      // Every slow connection is accepted and held by the server before anyone else asks.
      await vi.waitFor(() => expect(accepted).toBeGreaterThanOrEqual(slow.length), { timeout: CUT_OFF_WITHIN_MS, interval: 10 });
      h.app.server.off('connection', countAccepted);
      const stillOpen = slow.map((c) => settledFlag(c.done)).map((settled) => () => !settled());
      const created = await fetch(`${base}/v1/projects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'created while under slowloris' }),
      });
      expect(created.status).toBe(201);
      // Meanwhile the server keeps answering (and writing) for everyone else, for as long as
      // any of them is held (and at least ten times).
      for (let i = 0; i < 10 || stillOpen.some((open) => open()); i++) {
        await healthy();
        await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects' }, 200);
      }

      for (const client of slow) {
        const exchange = await client.done;
        expect({ closedByServer: exchange.closedByServer, inTime: exchange.elapsedMs < CUT_OFF_WITHIN_MS }).toEqual({
          closedByServer: true,
          inTime: true,
        });
        // Node answers 408 when it can; otherwise it just closes. Never a 5xx, never a 2xx.
        const status = statusOf(exchange.response);
        if (status !== null) expect(status).toBe(408);
      }
      // Only the one complete request created anything.
      expect(await projectCount()).toBe(before + 1);
      await healthy();
    }, 60_000);

    it('answers a request Node’s parser refuses (a NUL in a header) with the native 400, a fresh request id, and closes (was Fastify’s own body; issue 17)', async () => {
      const key = h.org.adminKey;
      const cases: Array<[string, string]> = [
        [`GET /v1/whoami HTTP/1.1\r\nHost: x\r\nX-Request-Id: mine\r\nAuthorization: Bearer ${key}\u0000\r\n\r\n`, 'headers'],
        [`GET /v1/whoami HTTP/1.1\r\nHost: x\r\nAuthori\u0000zation: Bearer ${key}\r\n\r\n`, 'headers'],
        [`POST /v1/keys/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\u0001\r\nContent-Length: 2\r\n\r\n{}`, 'headers'],
        ['GARBAGE\r\n\r\n', 'request'],
        ['GET /healthz HTTP/9.7\r\nHost: x\r\n\r\n', 'request'],
      ];
      const ids = new Set<string>();
      for (const [text, field] of cases) {
        const exchange = await rawRequest(port, text);
        expect(exchange.closedByServer).toBe(true);
        const [head = '', body = ''] = exchange.response.split('\r\n\r\n');
        expect(statusOf(head), text).toBe(400);
        const headers = Object.fromEntries(
          head
            .split('\r\n')
            .slice(1)
            .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
        );
        expect(headers['content-type']).toBe('application/json; charset=utf-8');
        expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
        const parsed = JSON.parse(body) as { error: Record<string, unknown> };
        expect(Object.keys(parsed)).toEqual(['error']);
        expect(parsed.error).toEqual({
          code: 'VALIDATION',
          message: expect.stringMatching(new RegExp(`^${field}: `)),
          field,
          request_id: headers['x-request-id'],
        });
        expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        ids.add(headers['x-request-id']!);
        expect(exchange.response).not.toContain(key);
        expect(exchange.response).not.toContain('mine');
      }
      expect(ids.size).toBe(cases.length);
      await healthy();
    });

    it('answers duplicate credentials, bad header bytes and unnormalised paths without a 5xx or a leaked file', async () => {
      const key = h.org.adminKey;
      const requests = [
        `GET /v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nAuthorization: Bearer kw_org_other\r\nConnection: close\r\n\r\n`,
        `POST /compat/langtrace/api/api-key?team_id=${h.org.id} HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${key}\r\nX-Api-Key: ${key}\r\nConnection: close\r\n\r\n`,
        `GET /compat/confident/v1/projects HTTP/1.1\r\nHost: x\r\nCONFIDENT_API_KEY: ${key}\r\nconfident_api_key: x\r\nConnection: close\r\n\r\n`,
        `GET /v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\u0000\r\nConnection: close\r\n\r\n`,
        `GET /v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe\r\nConnection: close\r\n\r\n`,
        'GET /assets/../../package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /assets/..%2f..%2fpackage.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /assets/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /docs/static/../../../../package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET //etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        `GET /v1/projects/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
        `POST /v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
        `POST /v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{"name":"short"}`,
        'GARBAGE\r\n\r\n',
      ];
      for (const text of requests) {
        const exchange = await rawRequest(port, text);
        const status = statusOf(exchange.response);
        expect({ request: text.slice(0, 80), status: status !== null && status < 500 }).toEqual({
          request: text.slice(0, 80),
          status: true,
        });
        expect(exchange.response).not.toMatch(/"name":\s*"keyward"|root:x:0:0/);
      }
      await healthy();
    }, 60_000);
  });
}
