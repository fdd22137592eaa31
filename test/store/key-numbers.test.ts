import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/core/types.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import type { EngineHandle } from '../../src/store/engine-handle.js';
import { keyRow, orgRow, projectRow } from '../../src/store/kysely/row-mapping.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { migrateDatabase, openStore } from '../../src/store/open-store.js';
import { openPostgres } from '../../src/store/postgres/open-postgres.js';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { aKey, anOrg, aProject, minutesAfterT0, orgKey, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

/** Keys numbered per org (`orgNumber`): the integer key ids of the Confident dialect. */

/** Resolves for everyone once `parties` have arrived: proof that they were all under way at once. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

/** Mints a numbered key the way the core does: the number and the insert in one transaction. */
const numberedKey = (store: Store, key: Omit<ApiKey, 'seq' | 'orgNumber'>): Promise<ApiKey> =>
  store.transaction(async (tx) => tx.insertKey({ ...key, orgNumber: await tx.nextKeyNumber(key.orgId!) }));

for (const engine of ENGINES) {
  describe(`${engine.name}: key numbers`, () => {
    const store = useFreshStore(engine);

    it('counts 1, 2, 3… in each org on its own, whatever the other orgs create meanwhile', async () => {
      const a = await seedOrgAndProject(store());
      const b = await seedOrgAndProject(store());
      const numbers: Array<[string, number]> = [];
      for (const org of [a.org, b.org, b.org, a.org, b.org, a.org]) numbers.push([org.id, await store().nextKeyNumber(org.id)]);
      expect(numbers.filter(([org]) => org === a.org.id).map(([, n]) => n)).toEqual([1, 2, 3]);
      expect(numbers.filter(([org]) => org === b.org.id).map(([, n]) => n)).toEqual([1, 2, 3]);
    });

    it('gives a number back when its transaction rolls back', async () => {
      const { org } = await seedOrgAndProject(store());
      expect(await store().nextKeyNumber(org.id)).toBe(1);
      await expect(
        store().transaction(async (tx) => {
          expect(await tx.nextKeyNumber(org.id)).toBe(2);
          throw new Error('undone');
        }),
      ).rejects.toThrow('undone');
      expect(await store().nextKeyNumber(org.id)).toBe(2);
    });

    it('finds a key of the org by its number, revoked or not, and never another org’s key of that number', async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const live = await numberedKey(store(), projectKey(mine.org, mine.project));
      const revoked = await numberedKey(store(), projectKey(mine.org, mine.project, { revokedAt: minutesAfterT0(1) }));
      const foreign = await numberedKey(store(), projectKey(theirs.org, theirs.project));
      const unnumbered = await store().insertKey(orgKey(mine.org));

      expect([live.orgNumber, revoked.orgNumber, foreign.orgNumber, unnumbered.orgNumber]).toEqual([1, 2, 1, null]);
      expect(await store().findKey(mine.org.id, live.id)).toEqual(live);
      expect(await store().findKeyByNumber(mine.org.id, 1)).toEqual(live);
      expect(await store().findKeyByNumber(mine.org.id, 2)).toEqual(revoked);
      expect(await store().findKeyByNumber(theirs.org.id, 1)).toEqual(foreign);
      expect(await store().findKeyByNumber(theirs.org.id, 2)).toBeNull();
      expect(await store().findKeyByNumber(mine.org.id, 3)).toBeNull();
      // Listed with their numbers too.
      const listed = await store().listKeys(
        { orgId: mine.org.id, projectId: mine.project.id, includeRevoked: true, now: minutesAfterT0(2) },
        { limit: 10, beforeSeq: null },
      );
      expect(listed.map((k) => k.orgNumber)).toEqual([2, 1]);
    });

    it('refuses a number already taken in the org (CONFLICT), and takes the same number in another org', async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      await store().insertKey({ ...projectKey(mine.org, mine.project), orgNumber: 7 });
      await expect(store().insertKey({ ...projectKey(mine.org, mine.project), orgNumber: 7 })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await store().insertKey({ ...projectKey(theirs.org, theirs.project), orgNumber: 7 })).orgNumber).toBe(7);
    });

    it('never hands one number to two keys of an org, however many transactions mint at once', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      // Eight fit the PostgreSQL pool (10): each transaction holds its connection while the
      // barrier makes sure all are open before any asks for a number, so they truly race.
      // SQLite runs one write transaction at a time: there they queue, and must still count right.
      const parties = 8;
      const allOpen = engine.name === 'postgres' ? barrier(parties) : async () => {};
      const minted = await Promise.all(
        Array.from({ length: parties }, (_, i) =>
          store().transaction(async (tx) => {
            const target = i % 4 === 3 ? other : { org, project };
            await tx.findProject(target.org.id, target.project.id);
            await allOpen();
            return tx.insertKey({ ...projectKey(target.org, target.project), orgNumber: await tx.nextKeyNumber(target.org.id) });
          }),
        ),
      );
      const numbersOf = (orgId: string) =>
        minted
          .filter((k) => k.orgId === orgId)
          .map((k) => k.orgNumber)
          .sort((x, y) => x! - y!);
      expect(numbersOf(org.id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(numbersOf(other.org.id)).toEqual([1, 2]);
      for (const key of minted) expect(await store().findKeyByNumber(key.orgId!, key.orgNumber!)).toEqual(key);
    });
  });

  describe(`${engine.name}: migration 0004 (per-org key numbers)`, () => {
    let db: FreshDatabase | undefined;
    afterEach(async () => {
      await db?.cleanup();
      db = undefined;
    });

    async function openHandle(url: string): Promise<EngineHandle> {
      const location = parseDatabaseUrl(url);
      if (location.engine === 'sqlite') return openSqlite(location.path);
      return openPostgres(location.connectionString, location.schema, { connectMs: 5000, queryMs: null });
    }

    it('keeps the ids Confident clients already hold (the keys’ seq), and each org counts on from its highest', async () => {
      db = engine.freshUrl();
      // The schema as 0003 left it, with keys the Confident dialect minted then (numbered by seq).
      const handle = await openHandle(db.url);
      const old = handle.db as unknown as Kysely<any>;
      const migrator = new Migrator({
        db: handle.db,
        provider: migrationProvider(handle.engine),
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      expect((await migrator.migrateTo('0003-cheaper-key-change-signals')).error).toBeUndefined();
      const [a, b, c] = [anOrg({ name: 'a' }), anOrg({ name: 'b' }), anOrg({ name: 'c' })];
      const [pa, pb] = [aProject(a.id), aProject(b.id)];
      for (const org of [a, b, c]) {
        const { leak_policy: _lp, ...row } = orgRow(org, handle.codec); // 0011's column, not there yet
        await old.insertInto('orgs').values(row).execute();
      }
      for (const project of [pa, pb]) {
        const { key_prefix: _p, max_keys_per_owner: _m, ...row } = projectRow(project, handle.codec);
        await old.insertInto('projects').values(row).execute();
      }
      const insertAt0003 = async (key: Omit<ApiKey, 'seq'>): Promise<number> => {
        // Only the columns 0003 had: later migrations' (org_number, maker_id, owner_id, 0009's credits and allowlist) left out.
        const {
          org_number: _,
          maker_id: _mk,
          owner_id: _o,
          credits_remaining: _r,
          credits_refill_amount: _a,
          credits_refill_interval: _i,
          credits_refill_day: _d,
          credits_refill_at: _t,
          allowed_ips: _ips,
          ...row
        } = keyRow(key, handle.codec);
        await old.insertInto('api_keys').values(row).execute();
        const stored = await old.selectFrom('api_keys').select('seq').where('id', '=', key.id).executeTakeFirstOrThrow();
        return Number(stored.seq);
      };
      const confident = (orgId: string, projectId: string) => aKey({ orgId, projectId, origin: 'confident' });
      const a1 = confident(a.id, pa.id);
      const b1 = confident(b.id, pb.id);
      const aNative = aKey({ orgId: a.id, projectId: pa.id });
      const a2 = confident(a.id, pa.id);
      const seqs = new Map<string, number>();
      for (const key of [a1, b1, aNative, a2]) seqs.set(key.id, await insertAt0003(key));
      await handle.db.destroy();

      // 0004 first; later migrations follow it.
      expect((await migrateDatabase(db.url))[0]).toBe('0004-per-org-key-numbers');
      const store = await openStore(db.url);
      try {
        expect((await store.findKeyByNumber(a.id, seqs.get(a1.id)!))?.id).toBe(a1.id);
        expect((await store.findKeyByNumber(a.id, seqs.get(a2.id)!))?.id).toBe(a2.id);
        expect((await store.findKeyByNumber(b.id, seqs.get(b1.id)!))?.id).toBe(b1.id);
        expect(await store.findKeyByNumber(b.id, seqs.get(a1.id)!)).toBeNull();
        expect((await store.findKey(a.id, aNative.id))?.orgNumber).toBeNull();
        expect(await store.nextKeyNumber(a.id)).toBe(seqs.get(a2.id)! + 1);
        expect(await store.nextKeyNumber(b.id)).toBe(seqs.get(b1.id)! + 1);
        expect(await store.nextKeyNumber(c.id)).toBe(1);
      } finally {
        await store.close();
      }
    });
  });
}
