import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/core/types.js';
import type { KeyFilter } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { barrier } from '../helpers/barriers.js';
import { FIRST_PAGE, T0, aKey, minutesAfterT0, orgKey, projectKey, recordOf, seedOrgAndProject, useFreshStore } from './fixtures.js';

const byEnabled = (records: ReadonlyArray<{ enabled: boolean; hash: string }>): boolean[] =>
  [...records].sort((a, b) => Number(a.enabled) - Number(b.enabled)).map((r) => r.enabled);

const NOW = minutesAfterT0(30);

for (const engine of ENGINES) {
  describe(`${engine.name}: keys`, () => {
    const store = useFreshStore(engine);

    const listFilter = (over: Partial<KeyFilter> & Pick<KeyFilter, 'orgId' | 'projectId'>): KeyFilter => ({
      includeRevoked: false,
      now: NOW,
      ...over,
    });

    it('returns the inserted key with a store-assigned seq and reads back every field as written', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const input = projectKey(org, project, {
        name: 'Ingest — 東京',
        roles: ['ingest', 'read:traces', 'a/b*'],
        enabled: false,
        metadata: { plan: 'pro', nested: { deep: [1, 'två', { ok: true, nil: null }] }, emoji: '🔑', n: 1.5 },
        rateLimit: { limit: 100, windowMs: 60_000 },
        createdBy: { type: 'user', id: 'user_42' },
        owner: { userId: 'user_42', email: 'ada@example.com', givenName: 'Ada', familyName: null },
        origin: 'braintrust',
        lastUsedAt: minutesAfterT0(2),
        expiresAt: minutesAfterT0(60 * 24),
        revokedAt: minutesAfterT0(90),
        updatedAt: minutesAfterT0(1),
      });
      const stored = await store().insertKey(input);
      expect(stored).toEqual({ ...input, seq: stored.seq });
      expect(Number.isSafeInteger(stored.seq)).toBe(true);
      expect(await store().findKey(org.id, input.id)).toEqual(stored);
      expect(await store().findKeyByHash(input.hash)).toEqual(recordOf(stored));
    });

    it('reads back null rate limit, owner and timestamps, empty roles and metadata', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const input = projectKey(org, project, { roles: [], metadata: {}, rateLimit: null, owner: null });
      const stored = await store().insertKey(input);
      const found = await store().findKey(org.id, input.id);
      expect(found).toEqual(stored);
      expect(found).toMatchObject({
        roles: [],
        metadata: {},
        rateLimit: null,
        owner: null,
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        enabled: true,
      });
    });

    it('returns timestamps as UTC ISO strings with milliseconds whatever offset was written', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const stored = await store().insertKey(
        projectKey(org, project, { createdAt: '2025-03-01T13:00:00+01:00', expiresAt: '2025-03-02T00:00:00Z' }),
      );
      expect(stored.createdAt).toBe(T0);
      expect(stored.expiresAt).toBe('2025-03-02T00:00:00.000Z');
    });

    it('assigns increasing seqs', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const a = await store().insertKey(projectKey(org, project));
      const b = await store().insertKey(projectKey(org, project));
      expect(b.seq).toBeGreaterThan(a.seq);
    });

    it('refuses a key whose hash exists already as CONFLICT and stores nothing', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const first = await store().insertKey(projectKey(org, project));
      const clash = projectKey(org, project, { hash: first.hash });
      await expect(store().insertKey(clash)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store().findKey(org.id, clash.id)).toBeNull();
      expect(await store().findKeyByHash(first.hash)).toEqual(recordOf(first));
    });

    it('refuses a second root key as CONFLICT', async () => {
      await store().insertKey(aKey({ kind: 'root', roles: [] }));
      await expect(store().insertKey(aKey({ kind: 'root', roles: [] }))).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('refuses a key for an unknown project as NOT_FOUND', async () => {
      const { org } = await seedOrgAndProject(store());
      const orphan = aKey({ orgId: org.id, projectId: '00000000-0000-4000-8000-000000000000' });
      await expect(store().insertKey(orphan)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it("does not find another org's key by id, and finds root keys only without an org", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const theirKey = await store().insertKey(projectKey(theirs.org, theirs.project));
      const root = await store().insertKey(aKey({ kind: 'root', roles: [] }));

      expect(await store().findKey(mine.org.id, theirKey.id)).toBeNull();
      expect(await store().findKey(null, theirKey.id)).toBeNull();
      expect(await store().findKey(mine.org.id, root.id)).toBeNull();
      expect(await store().findKey(null, root.id)).toEqual(root);
    });

    it('finds a key by hash whatever its org or state, and nothing for an unknown hash', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const revoked = await store().insertKey(projectKey(org, project, { revokedAt: minutesAfterT0(1), enabled: false }));
      expect(await store().findKeyByHash(revoked.hash)).toEqual(recordOf(revoked));
      expect(await store().findKeyByHash('0'.repeat(64))).toBeNull();
    });

    it('finds many keys by hash in one call, whatever their number, and only those that exist', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const keys: ApiKey[] = [];
      for (let i = 0; i < 12; i++)
        keys.push(await store().insertKey(projectKey(i % 3 ? org : other.org, i % 3 ? project : other.project, { metadata: { i } })));
      const unknown = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(64));
      const byHash = (records: readonly { hash: string }[]) => [...records].sort((a, b) => a.hash.localeCompare(b.hash));
      expect(byHash(await store().findKeysByHashes([...keys.map((k) => k.hash), ...unknown]))).toEqual(byHash(keys.map(recordOf)));
      expect(await store().findKeysByHashes([])).toEqual([]);
      expect(await store().findKeysByHashes(unknown)).toEqual([]);
      // Hashes with quotes or JSON's own characters are only compared, never interpreted.
      expect(await store().findKeysByHashes(['"]', "'); drop table api_keys; --", '\\u0000'])).toEqual([]);
      // Past one statement's worth of hashes, every record still comes back once.
      const many = [...Array.from({ length: 2_500 }, (_, i) => i.toString(16).padStart(64, 'a')), keys[0]!.hash, keys[1]!.hash];
      expect(byHash(await store().findKeysByHashes(many))).toEqual(byHash([recordOf(keys[0]!), recordOf(keys[1]!)]));
    });

    it('reads by hash what is committed only, while a transaction elsewhere is still open', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const live = await store().insertKey(projectKey(org, project));
      const fresh = projectKey(org, project);
      const written = barrier();
      const held = barrier();
      const tx = store().transaction(async (t) => {
        await t.updateKey(org.id, live.id, { enabled: false, updatedAt: minutesAfterT0(1) });
        await t.insertKey(fresh);
        written.open();
        await held.reached;
      });
      // Both writes are made and not committed: the read below overlaps them.
      await written.reached;
      // On SQLite the outer store's Kysely connection waits for the transaction; reads by hash must not.
      const seen = await Promise.race([
        store().findKeysByHashes([live.hash, fresh.hash]),
        new Promise<'waited'>((r) => setTimeout(() => r('waited'), 2_000)),
      ]);
      held.open();
      await tx;
      expect(seen).toEqual([recordOf(live)]);
      expect(byEnabled(await store().findKeysByHashes([live.hash, fresh.hash]))).toEqual([false, true]);
    });

    it("lists one project's keys newest first, a page at a time", async () => {
      const { org, project } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const keys: ApiKey[] = [];
      for (let i = 0; i < 5; i++) keys.push(await store().insertKey(projectKey(org, project, { name: `k${i}` })));
      await store().insertKey(projectKey(other.org, other.project));
      await store().insertKey(orgKey(org));

      const all = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id }), FIRST_PAGE);
      expect(all.map((k) => k.name)).toEqual(['k4', 'k3', 'k2', 'k1', 'k0']);
      expect(all[0]).toEqual(keys[4]);

      const page1 = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id }), { limit: 2, beforeSeq: null });
      const page2 = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id }), {
        limit: 2,
        beforeSeq: page1[1]!.seq,
      });
      const page3 = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id }), {
        limit: 2,
        beforeSeq: page2[1]!.seq,
      });
      expect([page1, page2, page3].map((p) => p.map((k) => k.name))).toEqual([['k4', 'k3'], ['k2', 'k1'], ['k0']]);
    });

    it("lists no keys of another org's project", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      await store().insertKey(projectKey(theirs.org, theirs.project));
      expect(await store().listKeys(listFilter({ orgId: mine.org.id, projectId: theirs.project.id }), FIRST_PAGE)).toEqual([]);
    });

    it('lists only the org keys of the org when no project is given', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const admin = await store().insertKey(orgKey(org));
      await store().insertKey(projectKey(org, project));
      await store().insertKey(orgKey(other.org));
      await store().insertKey(aKey({ kind: 'root', roles: [] }));
      expect(await store().listKeys(listFilter({ orgId: org.id, projectId: null }), FIRST_PAGE)).toEqual([admin]);
    });

    it('leaves out keys revoked at or before now unless revoked keys are asked for, but lists keys in their grace period', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const live = await store().insertKey(projectKey(org, project, { name: 'live' }));
      const past = await store().insertKey(projectKey(org, project, { name: 'past', revokedAt: minutesAfterT0(1) }));
      const exactlyNow = await store().insertKey(projectKey(org, project, { name: 'now', revokedAt: NOW }));
      const grace = await store().insertKey(projectKey(org, project, { name: 'grace', revokedAt: minutesAfterT0(31) }));

      const visible = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id }), FIRST_PAGE);
      expect(visible.map((k) => k.id)).toEqual([grace.id, live.id]);

      const everything = await store().listKeys(listFilter({ orgId: org.id, projectId: project.id, includeRevoked: true }), FIRST_PAGE);
      expect(everything.map((k) => k.id)).toEqual([grace.id, exactlyNow.id, past.id, live.id]);
    });

    it('narrows a list to one origin or one creator', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const native = await store().insertKey(projectKey(org, project, { origin: 'native', createdBy: { type: 'user', id: 'u1' } }));
      const dialect = await store().insertKey(projectKey(org, project, { origin: 'openlayer', createdBy: { type: 'user', id: 'u2' } }));
      const both = await store().insertKey(projectKey(org, project, { origin: 'openlayer', createdBy: { type: 'user', id: 'u1' } }));
      const f = { orgId: org.id, projectId: project.id };

      const byOrigin = await store().listKeys(listFilter({ ...f, origin: 'openlayer' }), FIRST_PAGE);
      expect(byOrigin.map((k) => k.id)).toEqual([both.id, dialect.id]);
      const byCreator = await store().listKeys(listFilter({ ...f, createdById: 'u1' }), FIRST_PAGE);
      expect(byCreator.map((k) => k.id)).toEqual([both.id, native.id]);
      const byBoth = await store().listKeys(listFilter({ ...f, origin: 'openlayer', createdById: 'u1' }), FIRST_PAGE);
      expect(byBoth.map((k) => k.id)).toEqual([both.id]);
    });

    it('applies each patched field, leaves the others and returns the stored key', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(
        projectKey(org, project, { rateLimit: { limit: 5, windowMs: 1000 }, expiresAt: minutesAfterT0(100), metadata: { a: 1 } }),
      );
      const patched = await store().updateKey(org.id, key.id, {
        name: 'renamed',
        roles: ['read', 'write'],
        enabled: false,
        metadata: { b: { c: ['d'] }, ключ: 'значение' },
        updatedAt: minutesAfterT0(1),
      });
      const expected = {
        ...key,
        name: 'renamed',
        roles: ['read', 'write'],
        enabled: false,
        metadata: { b: { c: ['d'] }, ключ: 'значение' },
        updatedAt: minutesAfterT0(1),
      };
      expect(patched).toEqual(expected);
      expect(await store().findKey(org.id, key.id)).toEqual(expected);

      const cleared = await store().updateKey(org.id, key.id, {
        rateLimit: null,
        expiresAt: null,
        revokedAt: minutesAfterT0(2),
        enabled: true,
        updatedAt: minutesAfterT0(2),
      });
      expect(cleared).toEqual({
        ...expected,
        rateLimit: null,
        expiresAt: null,
        revokedAt: minutesAfterT0(2),
        enabled: true,
        updatedAt: minutesAfterT0(2),
      });
      const limited = await store().updateKey(org.id, key.id, { rateLimit: { limit: 7, windowMs: 2000 }, updatedAt: minutesAfterT0(3) });
      expect(limited?.rateLimit).toEqual({ limit: 7, windowMs: 2000 });
    });

    it("returns null and changes nothing when updating another org's key", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const theirKey = await store().insertKey(projectKey(theirs.org, theirs.project));
      expect(await store().updateKey(mine.org.id, theirKey.id, { name: 'pwned', revokedAt: T0, updatedAt: T0 })).toBeNull();
      expect(await store().updateKey(null, theirKey.id, { name: 'pwned', updatedAt: T0 })).toBeNull();
      expect(await store().findKey(theirs.org.id, theirKey.id)).toEqual(theirKey);
      expect(await store().updateKey(mine.org.id, '00000000-0000-4000-8000-000000000000', { updatedAt: T0 })).toBeNull();
    });

    it('lists the keys made by given keys, revoked or not, of the org only; a patch moves a key to another maker', async () => {
      const { org } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const [a, b] = [await store().insertKey(orgKey(org)), await store().insertKey(orgKey(org))];
      const byA = await store().insertKey(orgKey(org, { makerId: a.id }));
      const byARevoked = await store().insertKey(orgKey(org, { makerId: a.id, revokedAt: T0 }));
      const byB = await store().insertKey(orgKey(org, { makerId: b.id }));
      // Another org's key naming a's id as maker is not a's.
      await store().insertKey(orgKey(other.org, { makerId: a.id }));
      const ids = async (makers: string[]) => (await store().listKeysMadeBy(org.id, makers)).map((k) => k.id).sort();
      expect(await ids([a.id])).toEqual([byA.id, byARevoked.id].sort());
      expect(await ids([a.id, b.id])).toEqual([byA.id, byARevoked.id, byB.id].sort());
      expect(await ids([])).toEqual([]);
      expect((await store().findKey(org.id, byA.id))!.makerId).toBe(a.id);
      await store().updateKey(org.id, byA.id, { makerId: b.id, updatedAt: T0 });
      expect(await ids([b.id])).toEqual([byA.id, byB.id].sort());
    });

    it('updates the root key only without an org', async () => {
      const { org } = await seedOrgAndProject(store());
      const root = await store().insertKey(aKey({ kind: 'root', roles: [] }));
      expect(await store().updateKey(org.id, root.id, { name: 'x', updatedAt: T0 })).toBeNull();
      expect(await store().updateKey(null, root.id, { name: 'operator', updatedAt: minutesAfterT0(1) })).toEqual({
        ...root,
        name: 'operator',
        updatedAt: minutesAfterT0(1),
      });
    });

    it('is initialized once a root key exists, revoked or not', async () => {
      expect(await store().isInitialized()).toBe(false);
      const { org } = await seedOrgAndProject(store());
      await store().insertKey(orgKey(org));
      expect(await store().isInitialized()).toBe(false);
      const root = await store().insertKey(aKey({ kind: 'root', roles: [] }));
      expect(await store().isInitialized()).toBe(true);
      await store().updateKey(null, root.id, { revokedAt: T0, updatedAt: T0 });
      expect(await store().isInitialized()).toBe(true);
    });

    it('refuses metadata holding U+0000 as VALIDATION on metadata, storing nothing', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const bad = projectKey(org, project, { metadata: { note: 'nul\u0000here' } });
      await expect(store().insertKey(bad)).rejects.toMatchObject({ code: 'VALIDATION', field: 'metadata' });
      expect(await store().findKey(org.id, bad.id)).toBeNull();
    });
  });
}
