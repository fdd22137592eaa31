import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ImportedKeyIndex } from '../../src/core/imported-keys.js';
import { parseScanningKeys } from '../../src/core/leak-report-signature.js';
import type { Store } from '../../src/core/store.js';
import { buildApp } from '../../src/http/app.js';
import { ENGINES } from '../helpers/engines.js';
import { useHarness, type Harness, type OrgHandle, type Wire } from './harness.js';

/** A scanner's key pair, made here: the operator configures only its public half. */
const scanner = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const impostor = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const KEY_ID = 'test-scanner-key-1';
const scanningKeys = parseScanningKeys(
  JSON.stringify({
    public_keys: [{ key_identifier: KEY_ID, key: scanner.publicKey.export({ type: 'spki', format: 'pem' }), is_current: true }],
  }),
);

const REPORT = '/v1/leaks/report';
const LEAKED = '/v1/keys/leaked';

/** Breaks a key's checksum: its last character changed. */
const badChecksum = (raw: string) => raw.slice(0, -1) + (raw.endsWith('A') ? 'B' : 'A');

for (const engine of ENGINES) {
  describe(`${engine.name}: leaked keys`, () => {
    const harness = useHarness(engine, { leakReports: { scanningKeys, perMinute: 0 } });

    const report = (h: Harness, body: string, signer: typeof scanner | null = scanner, keyId = KEY_ID) =>
      h.app.inject({
        method: 'POST',
        url: REPORT,
        payload: body,
        headers: {
          'content-type': 'application/json',
          ...(signer ? { 'github-public-key-identifier': keyId, 'github-public-key-signature': signatureOf(body, signer) } : {}),
        },
      });
    const signatureOf = (body: string, signer: typeof scanner) => sign('sha256', Buffer.from(body), signer.privateKey).toString('base64');
    const verifyCode = async (h: Harness, org: OrgHandle, key: string) =>
      (await h.expectStatus(org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200))['code'];
    const audit = async (h: Harness, org: OrgHandle, targetId: string) =>
      (await h.expectStatus(org.adminKey, { method: 'GET', url: `/v1/audit?target_id=${targetId}` }, 200))['data'] as Wire[];
    const setPolicy = (h: Harness, org: OrgHandle, leak_policy: string) =>
      h.expectStatus(org.adminKey, { method: 'PATCH', url: '/v1/org', body: { leak_policy } }, 200);
    const freshKey = async (h: Harness, org: OrgHandle = h.org) => h.mintProjectKey((await h.createProject(org))['id'], org);

    it('answers a signed report per token, revoking a live key (default policy) with a key.leaked event', async () => {
      const h = harness();
      const k = await freshKey(h);
      const unknown = (await freshKey(h))['key'] as string;
      const body = JSON.stringify([
        { token: k['key'], type: 'keyward_project_key', url: 'https://github.com/o/r/blob/abc/.env', source: 'content' },
        { token: badChecksum(k['key']), type: 'keyward_project_key', url: 'https://x', source: 'content' },
        { token: 'kw_proj_not-a-key', type: 'keyward_project_key', url: 'https://x', source: 'content' },
      ]);
      const res = await report(h, body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([
        { token_raw: k['key'], token_type: 'keyward_project_key', label: 'true_positive' },
        { token_raw: badChecksum(k['key']), token_type: 'keyward_project_key', label: 'false_positive' },
        { token_raw: 'kw_proj_not-a-key', token_type: 'keyward_project_key', label: 'false_positive' },
      ]);
      expect(await verifyCode(h, h.org, k['key'])).toBe('REVOKED');
      expect(await verifyCode(h, h.org, unknown)).toBe('VALID');
      const events = await audit(h, h.org, k['id']);
      const leaked = events.find((e) => e['action'] === 'key.leaked');
      expect(leaked).toMatchObject({
        actor: { type: 'system', id: 'leak-report' },
        target: { type: 'key', id: k['id'] },
        details: { action: 'revoke', url: 'https://github.com/o/r/blob/abc/.env', source: 'content', reporter: 'secret_scanning' },
      });
      expect(events.map((e) => e['action'])).toContain('key.revoke');
      expect(JSON.stringify(events)).not.toContain(k['key']);
      // A second report of the same key: still a true positive, nothing more to do.
      expect((await report(h, JSON.stringify([{ token: k['key'], type: 't' }]))).json()).toEqual([
        { token_raw: k['key'], token_type: 't', label: 'true_positive' },
      ]);
    });

    it('refuses the unsigned, the badly signed and the unknown signer with 401, acting on nothing', async () => {
      const h = harness();
      const k = await freshKey(h);
      const body = JSON.stringify([{ token: k['key'], type: 'keyward_project_key', url: 'u', source: 'content' }]);
      const signedOther = signatureOf(JSON.stringify([{ token: 'x', type: 't' }]), scanner);
      const attempts = [
        await report(h, body, null),
        await report(h, body, impostor),
        await report(h, body, scanner, 'some-other-key-id'),
        await h.app.inject({
          method: 'POST',
          url: REPORT,
          payload: body,
          headers: {
            'content-type': 'application/json',
            'github-public-key-identifier': KEY_ID,
            'github-public-key-signature': signedOther,
          },
        }),
        await h.app.inject({ method: 'POST', url: REPORT, headers: { 'github-public-key-identifier': KEY_ID } }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      expect(await verifyCode(h, h.org, k['key'])).toBe('VALID');
    });

    it('answers a token whose checksum fails as a false positive without reading the database', async () => {
      const h = harness();
      const k = await freshKey(h);
      const reads: string[] = [];
      const counted = new Proxy(h.store, {
        get(target, prop) {
          const v = Reflect.get(target, prop) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            reads.push(String(prop));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as Store;
      const app = await buildApp({
        deps: { ...h.deps, store: counted, importedKeys: new ImportedKeyIndex(counted) },
        leakReports: { scanningKeys, perMinute: 0 },
      });
      const langtraceLike = 'ab'.repeat(32);
      const body = JSON.stringify([
        { token: badChecksum(k['key']), type: 'keyward_project_key' },
        { token: langtraceLike, type: 'keyward_langtrace_key' },
        { token: badChecksum('sk-ol-' + k['key'].slice(8)), type: 'keyward_openlayer_key' },
      ]);
      const res = await app.inject({
        method: 'POST',
        url: REPORT,
        payload: body,
        headers: {
          'content-type': 'application/json',
          'github-public-key-identifier': KEY_ID,
          'github-public-key-signature': signatureOf(body, scanner),
        },
      });
      await app.close();
      expect(res.json().map((r: Wire) => r['label'])).toEqual(['false_positive', 'false_positive', 'false_positive']);
      expect(reads).toEqual([]);
    });

    it('applies the org leak policy: disable refuses the key until re-enabled, notify only records', async () => {
      const h = harness();
      const org = await h.otherOrg();
      expect(await h.expectStatus(org.adminKey, { method: 'GET', url: '/v1/org' }, 200)).toMatchObject({
        id: org.id,
        leak_policy: 'revoke',
      });
      expect(await setPolicy(h, org, 'disable')).toMatchObject({ leak_policy: 'disable' });
      const disabled = await freshKey(h, org);
      const leaked = await h.expectStatus(h.org.adminKey, { method: 'POST', url: LEAKED, body: { keys: [disabled['key']] } }, 200);
      expect(leaked).toEqual({ data: [{ index: 0, label: 'true_positive' }] });
      expect(await verifyCode(h, org, disabled['key'])).toBe('DISABLED');

      await setPolicy(h, org, 'notify');
      const notified = await freshKey(h, org);
      await h.expectStatus(h.org.adminKey, { method: 'POST', url: LEAKED, body: { keys: [notified['key']] } }, 200);
      expect(await verifyCode(h, org, notified['key'])).toBe('VALID');
      expect((await audit(h, org, notified['id'])).find((e) => e['action'] === 'key.leaked')).toMatchObject({
        details: { action: 'notify', reporter: 'api' },
      });
      const changes = (await h.expectStatus(org.adminKey, { method: 'GET', url: `/v1/audit?target_id=${org.id}` }, 200))['data'] as Wire[];
      expect(changes.find((e) => e['action'] === 'org.update')).toMatchObject({
        changes: { leak_policy: { from: 'disable', to: 'notify' } },
      });
      await setPolicy(h, org, 'revoke');

      const bad = await h.send(org.adminKey, { method: 'PATCH', url: '/v1/org', body: { leak_policy: 'ignore' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'leak_policy' } });
    });

    it("acts on another org's key in that org; the reporter learns only true or false", async () => {
      const h = harness();
      const other = await h.otherOrg();
      const theirs = await freshKey(h, other);
      const reporter = await h.keyWith('keys:write');
      const res = await h.expectStatus(reporter, { method: 'POST', url: LEAKED, body: { keys: [theirs['key'], 'kw_org_nothing'] } }, 200);
      expect(res).toEqual({
        data: [
          { index: 0, label: 'true_positive' },
          { index: 1, label: 'false_positive' },
        ],
      });
      expect(await verifyCode(h, other, theirs['key'])).toBe('REVOKED');
      // Recorded in the key's org, by the report (not by the reporter's key); nothing in the reporter's org.
      expect((await audit(h, other, theirs['id'])).find((e) => e['action'] === 'key.leaked')).toMatchObject({
        org_id: other.id,
        actor: { type: 'system', id: 'leak-report' },
      });
      expect(await audit(h, h.org, theirs['id'])).toEqual([]);
      // Without keys:write, no report.
      const reader = await h.keyWith('keys:read');
      expect((await h.send(reader, { method: 'POST', url: LEAKED, body: { keys: [theirs['key']] } })).statusCode).toBe(403);
    });

    it('caps a report at 1,000 tokens (400 naming the field) and limits reports per client', async () => {
      const h = harness();
      const many = JSON.stringify(Array.from({ length: 1001 }, () => ({ token: 'kw_proj_x', type: 't' })));
      const res = await report(h, many);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'body' } });
      const keys = await h.send(h.org.adminKey, { method: 'POST', url: LEAKED, body: { keys: Array.from({ length: 1001 }, () => 'x') } });
      expect(keys.statusCode).toBe(400);
      expect(keys.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'keys' } });

      const limited = await buildApp({ deps: h.deps, leakReports: { scanningKeys, perMinute: 2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.inject({ method: 'POST', url: REPORT, payload: '[]' })).statusCode);
      await limited.close();
      expect(statuses).toEqual([401, 401, 429]);
    });
  });
}
