import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import {
  FIRST_PAGE,
  aProject,
  anAuditEvent,
  minutesAfterT0,
  projectKey,
  seedOrgAndProject,
  useFreshStore,
} from './fixtures.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: usage`, () => {
    const store = useFreshStore(engine);

    it('adds counts across batches and returns a key\'s rows oldest first', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      await store().recordUsage({
        lastUsed: [],
        counts: [
          { keyId: key.id, day: '2025-03-02', code: 'VALID', count: 3 },
          { keyId: key.id, day: '2025-03-01', code: 'VALID', count: 2 },
          { keyId: key.id, day: '2025-03-01', code: 'REVOKED', count: 1 },
        ],
      });
      await store().recordUsage({ lastUsed: [], counts: [{ keyId: key.id, day: '2025-03-02', code: 'VALID', count: 4 }] });

      expect(await store().usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([
        { day: '2025-03-01', code: 'REVOKED', count: 1 },
        { day: '2025-03-01', code: 'VALID', count: 2 },
        { day: '2025-03-02', code: 'VALID', count: 7 },
      ]);
      expect(await store().usage(org.id, { keyId: key.id }, '2025-03-02')).toEqual([{ day: '2025-03-02', code: 'VALID', count: 7 }]);
    });

    it("sums a project's keys per day and code, leaving other projects out", async () => {
      const { org, project } = await seedOrgAndProject(store());
      const sibling = aProject(org.id);
      await store().insertProject(sibling);
      const a = await store().insertKey(projectKey(org, project));
      const b = await store().insertKey(projectKey(org, project));
      const elsewhere = await store().insertKey(projectKey(org, sibling));
      await store().recordUsage({
        lastUsed: [],
        counts: [
          { keyId: a.id, day: '2025-03-01', code: 'VALID', count: 2 },
          { keyId: b.id, day: '2025-03-01', code: 'VALID', count: 5 },
          { keyId: b.id, day: '2025-03-03', code: 'RATE_LIMITED', count: 1 },
          { keyId: elsewhere.id, day: '2025-03-01', code: 'VALID', count: 100 },
        ],
      });
      expect(await store().usage(org.id, { projectId: project.id }, '2025-03-01')).toEqual([
        { day: '2025-03-01', code: 'VALID', count: 7 },
        { day: '2025-03-03', code: 'RATE_LIMITED', count: 1 },
      ]);
    });

    it("returns no usage of another org's key or project", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const theirKey = await store().insertKey(projectKey(theirs.org, theirs.project));
      await store().recordUsage({ lastUsed: [], counts: [{ keyId: theirKey.id, day: '2025-03-01', code: 'VALID', count: 1 }] });
      expect(await store().usage(mine.org.id, { keyId: theirKey.id }, '2025-01-01')).toEqual([]);
      expect(await store().usage(mine.org.id, { projectId: theirs.project.id }, '2025-01-01')).toEqual([]);
      expect(await store().usage(theirs.org.id, { keyId: theirKey.id }, '2025-01-01')).toHaveLength(1);
    });

    it('ignores unknown key ids and still records the rest of the batch', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      const ghost = '00000000-0000-4000-8000-000000000000';
      await store().recordUsage({
        lastUsed: [{ keyId: ghost, at: minutesAfterT0(1) }, { keyId: key.id, at: minutesAfterT0(1) }],
        counts: [
          { keyId: ghost, day: '2025-03-01', code: 'VALID', count: 9 },
          { keyId: key.id, day: '2025-03-01', code: 'VALID', count: 1 },
        ],
      });
      expect(await store().usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([{ day: '2025-03-01', code: 'VALID', count: 1 }]);
      expect((await store().findKey(org.id, key.id))?.lastUsedAt).toBe(minutesAfterT0(1));
    });

    it('moves last use forward and never back', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      const lastUsed = async () => (await store().findKey(org.id, key.id))?.lastUsedAt;

      await store().recordUsage({ lastUsed: [{ keyId: key.id, at: minutesAfterT0(5) }], counts: [] });
      expect(await lastUsed()).toBe(minutesAfterT0(5));
      await store().recordUsage({ lastUsed: [{ keyId: key.id, at: minutesAfterT0(3) }], counts: [] });
      expect(await lastUsed()).toBe(minutesAfterT0(5));
      await store().recordUsage({ lastUsed: [{ keyId: key.id, at: minutesAfterT0(8) }], counts: [] });
      expect(await lastUsed()).toBe(minutesAfterT0(8));
    });

    it('records a batch larger than one statement holds', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      const days = Array.from({ length: 1200 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
      await store().recordUsage({ lastUsed: [], counts: days.map((day) => ({ keyId: key.id, day, code: 'VALID' as const, count: 2 })) });
      const rows = await store().usage(org.id, { keyId: key.id }, '2000-01-01');
      expect(rows).toHaveLength(1200);
      expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(2400);
      expect(rows[0]?.day).toBe('2020-01-01');
    });
  });

  describe(`${engine.name}: audit`, () => {
    const store = useFreshStore(engine);

    it('lists an inserted event with every field as written', async () => {
      const { org } = await seedOrgAndProject(store());
      const full = anAuditEvent(org.id, { actor: { type: 'user', id: 'user_1' }, createdAt: minutesAfterT0(1) });
      const bare = anAuditEvent(org.id, { actor: { type: 'system', id: 'bootstrap' }, requestId: null, ip: null, action: 'key.create', target: { type: 'key', id: 'k1' } });
      await store().insertAuditEvent(full);
      await store().insertAuditEvent(bare);
      const events = await store().listAuditEvents(org.id, {}, FIRST_PAGE);
      expect(events).toEqual([
        { ...bare, seq: events[0]!.seq },
        { ...full, seq: events[1]!.seq },
      ]);
    });

    it("lists only the org's events, newest first, a page at a time", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      for (let i = 0; i < 4; i++) await store().insertAuditEvent(anAuditEvent(mine.org.id, { requestId: `r${i}` }));
      await store().insertAuditEvent(anAuditEvent(theirs.org.id, { requestId: 'theirs' }));
      await store().insertAuditEvent(anAuditEvent(null, { requestId: 'instance' }));

      const page1 = await store().listAuditEvents(mine.org.id, {}, { limit: 3, beforeSeq: null });
      const page2 = await store().listAuditEvents(mine.org.id, {}, { limit: 3, beforeSeq: page1[2]!.seq });
      expect(page1.map((e) => e.requestId)).toEqual(['r3', 'r2', 'r1']);
      expect(page2.map((e) => e.requestId)).toEqual(['r0']);
    });

    it('filters by action and by target id', async () => {
      const { org } = await seedOrgAndProject(store());
      const created = anAuditEvent(org.id, { action: 'key.create', target: { type: 'key', id: 'key-a' } });
      const revoked = anAuditEvent(org.id, { action: 'key.revoke', target: { type: 'key', id: 'key-a' } });
      const other = anAuditEvent(org.id, { action: 'key.create', target: { type: 'key', id: 'key-b' } });
      for (const e of [created, revoked, other]) await store().insertAuditEvent(e);

      const ids = async (filter: Parameters<ReturnType<typeof store>['listAuditEvents']>[1]) =>
        (await store().listAuditEvents(org.id, filter, FIRST_PAGE)).map((e) => e.id);
      expect(await ids({ action: 'key.create' })).toEqual([other.id, created.id]);
      expect(await ids({ targetId: 'key-a' })).toEqual([revoked.id, created.id]);
      expect(await ids({ action: 'key.create', targetId: 'key-a' })).toEqual([created.id]);
      expect(await ids({ action: 'org.delete' })).toEqual([]);
    });
  });
}
