import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { LogCapture } from './log-capture.js';
import { useHarness, type Harness, type Wire } from './harness.js';

const PEPPER = `pepper-${randomBytes(24).toString('hex')}`;

/** A key as another platform minted it: its own prefix, no Keyward checksum. */
// Hex: no separator in the body, so the preview's prefix is exactly sk_live_ (previewOf reads lowercase words ending in _ or -).
const platformKey = () => `sk_live_${randomBytes(24).toString('hex')}`;
const digest = (algorithm: 'sha256' | 'sha512', raw: string, encoding: 'hex' | 'base64') =>
  createHash(algorithm).update(raw).digest(encoding);

for (const engine of ENGINES) {
  describe(`${engine.name}: importing keys`, () => {
    const logs = new LogCapture();
    const harness = useHarness(engine, { logger: { level: 'debug', stream: logs } }, { pepper: PEPPER });

    const importKeys = (h: Harness, projectId: string, keys: unknown[], key = h.org.adminKey) =>
      h.expectStatus(key, { method: 'POST', url: `/v1/projects/${projectId}/keys/import`, body: { keys } }, 200);
    const verify = (h: Harness, key: string) =>
      h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);
    const dumpText = async (h: Harness) => JSON.stringify(await h.dumpDatabase());

    it('imports raw keys and sha256/sha512 digests in hex and base64; each verifies VALID in its own text, flagged imported', async () => {
      const h = harness();
      const p = await h.createProject();
      const raws = Array.from({ length: 5 }, platformKey);
      const answer = await importKeys(h, p['id'], [
        { name: 'raw', key: raws[0], owner_id: 'cus_1', metadata: { plan: 'pro' } },
        {
          name: 'sha256 hex',
          hash: { algorithm: 'sha256', encoding: 'hex', value: digest('sha256', raws[1]!, 'hex'), prefix: 'sk_live_' },
        },
        { name: 'sha256 base64', hash: { algorithm: 'sha256', encoding: 'base64', value: digest('sha256', raws[2]!, 'base64') } },
        { name: 'sha512 hex', hash: { algorithm: 'sha512', encoding: 'hex', value: digest('sha512', raws[3]!, 'hex') } },
        { name: 'sha512 base64', hash: { algorithm: 'sha512', encoding: 'base64', value: digest('sha512', raws[4]!, 'base64') } },
      ]);
      expect(answer).toMatchObject({ created: 5, failed: 0 });
      const ids = (answer['data'] as Wire[]).map((r, i) => {
        expect(r).toEqual({ index: i, id: expect.any(String) });
        return r['id'] as string;
      });
      for (const [i, raw] of raws.entries()) {
        expect(await verify(h, raw)).toMatchObject({ valid: true, code: 'VALID', key_id: ids[i] });
        // And again: now under Keyward's own hash.
        expect(await verify(h, raw)).toMatchObject({ valid: true, code: 'VALID', key_id: ids[i] });
      }
      const first = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${ids[0]}` }, 200);
      expect(first).toMatchObject({
        name: 'raw',
        imported: true,
        owner_id: 'cus_1',
        metadata: { plan: 'pro' },
        preview: `sk_live_…${raws[0]!.slice(-4)}`,
      });
      expect(await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${ids[1]}` }, 200)).toMatchObject({
        preview: 'sk_live_…',
      });
      expect((await h.mintProjectKey(p['id']))['imported']).toBe(false);
      // A string in no format that is no imported key: refused before any lookup, as ever.
      expect(await verify(h, platformKey())).toMatchObject({ valid: false, code: 'MALFORMED' });
      // One audit event for the batch.
      const events = (await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?action=key.import` }, 200))['data'] as Wire[];
      expect(events.filter((e) => e['target']['id'] === p['id'])).toEqual([
        expect.objectContaining({ action: 'key.import', details: { created: 5, refused: 0 } }),
      ]);
      // Nothing raw at rest or in the logs; the pepper never either.
      const atRest = await dumpText(h);
      for (const raw of raws) {
        expect(atRest).not.toContain(raw);
        expect(logs.text).not.toContain(raw);
      }
      expect(atRest).not.toContain(PEPPER);
    });

    it("re-hashes an imported digest into Keyward's scheme on its first verification", async () => {
      const h = harness();
      const p = await h.createProject();
      const raw = platformKey();
      const hex256 = digest('sha256', raw, 'hex');
      const raw512 = platformKey();
      const hex512 = digest('sha512', raw512, 'hex');
      await importKeys(h, p['id'], [
        { name: 'a', hash: { algorithm: 'sha256', encoding: 'hex', value: hex256 } },
        { name: 'b', hash: { algorithm: 'sha512', encoding: 'hex', value: hex512 } },
      ]);
      expect(await dumpText(h)).toContain(hex256);
      expect(await dumpText(h)).toContain(hex512);
      expect(await verify(h, raw)).toMatchObject({ code: 'VALID' });
      expect(await verify(h, raw512)).toMatchObject({ code: 'VALID' });
      const after = await dumpText(h);
      expect(after).not.toContain(hex256);
      expect(after).not.toContain(hex512);
      // Importing the same digest again is still refused: the import stays idempotent.
      const again = await importKeys(h, p['id'], [
        { name: 'a', hash: { algorithm: 'sha256', encoding: 'base64', value: digest('sha256', raw, 'base64') } },
      ]);
      expect(again['data']).toEqual([{ index: 0, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
      expect(await verify(h, raw)).toMatchObject({ code: 'VALID' });
    });

    it('answers a duplicate with a 409 for that item and carries on past bad items', async () => {
      const h = harness();
      const p = await h.createProject();
      const known = platformKey();
      await importKeys(h, p['id'], [{ name: 'known', key: known }]);
      const good = platformKey();
      const answer = await importKeys(h, p['id'], [
        { name: 'same raw again', key: known },
        { name: 'its digest', hash: { algorithm: 'sha256', encoding: 'hex', value: digest('sha256', known, 'hex') } },
        { name: 'x'.repeat(500), key: platformKey() },
        { name: 'both', key: platformKey(), hash: { algorithm: 'sha256', encoding: 'hex', value: 'ab'.repeat(32) } },
        { name: 'short digest', hash: { algorithm: 'sha256', encoding: 'hex', value: 'abcd' } },
        { name: 'too short a key', key: 'short' },
        { name: 'good', key: good },
        { name: 'good twice in one batch', key: good },
      ]);
      const errors = (answer['data'] as Wire[]).map((r) => r['error'] && [r['error']['code'], r['error']['field']]);
      expect(errors).toEqual([
        ['CONFLICT', 'key'],
        ['CONFLICT', 'key'],
        ['VALIDATION', 'name'],
        ['VALIDATION', 'key'],
        ['VALIDATION', 'hash.value'],
        ['VALIDATION', 'key'],
        undefined,
        ['CONFLICT', 'key'],
      ]);
      expect(answer).toMatchObject({ created: 1, failed: 7 });
      expect(await verify(h, good)).toMatchObject({ code: 'VALID', key_id: (answer['data'] as Wire[])[6]!['id'] });
      const listed = (await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys` }, 200))['data'] as Wire[];
      expect(listed.map((k) => k['name']).sort()).toEqual(['good', 'known']);
      expect(JSON.stringify(answer)).not.toContain(known);
    });

    it('respects max_keys_per_owner per item, roles, the 1,000 cap and the project tenancy', async () => {
      const h = harness();
      const p = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: '/v1/projects', body: { name: `capped ${Date.now()}`, max_keys_per_owner: 1 } },
        201,
      );
      const capped = await importKeys(h, p['id'], [
        { name: 'one', key: platformKey(), owner_id: 'u1' },
        { name: 'two', key: platformKey(), owner_id: 'u1' },
        { name: 'other owner', key: platformKey(), owner_id: 'u2' },
      ]);
      expect((capped['data'] as Wire[]).map((r) => r['error']?.['field'] ?? 'ok')).toEqual(['ok', 'max_keys_per_owner', 'ok']);

      const tooMany = await h.send(h.org.adminKey, {
        method: 'POST',
        url: `/v1/projects/${p['id']}/keys/import`,
        body: { keys: Array.from({ length: 1001 }, (_, i) => ({ name: `k${i}`, key: platformKey() })) },
      });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'keys' } });

      const reader = await h.keyWith('keys:read');
      expect(
        (
          await h.send(reader, {
            method: 'POST',
            url: `/v1/projects/${p['id']}/keys/import`,
            body: { keys: [{ name: 'n', key: platformKey() }] },
          })
        ).statusCode,
      ).toBe(403);
      const other = await h.otherOrg();
      const theirs = await h.createProject(other);
      expect(
        (
          await h.send(h.org.adminKey, {
            method: 'POST',
            url: `/v1/projects/${theirs['id']}/keys/import`,
            body: { keys: [{ name: 'n', key: platformKey() }] },
          })
        ).statusCode,
      ).toBe(404);
    });

    it("refuses another org's imported key as NOT_FOUND, and reports it leaked in its own org", async () => {
      const h = harness();
      const other = await h.otherOrg();
      const theirs = await h.createProject(other);
      const raw = platformKey();
      const [item] = (
        await importKeys(
          h,
          theirs['id'],
          [{ name: 'theirs', hash: { algorithm: 'sha256', encoding: 'hex', value: digest('sha256', raw, 'hex') } }],
          other.adminKey,
        )
      )['data'] as Wire[];
      expect(await verify(h, raw)).toMatchObject({ valid: false, code: 'NOT_FOUND' });
      const leaked = await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/leaked', body: { keys: [raw] } }, 200);
      expect(leaked).toEqual({ data: [{ index: 0, label: 'true_positive' }] });
      const seen = await h.expectStatus(other.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: raw } }, 200);
      expect(seen).toMatchObject({ valid: false, code: 'REVOKED', key_id: item!['id'] });
    });
  });
}
