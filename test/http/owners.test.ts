import { describe, expect, it } from 'vitest';
import { mintKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Wire } from './harness.js';

const verify = (h: Harness, key: string) => h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);
const patchKey = (h: Harness, id: string, body: Wire, status = 200) =>
  h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${id}`, body }, status);
const cappedProject = (h: Harness, cap: number | null, extra: Wire = {}) =>
  h.expectStatus(
    h.org.adminKey,
    { method: 'POST', url: '/v1/projects', body: { name: `p ${Math.random()}`, max_keys_per_owner: cap, ...extra } },
    201,
  );
const mintReq = (projectId: string, body: Wire) => ({
  method: 'POST' as const,
  url: `/v1/projects/${projectId}/keys`,
  body: { name: 'k', ...body },
});
const liveOwnerKeys = async (h: Harness, projectId: string, ownerId: string) =>
  (
    await h.store.listKeys(
      { orgId: h.org.id, projectId, includeRevoked: false, now: h.clock.isoIn(0), ownerId },
      { limit: 100, beforeSeq: null },
    )
  ).length;

for (const engine of ENGINES) {
  describe(`${engine.name}: key owners`, () => {
    const harness = useHarness(engine);

    it('sets owner_id at create, changes it on PATCH, clears it with null, keeps it across a roll, and verification returns it', async () => {
      const h = harness();
      const p = await h.createProject();
      const k = await h.mintProjectKey(p['id'], h.org, { owner_id: 'cus_123' });
      expect(k['owner_id']).toBe('cus_123');
      expect(await verify(h, k['key'])).toMatchObject({ valid: true, owner_id: 'cus_123' });
      const plain = await h.mintProjectKey(p['id']);
      expect(plain['owner_id']).toBeNull();
      expect(await verify(h, plain['key'])).toMatchObject({ valid: true, owner_id: null });

      expect(await patchKey(h, k['id'], { owner_id: 'cus_456' })).toMatchObject({ owner_id: 'cus_456' });
      expect(await verify(h, k['key'])).toMatchObject({ owner_id: 'cus_456' });
      const rolled = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/keys/${k['id']}/roll`, body: {} }, 201);
      expect(rolled['owner_id']).toBe('cus_456');
      expect(await verify(h, rolled['key'])).toMatchObject({ valid: true, owner_id: 'cus_456' });
      expect(await patchKey(h, rolled['id'], { owner_id: null })).toMatchObject({ owner_id: null });
      expect((await h.store.findKey(h.org.id, rolled['id']))?.ownerId).toBeNull();
    });

    it('records an owner change in the key.update audit event, from and to', async () => {
      const h = harness();
      const k = await h.mintProjectKey((await h.createProject())['id'], h.org, { owner_id: 'u1' });
      await patchKey(h, k['id'], { owner_id: 'u2' });
      await patchKey(h, k['id'], { name: 'renamed' });
      const events = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?action=key.update&target_id=${k['id']}` }, 200);
      expect(events['data'].map((e: Wire) => e['changes'] ?? null)).toEqual([null, { owner_id: { from: 'u1', to: 'u2' } }]);
      expect(JSON.stringify(events)).not.toContain(k['key']);
    });

    it("lists one owner's keys with ?owner_id=, paged like any list", async () => {
      const h = harness();
      const p = await h.createProject();
      const mine = [];
      for (let i = 0; i < 3; i++) mine.push((await h.mintProjectKey(p['id'], h.org, { owner_id: 'alice' }))['id']);
      await h.mintProjectKey(p['id'], h.org, { owner_id: 'bob' });
      await h.mintProjectKey(p['id']);
      const url = `/v1/projects/${p['id']}/keys?owner_id=alice&limit=2`;
      const first = await h.expectStatus(h.org.adminKey, { method: 'GET', url }, 200);
      expect(first['data'].map((k: Wire) => k['id'])).toEqual([mine[2], mine[1]]);
      const second = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `${url}&cursor=${first['next_cursor']}` }, 200);
      expect(second).toEqual({ data: [expect.objectContaining({ id: mine[0], owner_id: 'alice' })], next_cursor: null });
      const none = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys?owner_id=carol` }, 200);
      expect(none['data']).toEqual([]);
    });

    it('refuses a mint past max_keys_per_owner with 409 naming the cap; revoked keys and other owners do not count', async () => {
      const h = harness();
      const p = await cappedProject(h, 2);
      expect(p['max_keys_per_owner']).toBe(2);
      const a = await h.mintProjectKey(p['id'], h.org, { owner_id: 'alice' });
      await h.mintProjectKey(p['id'], h.org, { owner_id: 'alice' });
      const refused = await h.send(h.org.adminKey, mintReq(p['id'], { owner_id: 'alice' }));
      expectError(refused, 'CONFLICT');
      expect(refused.json().error.message).toContain('max_keys_per_owner is 2');
      await h.mintProjectKey(p['id'], h.org, { owner_id: 'bob' });
      await h.mintProjectKey(p['id']);
      // Handing a key to a full owner counts too.
      const b = await h.mintProjectKey(p['id'], h.org, { owner_id: 'bob' });
      expectError(await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${b['id']}`, body: { owner_id: 'alice' } }), 'CONFLICT');
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${a['id']}` }, 200);
      await h.mintProjectKey(p['id'], h.org, { owner_id: 'alice' });
      expect(await liveOwnerKeys(h, p['id'], 'alice')).toBe(2);
      // Lifting the cap (null) lets the owner grow again.
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/projects/${p['id']}`, body: { max_keys_per_owner: null } }, 200);
      await h.mintProjectKey(p['id'], h.org, { owner_id: 'alice' });
      expect(await liveOwnerKeys(h, p['id'], 'alice')).toBe(3);
    });

    it('concurrent mints for one owner never pass the cap', async () => {
      const h = harness();
      const p = await cappedProject(h, 3);
      const results = await Promise.all(Array.from({ length: 10 }, () => h.send(h.org.adminKey, mintReq(p['id'], { owner_id: 'racer' }))));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, ...Array<number>(7).fill(409)]);
      expect(await liveOwnerKeys(h, p['id'], 'racer')).toBe(3);
    });

    it('an owner-scoped rate limit is one counter for all the owner’s keys in the project; key-scoped ones stay apart', async () => {
      const h = harness();
      const p = await h.createProject();
      const shared = { limit: 3, window_ms: 60_000, scope: 'owner' };
      const k1 = await h.mintProjectKey(p['id'], h.org, { owner_id: 'team', rate_limit: shared });
      const k2 = await h.mintProjectKey(p['id'], h.org, { owner_id: 'team', rate_limit: shared });
      const solo = await h.mintProjectKey(p['id'], h.org, { owner_id: 'team', rate_limit: { limit: 3, window_ms: 60_000 } });
      expect(k1['rate_limit']).toEqual(shared);
      expect(solo['rate_limit']).toEqual({ limit: 3, window_ms: 60_000, scope: 'key' });
      const codes = [];
      for (const k of [k1, k2, k1, k2]) codes.push((await verify(h, k['key']))['code']);
      expect(codes).toEqual(['VALID', 'VALID', 'VALID', 'RATE_LIMITED']);
      expect((await verify(h, solo['key']))['code']).toBe('VALID');
      // Another project's keys of the same owner id have their own counter.
      const other = await h.mintProjectKey((await h.createProject())['id'], h.org, { owner_id: 'team', rate_limit: shared });
      expect((await verify(h, other['key']))['code']).toBe('VALID');
    });
  });

  describe(`${engine.name}: where the owner's rate limit sits in the order of checks`, () => {
    const harness = useHarness(engine);

    it('counts only verifications that passed every earlier check: DISABLED and INSUFFICIENT_ROLES come first and take nothing', async () => {
      const h = harness();
      const p = await h.createProject();
      const shared = { limit: 2, window_ms: 60_000, scope: 'owner' };
      const good = await h.mintProjectKey(p['id'], h.org, { owner_id: 'o', roles: ['read'], rate_limit: shared });
      const off = await h.mintProjectKey(p['id'], h.org, { owner_id: 'o', roles: ['read'], rate_limit: shared });
      await patchKey(h, off['id'], { enabled: false });
      const ask = async (key: string, roles: string[]) =>
        (await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key, roles } }, 200))['code'];
      const codes = [
        await ask(off['key'], ['read']),
        await ask(good['key'], ['write']),
        await ask(good['key'], ['read']),
        await ask(off['key'], ['write']),
        await ask(good['key'], ['read']),
        await ask(good['key'], ['read']),
      ];
      expect(codes).toEqual(['DISABLED', 'INSUFFICIENT_ROLES', 'VALID', 'DISABLED', 'VALID', 'RATE_LIMITED']);
      // The limit used up, an earlier check still answers first.
      expect(await ask(good['key'], ['write'])).toBe('INSUFFICIENT_ROLES');
      expect(await ask(off['key'], ['read'])).toBe('DISABLED');
    });
  });

  describe(`${engine.name}: project key prefixes`, () => {
    const harness = useHarness(engine);

    it("mints keys under the project's prefix, verifies them, and keeps old keys working when the prefix changes", async () => {
      const h = harness();
      const p = await cappedProject(h, null, { key_prefix: 'acme' });
      expect(p['key_prefix']).toBe('acme');
      const k = await h.mintProjectKey(p['id']);
      expect(k['key']).toMatch(/^acme_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
      expect(k['preview']).toMatch(/^acme_…/);
      expect(await verify(h, k['key'])).toMatchObject({ valid: true, code: 'VALID' });
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/projects/${p['id']}`, body: { key_prefix: 'globex1' } }, 200);
      const next = await h.mintProjectKey(p['id']);
      expect(next['key']).toMatch(/^globex1_/);
      const rolled = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: `/v1/keys/${k['id']}/roll`, body: { grace_seconds: 60 } },
        201,
      );
      expect(rolled['key']).toMatch(/^globex1_/);
      for (const raw of [k['key'], next['key'], rolled['key']]) expect((await verify(h, raw))['code']).toBe('VALID');
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/projects/${p['id']}`, body: { key_prefix: null } }, 200);
      expect((await h.mintProjectKey(p['id']))['key']).toMatch(/^kw_proj_/);
      const events = await h.expectStatus(
        h.org.adminKey,
        { method: 'GET', url: `/v1/audit?action=project.update&target_id=${p['id']}` },
        200,
      );
      expect(events['data'].map((e: Wire) => e['changes'])).toEqual([
        { key_prefix: { from: 'globex1', to: null } },
        { key_prefix: { from: 'acme', to: 'globex1' } },
      ]);
    });

    it('answers MALFORMED for a project-prefixed key with a bad checksum, without reading the database', async () => {
      const h = harness();
      const p = await cappedProject(h, null, { key_prefix: 'acme' });
      const raw: string = (await h.mintProjectKey(p['id']))['key'];
      const last = raw.at(-1) === 'a' ? 'b' : 'a';
      let reads = 0;
      const find = h.store.findKeyByHash.bind(h.store);
      h.store.findKeyByHash = (hash) => {
        reads++;
        return find(hash);
      };
      try {
        expect(await verify(h, raw.slice(0, -1) + last)).toEqual({ valid: false, code: 'MALFORMED' });
        expect(await verify(h, 'acme' + raw.slice(4, -1) + last)).toEqual({ valid: false, code: 'MALFORMED' });
        expect(reads).toBe(0);
        // The control: a well-formed key of any prefix that does not exist is read for.
        expect(await verify(h, mintKeyward('zzz9'))).toEqual({ valid: false, code: 'NOT_FOUND' });
        expect(reads).toBe(1);
      } finally {
        h.store.findKeyByHash = find;
      }
    });
  });

  describe(`${engine.name}: owners and prefixes refuse bad input`, () => {
    const harness = useHarness(engine);

    it('refuses each bad new field with a 400 naming it, and writes nothing', async () => {
      const h = harness();
      const p = await h.createProject();
      const k = await h.mintProjectKey(p['id']);
      const before = await h.dumpDatabase();
      const cases: Array<[string, string, Wire, string]> = [
        ['POST', `/v1/projects/${p['id']}/keys`, { name: 'k', owner_id: 42 }, 'owner_id'],
        ['POST', `/v1/projects/${p['id']}/keys`, { name: 'k', owner_id: '' }, 'owner_id'],
        ['POST', `/v1/projects/${p['id']}/keys`, { name: 'k', owner_id: 'x'.repeat(256) }, 'owner_id'],
        [
          'POST',
          `/v1/projects/${p['id']}/keys`,
          { name: 'k', rate_limit: { limit: 1, window_ms: 1000, scope: 'team' } },
          'rate_limit.scope',
        ],
        ['PATCH', `/v1/keys/${k['id']}`, { owner_id: ['a'] }, 'owner_id'],
        ['PATCH', `/v1/keys/${k['id']}`, { owner_id: 'bad\u0001id' }, 'owner_id'],
        ['PATCH', `/v1/keys/${k['id']}`, { rate_limit: { limit: 1, window_ms: 1000, scope: null } }, 'rate_limit.scope'],
        ['POST', '/v1/projects', { name: 'x', key_prefix: 'Acme' }, 'key_prefix'],
        ['POST', '/v1/projects', { name: 'x', key_prefix: 'a' }, 'key_prefix'],
        ['POST', '/v1/projects', { name: 'x', key_prefix: 'acme_co' }, 'key_prefix'],
        ['POST', '/v1/projects', { name: 'x', key_prefix: 'kwroot' }, 'key_prefix'],
        ['POST', '/v1/projects', { name: 'x', key_prefix: 'kw' }, 'key_prefix'],
        ['PATCH', `/v1/projects/${p['id']}`, { key_prefix: 'abcdefghijklm' }, 'key_prefix'],
        ['POST', '/v1/projects', { name: 'x', max_keys_per_owner: 0 }, 'max_keys_per_owner'],
        ['PATCH', `/v1/projects/${p['id']}`, { max_keys_per_owner: -1 }, 'max_keys_per_owner'],
        ['PATCH', `/v1/projects/${p['id']}`, { max_keys_per_owner: 1.5 }, 'max_keys_per_owner'],
        ['GET', `/v1/projects/${p['id']}/keys?owner_id=${'y'.repeat(256)}`, {}, 'owner_id'],
      ];
      for (const [method, url, body, field] of cases) {
        const res = await h.send(h.org.adminKey, { method: method as 'POST', url, ...(method === 'GET' ? {} : { body }) });
        expectError(res, 'VALIDATION');
        expect(res.json().error.field, `${method} ${url} ${JSON.stringify(body).slice(0, 60)}`).toMatch(
          new RegExp(`(^|\\.)${field.replace('.', '\\.')}$`),
        );
      }
      expect(await h.dumpDatabase()).toEqual(before);
    });
  });
}
