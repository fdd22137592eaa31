import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from '../http/expect-error.js';
import { useHarness, type Harness } from '../http/harness.js';

/**
 * The hostile inputs the generated suite (hostile-input.test.ts) found, pinned as plain
 * cases so they stay fixed whatever fast-check draws on a given run.
 */

const json = (h: Harness, method: 'POST' | 'PATCH', url: string, payload: string) =>
  h.app.inject({ method, url, headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': 'application/json' }, payload });

for (const engine of ENGINES) {
  describe(`${engine.name}: hostile inputs found by the generated suite`, () => {
    const harness = useHarness(engine);

    it('refuses JSON nested thousands of levels deep with a 400 naming body (was a 500: stack overflow in the metadata check)', async () => {
      const h = harness();
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id']);
      for (const depth of [65, 5_000, 100_000]) {
        const arrays = '['.repeat(depth) + ']'.repeat(depth);
        const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
        for (const nested of [arrays, objects]) {
          expectError(await json(h, 'PATCH', `/v1/keys/${key['id']}`, `{"metadata":{"n":${nested}}}`), 'VALIDATION', 'body');
          expectError(
            await json(h, 'POST', `/v1/projects/${project['id']}/keys`, `{"name":"k","metadata":{"n":${nested}}}`),
            'VALIDATION',
            'body',
          );
        }
      }
      // Braces inside strings are text, not nesting; a legitimately nested metadata still works.
      const ok = await json(
        h,
        'PATCH',
        `/v1/keys/${key['id']}`,
        JSON.stringify({ metadata: { text: '['.repeat(5000), a: { b: { c: [[1]] } } } }),
      );
      expect(ok.statusCode).toBe(200);
      expect(ok.json().metadata.text).toBe('['.repeat(5000));
    });

    it('refuses deep JSON the same way where a dialect reads a form-urlencoded body as JSON (Openlayer)', async () => {
      const h = harness();
      const res = await h.app.inject({
        method: 'POST',
        url: `/compat/openlayer/v1/workspaces/${h.org.id}/api-keys`,
        headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: 'body must not nest deeper than 64 levels',
        message: 'body must not nest deeper than 64 levels',
      });
    });

    it('answers a malformed percent-encoding in the path in the surface’s own shape, with a request id and no echo (was Fastify’s raw body)', async () => {
      const h = harness();
      const auth = { authorization: `Bearer ${h.org.adminKey}` };
      for (const url of ['/v1/keys/%zz<script>', '/v1/projects/%ED%A0%80', '/docs/static/%']) {
        const res = await h.app.inject({ method: 'GET', url, headers: auth });
        const error = expectError(res, 'VALIDATION', 'path');
        expect(res.body).not.toContain('script');
        expect(error['request_id']).toBe(res.headers['x-request-id']);
      }
      const basic = await h.app.inject({ method: 'GET', url: '/compat/basic/project/%zz/key', headers: auth });
      expect(basic.statusCode).toBe(400);
      expect(basic.json()).toEqual({ error: 'Bad Request', message: 'path holds a malformed percent-encoding' });
      const confident = await h.app.inject({
        method: 'GET',
        url: '/compat/confident/v1/projects/%',
        headers: { confident_api_key: h.org.adminKey },
      });
      expect(confident.json()).toEqual({ success: false, error: 'path holds a malformed percent-encoding', deprecated: false });
    });

    it('refuses a NUL in a path id or query value with a 400 naming it, on both engines (was a 500 on PostgreSQL)', async () => {
      const h = harness();
      const auth = { authorization: `Bearer ${h.org.adminKey}` };
      const basic = await h.app.inject({ method: 'GET', url: '/compat/basic/project/%00/key', headers: auth });
      expect({ status: basic.statusCode, body: basic.json() }).toEqual({
        status: 400,
        body: { error: 'Bad Request', message: 'id must not contain a NUL character (%00)' },
      });
      const confident = await h.app.inject({
        method: 'GET',
        url: '/compat/confident/v1/projects/a%00b/api-keys',
        headers: { confident_api_key: h.org.adminKey },
      });
      expect(confident.statusCode).toBe(400);
      expect(confident.json().error).toBe('projectId must not contain a NUL character (%00)');
      const braintrust = await h.app.inject({ method: 'GET', url: '/compat/braintrust/v1/api_key?api_key_name=x%00', headers: auth });
      expect(braintrust.json()).toEqual({ message: 'api_key_name must not contain a NUL character (%00)' });
      expectError(await h.app.inject({ method: 'GET', url: '/v1/projects/%00', headers: auth }), 'VALIDATION', 'projectId');
    });

    it('answers an over-long path parameter with a 400 naming path (was Fastify’s 414 echoing the path)', async () => {
      const h = harness();
      const res = await h.app.inject({
        method: 'GET',
        url: `/v1/keys/${'a'.repeat(5000)}`,
        headers: { authorization: `Bearer ${h.org.adminKey}` },
      });
      expectError(res, 'VALIDATION', 'path');
      expect(res.body.length).toBeLessThan(300);
    });

    it('answers a NUL in a dashboard asset path with a 400 that names the request (was one naming nothing)', async () => {
      const h = harness();
      expectError(await h.app.inject({ method: 'GET', url: '/assets/%00' }), 'VALIDATION', 'request');
    });

    it('refuses a lone surrogate naming its field, and creates nothing (was a 201 whose name the database then changed)', async () => {
      const h = harness();
      const project = await h.createProject();
      const list = () => h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects?limit=100' }, 200);
      const before = await list();
      expectError(await json(h, 'POST', '/v1/projects', '{"name":"a\\ud800b"}'), 'VALIDATION', 'name');
      expectError(await json(h, 'POST', '/v1/projects', '{"name":"\\uDFFF"}'), 'VALIDATION', 'name');
      expectError(
        await json(h, 'POST', `/v1/projects/${project['id']}/keys`, '{"name":"k","metadata":{"x":["ok","\\udc00"]}}'),
        'VALIDATION',
        'metadata.x[1]',
      );
      expectError(
        await json(h, 'POST', `/v1/projects/${project['id']}/keys`, '{"name":"k","metadata":{"\\ud800":1}}'),
        'VALIDATION',
        'metadata',
      );
      expect(await list()).toEqual(before);
      const basic = await h.app.inject({
        method: 'POST',
        url: `/compat/basic/project/${project['id']}/key`,
        headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': 'application/json' },
        payload: '{"label":"\\ud83d","roles":""}',
      });
      expect(basic.json()).toEqual({ error: 'Bad Request', message: 'label must be well-formed Unicode (no lone surrogates)' });
      // An escaped pair is one character, and an escaped backslash before "ud800" is plain text.
      const pair = await json(h, 'POST', '/v1/projects', '{"name":"key \\ud83d\\udd11 and \\\\ud800"}');
      expect(pair.statusCode).toBe(201);
      const read = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${pair.json().id}` }, 200);
      expect(read['name']).toBe('key 🔑 and \\ud800');
    });

    it('refuses a body that is not UTF-8, or declared in another charset, with a 400 naming body, and creates nothing (was a 201 storing U+FFFD; issue 17)', async () => {
      const h = harness();
      const project = await h.createProject();
      const list = () => h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects?limit=100' }, 200);
      const before = await list();
      const bytes = (...parts: Array<string | number[]>) =>
        Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
      const post = (url: string, payload: Buffer, contentType = 'application/json') =>
        h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': contentType }, payload });
      const invalid = [
        [0xff], // never in UTF-8
        [0xc3], // a lead byte with nothing after it
        [0xe2, 0x82], // a three-byte sequence cut short
        [0xc0, 0xaf], // an overlong '/'
        [0xed, 0xa0, 0x80], // a surrogate written as UTF-8
        [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
        [0xe9], // 'é' in Latin-1
      ];
      for (const bad of invalid) {
        for (const [url, body] of [
          ['/v1/projects', bytes('{"name":"a', bad, 'b"}')],
          [`/v1/projects/${project['id']}/keys`, bytes('{"name":"k","metadata":{"', bad, '":1}}')],
        ] as const) {
          const error = expectError(await post(url, body), 'VALIDATION', 'body');
          expect(error['message']).toMatch(/not valid UTF-8/);
        }
      }
      for (const charset of ['latin1', 'ISO-8859-1', '"utf-16"', 'us-ascii', 'windows-1252']) {
        const error = expectError(
          await post('/v1/projects', bytes('{"name":"plain"}'), `application/json; charset=${charset}`),
          'VALIDATION',
          'body',
        );
        expect(error['message']).toMatch(/UTF-8/);
      }
      // A dialect's body goes through the same parser, in its own error shape.
      const basic = await post(`/compat/basic/project/${project['id']}/key`, bytes('{"label":"', [0xff], '","roles":""}'));
      expect({ status: basic.statusCode, body: basic.json() }).toEqual({
        status: 400,
        body: { error: 'Bad Request', message: 'body is not valid UTF-8' },
      });
      const openlayer = await post(
        `/compat/openlayer/v1/workspaces/${h.org.id}/api-keys`,
        bytes('{"name":"', [0xff], '"}'),
        'application/x-www-form-urlencoded',
      );
      expect({ status: openlayer.statusCode, body: openlayer.json() }).toEqual({
        status: 400,
        body: { error: 'body is not valid UTF-8', message: 'body is not valid UTF-8' },
      });
      expect(await list()).toEqual(before);
      // UTF-8 however it is declared, and a leading BOM, are read as before.
      for (const contentType of [
        'application/json',
        'application/json; charset=utf-8',
        'application/json;charset="UTF-8"',
        'application/json; charset=utf8',
      ]) {
        const name = `ünï ${contentType.length} 🔑`;
        const created = await post('/v1/projects', bytes(JSON.stringify({ name })), contentType);
        expect(created.statusCode).toBe(201);
        expect(created.json().name).toBe(name);
      }
      const bom = await post('/v1/projects', bytes([0xef, 0xbb, 0xbf], '{"name":"after a BOM"}'));
      expect(bom.statusCode).toBe(201);
    });

    it('stores injection strings and unicode as plain text and gives them back exactly', async () => {
      const h = harness();
      const names = ["'; DROP TABLE projects; --", '" OR 1=1 --', '🔑 ключ \u202e كلمة', '$1 ? %s {{x}}', '\\', 'a'.repeat(120)];
      for (const name of names) {
        const created = await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/projects', body: { name } }, 201);
        const read = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${created['id']}` }, 200);
        expect(read['name']).toBe(name);
      }
      // The tables are all still there.
      await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects?limit=100' }, 200);
    });
  });
}
