import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LAST_USED_PER_STATEMENT } from '../../src/store/kysely/usage-queries.js';
import type { ApiKey } from '../../src/core/types.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, T0, aProject, anAuditEvent, minutesAfterT0, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: usage`, () => {
    const store = useFreshStore(engine);

    it("adds counts across batches and returns a key's rows oldest first", async () => {
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
        { day: '2025-03-01', code: 'REVOKED', count: 1, spent: 0 },
        { day: '2025-03-01', code: 'VALID', count: 2, spent: 0 },
        { day: '2025-03-02', code: 'VALID', count: 7, spent: 0 },
      ]);
      expect(await store().usage(org.id, { keyId: key.id }, '2025-03-02')).toEqual([
        { day: '2025-03-02', code: 'VALID', count: 7, spent: 0 },
      ]);
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
        { day: '2025-03-01', code: 'VALID', count: 7, spent: 0 },
        { day: '2025-03-03', code: 'RATE_LIMITED', count: 1, spent: 0 },
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
        lastUsed: [
          { keyId: ghost, at: minutesAfterT0(1) },
          { keyId: key.id, at: minutesAfterT0(1) },
        ],
        counts: [
          { keyId: ghost, day: '2025-03-01', code: 'VALID', count: 9 },
          { keyId: key.id, day: '2025-03-01', code: 'VALID', count: 1 },
        ],
      });
      expect(await store().usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([
        { day: '2025-03-01', code: 'VALID', count: 1, spent: 0 },
      ]);
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

    it('moves every key of a batch larger than one statement holds forward', async () => {
      const { org, project } = await seedOrgAndProject(store());
      // Two full statements and a partial third, so a chunk boundary bug shows.
      const count = LAST_USED_PER_STATEMENT * 2 + 7;
      const keys: ApiKey[] = [];
      await store().transaction(async (tx) => {
        for (let i = 0; i < count; i++) keys.push(await tx.insertKey(projectKey(org, project)));
      });
      // Every key gets its own time, so a row updated from another key's entry would show.
      const at = (i: number) => new Date(Date.parse(minutesAfterT0(10)) + i * 1000).toISOString();
      await store().recordUsage({ lastUsed: keys.map((k, i) => ({ keyId: k.id, at: at(i) })), counts: [] });

      const stored = await store().listKeys(
        { orgId: org.id, projectId: project.id, includeRevoked: true, now: T0 },
        { limit: count, beforeSeq: null },
      );
      expect(stored).toHaveLength(count);
      const byId = new Map(stored.map((k) => [k.id, k.lastUsedAt]));
      expect(keys.map((k) => byId.get(k.id))).toEqual(keys.map((_, i) => at(i)));
    });

    it("advances known keys in a batch mixed with unknown ids, and leaves another org's key alone", async () => {
      const { org, project } = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const [a, b] = [await store().insertKey(projectKey(org, project)), await store().insertKey(projectKey(org, project))];
      const theirKey = await store().insertKey(projectKey(theirs.org, theirs.project));
      const ghosts = Array.from({ length: 50 }, () => randomUUID());
      await store().recordUsage({
        lastUsed: [
          ...ghosts.slice(0, 25).map((keyId) => ({ keyId, at: minutesAfterT0(9) })),
          { keyId: a.id, at: minutesAfterT0(1) },
          ...ghosts.slice(25).map((keyId) => ({ keyId, at: minutesAfterT0(9) })),
          { keyId: b.id, at: minutesAfterT0(2) },
        ],
        counts: [
          ...ghosts.map((keyId) => ({ keyId, day: '2025-03-01', code: 'VALID' as const, count: 9 })),
          { keyId: b.id, day: '2025-03-01', code: 'VALID', count: 1 },
        ],
      });
      expect((await store().findKey(org.id, a.id))?.lastUsedAt).toBe(minutesAfterT0(1));
      expect((await store().findKey(org.id, b.id))?.lastUsedAt).toBe(minutesAfterT0(2));
      expect(await store().findKey(theirs.org.id, theirKey.id)).toEqual(theirKey);
      expect(await store().usage(org.id, { keyId: b.id }, '2025-01-01')).toEqual([
        { day: '2025-03-01', code: 'VALID', count: 1, spent: 0 },
      ]);
      expect(await store().usage(theirs.org.id, { keyId: theirKey.id }, '2025-01-01')).toEqual([]);
    });

    it('never moves last use back, within a batch of many keys or across batches', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const [fresh, older, newer] = [
        await store().insertKey(projectKey(org, project)),
        await store().insertKey(projectKey(org, project, { lastUsedAt: minutesAfterT0(5) })),
        await store().insertKey(projectKey(org, project, { lastUsedAt: minutesAfterT0(5) })),
      ];
      const lastUsed = async (id: string) => (await store().findKey(org.id, id))?.lastUsedAt;
      // One statement: a key moving forward next to one whose entry is older than its row.
      await store().recordUsage({
        lastUsed: [
          { keyId: fresh.id, at: minutesAfterT0(3) },
          { keyId: older.id, at: minutesAfterT0(4) },
          { keyId: newer.id, at: minutesAfterT0(6) },
        ],
        counts: [],
      });
      expect([await lastUsed(fresh.id), await lastUsed(older.id), await lastUsed(newer.id)]).toEqual([
        minutesAfterT0(3),
        minutesAfterT0(5),
        minutesAfterT0(6),
      ]);
      // A late batch carrying the older times again changes nothing.
      await store().recordUsage({
        lastUsed: [
          { keyId: fresh.id, at: minutesAfterT0(1) },
          { keyId: older.id, at: minutesAfterT0(4) },
          { keyId: newer.id, at: minutesAfterT0(5) },
        ],
        counts: [],
      });
      expect([await lastUsed(fresh.id), await lastUsed(older.id), await lastUsed(newer.id)]).toEqual([
        minutesAfterT0(3),
        minutesAfterT0(5),
        minutesAfterT0(6),
      ]);
    });

    it('takes the latest time when a batch names a key more than once', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const [a, b] = [await store().insertKey(projectKey(org, project)), await store().insertKey(projectKey(org, project))];
      const lastUsed = async (id: string) => (await store().findKey(org.id, id))?.lastUsedAt;
      // Latest first for a, last for b: whichever entry an engine would pick, the latest must win.
      await store().recordUsage({
        lastUsed: [
          { keyId: a.id, at: minutesAfterT0(7) },
          { keyId: b.id, at: minutesAfterT0(1) },
          { keyId: a.id, at: minutesAfterT0(2) },
          { keyId: b.id, at: minutesAfterT0(3) },
          { keyId: a.id, at: minutesAfterT0(4) },
          { keyId: b.id, at: minutesAfterT0(8) },
        ],
        counts: [],
      });
      expect([await lastUsed(a.id), await lastUsed(b.id)]).toEqual([minutesAfterT0(7), minutesAfterT0(8)]);
      await store().recordUsage({
        lastUsed: [
          { keyId: a.id, at: minutesAfterT0(6) },
          { keyId: a.id, at: minutesAfterT0(5) },
        ],
        counts: [],
      });
      expect(await lastUsed(a.id)).toBe(minutesAfterT0(7));
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
      const bare = anAuditEvent(org.id, {
        actor: { type: 'system', id: 'bootstrap' },
        requestId: null,
        ip: null,
        action: 'key.create',
        target: { type: 'key', id: 'k1' },
      });
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
