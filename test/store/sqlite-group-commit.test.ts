import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { KeywardSqliteDialect } from '../../src/store/sqlite/sqlite-dialect.js';

/**
 * What only SQLite's group commit (sqlite-group-commit.ts) can get wrong, driven through
 * Keyward's dialect on a bare schema: a COMMIT that fails, a transaction SQLite rolled
 * back by itself, and closing with a group still open. The behaviour every engine shares
 * is in concurrent-transactions.test.ts.
 */
interface Tables {
  parent: { id: string };
  child: { id: string; parent_id: string };
}

const files: string[] = [];
afterEach(async () => {
  await Promise.all(files.splice(0).flatMap((f) => ['', '-wal', '-shm'].map((s) => rm(f + s, { force: true }))));
});

function openFile(path = join(tmpdir(), `keyward-group-${randomBytes(6).toString('hex')}.db`)) {
  files.push(path);
  const raw = new BetterSqlite3(path);
  const commits = countCommits(raw);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  // A deferred foreign key is checked at COMMIT: the one way to make a COMMIT fail on purpose.
  raw.exec(`create table if not exists parent (id text primary key);
    create table if not exists child (id text primary key, parent_id text not null references parent (id) deferrable initially deferred);
    insert or ignore into parent values ('p');`);
  return { path, raw, commits, db: new Kysely<Tables>({ dialect: new KeywardSqliteDialect(raw) }) };
}

/** Counts the COMMIT statements run on `raw` (the dialect prepares its own when it is made). */
function countCommits(raw: BetterSqlite3.Database): { readonly count: number } {
  const counter = { count: 0 };
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => {
    const statement = prepare(text);
    if (text.trim().toLowerCase() !== 'commit') return statement;
    const run = statement.run.bind(statement);
    statement.run = ((...args: unknown[]) => {
      counter.count++;
      return run(...args);
    }) as typeof statement.run;
    return statement;
  }) as typeof raw.prepare;
  return counter;
}

const insertChild = (db: Kysely<Tables>, id: string, parent = 'p') => db.insertInto('child').values({ id, parent_id: parent }).execute();
const childIds = (raw: BetterSqlite3.Database) =>
  (raw.prepare('select id from child order by id').all() as Array<{ id: string }>).map((r) => r.id);

describe('sqlite: group commit', () => {
  it('fails every transaction of a group whose COMMIT fails, and keeps none of their writes', async () => {
    const { raw, db } = openFile();
    const outcomes = await Promise.allSettled([
      db.transaction().execute((tx) => insertChild(tx, 'a')),
      // Passes its statement, fails the group's COMMIT (no such parent).
      db.transaction().execute((tx) => insertChild(tx, 'b', 'missing')),
      db.transaction().execute((tx) => insertChild(tx, 'c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(childIds(raw)).toEqual([]);
    expect(raw.inTransaction).toBe(false);
    // The next group starts clean.
    await db.transaction().execute((tx) => insertChild(tx, 'd'));
    expect(childIds(raw)).toEqual(['d']);
    await db.destroy();
  });

  it('fails the waiting transactions of a group SQLite rolled back by itself', async () => {
    const { raw, db } = openFile();
    const outcomes = await Promise.allSettled([
      db.transaction().execute((tx) => insertChild(tx, 'a')),
      // What SQLite does by itself after a full disk or an I/O error: the whole transaction is gone.
      db.transaction().execute(async (tx) => {
        await insertChild(tx, 'b');
        await sql`rollback`.execute(tx);
      }),
      db.transaction().execute((tx) => insertChild(tx, 'c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(childIds(raw)).toEqual(['c']);
    await db.destroy();
  });

  it('shares one COMMIT among the transactions of one event-loop turn', async () => {
    const { raw, db, commits } = openFile();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => db.transaction().execute((tx) => insertChild(tx, id))));
    expect(commits.count).toBe(1);
    await Promise.all(['e', 'f'].map((id) => db.transaction().execute((tx) => insertChild(tx, id))));
    expect(commits.count).toBe(2);
    expect(childIds(raw)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    await db.destroy();
  });

  it('commits and answers a group still open when the database is closed', async () => {
    const { path, db } = openFile();
    const pending = db.transaction().execute((tx) => insertChild(tx, 'a'));
    // Once the microtasks have run, the transaction has ended and waits for the group's
    // COMMIT, which is due at the end of this turn: close before that.
    await new Promise((resolve) => process.nextTick(resolve));
    const closed = db.destroy();
    await pending;
    await closed;
    const reopened = new BetterSqlite3(path);
    expect(childIds(reopened)).toEqual(['a']);
    reopened.close();
  });

  it('lets a second store on the same file in this process write at once, whatever group is open', async () => {
    const first = openFile();
    const second = openFile(first.path);
    // As openSqlite sets them: a locked file is waited for on timers, so the first store's
    // open group commits at the end of its turn. With SQLite's own busy wait, which blocks
    // the event loop, the second store's BEGIN would wait out its timeout on that group,
    // which can only commit on this same loop.
    for (const { raw } of [first, second]) raw.pragma('busy_timeout = 0');
    const started = performance.now();
    await Promise.all([
      first.db.transaction().execute((tx) => insertChild(tx, 'a')),
      second.db.transaction().execute((tx) => insertChild(tx, 'b')),
      first.db.transaction().execute((tx) => insertChild(tx, 'c')),
      sql`insert into child values ('d', 'p')`.execute(second.db),
    ]);
    expect(performance.now() - started).toBeLessThan(900);
    expect(childIds(first.raw)).toEqual(['a', 'b', 'c', 'd']);
    await second.db.destroy();
    await first.db.destroy();
  });
});
