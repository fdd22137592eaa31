import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness } from './harness.js';
import { LogCapture } from './log-capture.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: logs`, () => {
    const logs = new LogCapture();
    const harness = useHarness(engine, { logger: { level: 'trace', stream: logs } });

    it('never contain a raw key, whether sent as credential, verified, minted or refused', async () => {
      const h = harness();
      const p = await h.createProject();
      const k = await h.mintProjectKey(p['id']);
      const headers = { 'x-api-key': k['key'], confident_api_key: k['key'] };
      await h.send(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: k['key'] } }, headers);
      await h.send(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: k['key'], extra: 1 } });
      await h.send(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: 7 } });
      await h.send(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: 'x', [k['key']]: 'pasted as a field name' } });
      await h.send(h.org.adminKey, { method: 'POST', url: `/v1/projects/${p['id']}/keys`, body: { name: 'x', roles: [`${k['key']} `] } });
      await h.send(k['key'], { method: 'GET', url: '/v1/whoami' });
      const rolled = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/keys/${k['id']}/roll` }, 201);

      expect(logs.lines.length).toBeGreaterThan(10); // the logs were written, and were looked at
      expect(logs.text).toContain('"reqId"');
      for (const secret of [h.org.adminKey, h.rootKey, k['key'], rolled['key']]) expect(logs.text).not.toContain(secret);
      for (const secret of [h.org.adminKey, k['key']]) expect(logs.text).not.toContain(secret.slice(8, 40));
    });

    it('redacts credentials and keys even when something logs headers or a body', async () => {
      const h = harness();
      h.app.log.info(
        {
          headers: { authorization: 'Bearer SECRET-A', 'x-api-key': 'SECRET-B', confident_api_key: 'SECRET-C' },
          body: { key: 'SECRET-D' },
        },
        'a careless log line',
      );
      const line = logs.lines.find((l) => l.includes('a careless log line'));
      expect(line).toBeDefined();
      expect(line).not.toMatch(/SECRET-/);
      expect(JSON.parse(line!).headers.authorization).toBe('[redacted]');
    });

    it('answers an unexpected failure with a generic 500 and logs its detail only, with the request id', async () => {
      const h = harness();
      const broken = new Proxy(h.store, {
        // No answer from memory either: every lookup by hash reaches the failing read.
        get: (target, prop) =>
          prop === 'findKeyByHash'
            ? () => Promise.reject(new Error('disk on fire at sector 7'))
            : prop === 'peekKeyByHash'
              ? undefined
              : Reflect.get(target, prop),
      }) as Store;
      const app = await buildApp({ deps: { ...h.deps, store: broken }, logger: { level: 'info', stream: logs } });
      const res = await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: `Bearer ${h.org.adminKey}` } });
      const error = expectError(res, 'INTERNAL');
      expect(res.body).not.toContain('sector 7');
      const logged = logs.lines.find((l) => l.includes('sector 7'));
      expect(logged).toBeDefined();
      expect(JSON.parse(logged!).reqId).toBe(error['request_id']);
      expect(logs.text).not.toContain(h.org.adminKey);
      await app.close();
    });
  });
}
