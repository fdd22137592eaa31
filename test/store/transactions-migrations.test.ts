import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import { migrateDatabase, openStore } from '../../src/store/open-store.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { FIRST_PAGE, aProject, anOrg, minutesAfterT0, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: transactions`, () => {
    const store = useFreshStore(engine);

    it('keeps every write of a transaction that completes and returns its value', async () => {
      const org = anOrg();
      const project = aProject(org.id);
      const result = await store().transaction(async (tx) => {
        await tx.insertOrg(org);
        await tx.insertProject(project);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store().findProject(org.id, project.id)).toEqual(project);
    });

    it('keeps nothing of a transaction whose work throws, and rethrows', async () => {
      const org = anOrg();
      const boom = new Error('boom');
      await expect(
        store().transaction(async (tx) => {
          await tx.insertOrg(org);
          await tx.insertProject(aProject(org.id));
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store().findOrg(org.id)).toBeNull();
      expect(await store().listOrgs(FIRST_PAGE)).toEqual([]);
      expect(await store().listProjects(org.id, FIRST_PAGE)).toEqual([]);
    });

    it('keeps nothing when a statement inside fails, and reports the domain error', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const extra = aProject(org.id, { name: 'extra' });
      await expect(
        store().transaction(async (tx) => {
          await tx.insertProject(extra);
          await tx.insertProject(aProject(org.id, { name: project.name }));
        }),
      ).rejects.toBeInstanceOf(KeywardError);
      expect(await store().findProject(org.id, extra.id)).toBeNull();
      expect((await store().listProjects(org.id, FIRST_PAGE)).map((p) => p.id)).toEqual([project.id]);
    });

    it('runs a nested transaction inside the outer one, so an outer failure undoes it', async () => {
      const org = anOrg();
      await expect(
        store().transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.insertOrg(org));
          expect(await tx.findOrg(org.id)).toEqual(org);
          throw new Error('after inner');
        }),
      ).rejects.toThrow('after inner');
      expect(await store().findOrg(org.id)).toBeNull();
    });

    it('undoes an org deletion and its revocations when the transaction fails', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = await store().insertKey(projectKey(org, project));
      await expect(
        store().transaction(async (tx) => {
          expect(await tx.deleteOrg(org.id, minutesAfterT0(1))).toBe(true);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store().findOrg(org.id)).toEqual(org);
      expect(await store().findProject(org.id, project.id)).toEqual(project);
      expect(await store().findKey(org.id, key.id)).toEqual(key);
    });

    it('lets concurrent transactions all land, and exactly one of several racing duplicate names', async () => {
      const org = anOrg();
      await store().insertOrg(org);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().transaction((tx) => tx.insertProject(aProject(org.id, { name: `p${i}` })))),
      );
      const racing = await Promise.allSettled(
        Array.from({ length: 8 }, () => store().transaction((tx) => tx.insertProject(aProject(org.id, { name: 'same' })))),
      );
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of racing) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
      expect(await store().listProjects(org.id, FIRST_PAGE)).toHaveLength(21);
    });

    it('answers a ping, and closes idempotently', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
      const opened = await engine.open();
      await opened.store.close();
      await opened.store.close();
      await expect(opened.store.ping()).rejects.toThrow();
      await opened.cleanup();
    });
  });

  describe(`${engine.name}: migrations`, () => {
    let db: FreshDatabase | undefined;
    afterEach(async () => {
      await db?.cleanup();
      db = undefined;
    });

    it('applies the migrations once and reports none the second time', async () => {
      db = engine.freshUrl();
      expect(await migrateDatabase(db.url)).toEqual([
        '0001-initial-schema',
        '0002-key-change-signals',
        '0003-cheaper-key-change-signals',
        '0004-per-org-key-numbers',
        '0005-one-live-root-key',
        '0006-key-makers',
        '0007-list-cursor-secret',
        '0008-key-owners-and-prefixes',
        '0009-credits-and-ip-allowlists',
        '0010-webhooks',
        '0011-leaks-and-imports',
        '0012-key-change-sequence',
        '0013-numbered-key-change-signals',
        '0014-per-org-change-order',
        '0015-webhook-delivery-retention',
      ]);
      expect(await migrateDatabase(db.url)).toEqual([]);
    });

    it('refuses to open an unmigrated database without migrate, naming the fix', async () => {
      db = engine.freshUrl();
      await expect(openStore(db.url)).rejects.toThrow(
        /schema is not up to date \(pending: 0001-initial-schema, 0002-key-change-signals, 0003-cheaper-key-change-signals, 0004-per-org-key-numbers, 0005-one-live-root-key, 0006-key-makers, 0007-list-cursor-secret, 0008-key-owners-and-prefixes, 0009-credits-and-ip-allowlists, 0010-webhooks, 0011-leaks-and-imports, 0012-key-change-sequence, 0013-numbered-key-change-signals, 0014-per-org-change-order, 0015-webhook-delivery-retention\); run `keyward migrate`/,
      );
      await migrateDatabase(db.url);
      const store = await openStore(db.url);
      expect(await store.isInitialized()).toBe(false);
      await store.close();
    });

    it('keeps data across reopening a migrated database with migrate on', async () => {
      db = engine.freshUrl();
      const first = await openStore(db.url, { migrate: true });
      const org = anOrg();
      await first.insertOrg(org);
      await first.close();
      const second = await openStore(db.url, { migrate: true });
      expect(await second.findOrg(org.id)).toEqual(org);
      await second.close();
      expect(await migrateDatabase(db.url)).toEqual([]);
    });
  });
}

describe('database URLs', () => {
  it.each([
    ['mysql://root@localhost/db', /invalid database URL: unknown scheme/],
    ['keyward.db', /invalid database URL: unknown scheme/],
    ['sqlite:', /invalid database URL "sqlite:": no file path/],
    ['postgres://host/db?schema=bad-name;drop', /schema must be letters, digits and _/],
    ['postgres://', /invalid database URL/],
  ])('refuses %s with a message saying what is wrong', async (url, message) => {
    await expect(openStore(url)).rejects.toThrow(message);
    await expect(migrateDatabase(url)).rejects.toThrow(message);
  });

  it('does not echo a password from the URL in its error', async () => {
    const err: unknown = await openStore('postgres://u:hunter2@127.0.0.1:1/db').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot connect to PostgreSQL/);
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('opens an in-memory SQLite store', async () => {
    const store = await openStore('sqlite::memory:', { migrate: true });
    expect(await store.isInitialized()).toBe(false);
    await store.close();
  });
});
