import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/store/database-url.js';

/** How long a barrier waits for the other side before failing the test: generous, for a loaded machine. */
export const BARRIER_MS = 10_000;
/** Between two looks at the database. */
const POLL_MS = 5;

/**
 * Resolves once the open transaction on the database at `url` is holding up another
 * writer; rejects after BARRIER_MS. A race test calls it after starting the competing
 * write and before letting the first transaction go on, so the test cannot pass unless
 * the two really overlapped (a sleep only hopes they did).
 *
 * - PostgreSQL: a backend working in the URL's schema shows as waiting for a lock
 *   (`pg_stat_activity.wait_event_type = 'Lock'`, while it holds a lock on one of the
 *   schema's tables). Each test has a schema of its own, so another test's waits never count.
 * - SQLite: writers of one store queue for its one connection inside the process, where
 *   the database cannot show them. What it can show is the lock they wait for: a write
 *   from another connection finds the file's write lock taken (SQLITE_BUSY). The caller
 *   must have started its competing write before calling this.
 */
export async function untilWriterBlocked(url: string): Promise<void> {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'sqlite') return untilSqliteWriteLockHeld(location.path);
  if (!location.schema) throw new Error('untilWriterBlocked needs a database URL with ?schema=');
  return untilPostgresLockWait(location.connectionString, location.schema);
}

async function untilPostgresLockWait(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await poll(`no statement in schema ${schema} waited for a lock`, async () => {
      const { rows } = await client.query<{ waiting: number }>(
        `select count(*)::int as waiting
           from pg_stat_activity a
          where a.wait_event_type = 'Lock'
            and a.pid <> pg_backend_pid()
            and exists (select 1 from pg_locks l join pg_class c on c.oid = l.relation
                         where l.pid = a.pid and c.relnamespace = to_regnamespace($1))`,
        [schema],
      );
      return rows[0]!.waiting > 0;
    });
  } finally {
    await client.end();
  }
}

async function untilSqliteWriteLockHeld(path: string): Promise<void> {
  // timeout 0: a taken lock is reported at once instead of waited for inside the call.
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  const begin = db.prepare('begin immediate');
  const rollback = db.prepare('rollback');
  try {
    await poll(`nothing held the write lock of ${path}`, async () => {
      try {
        begin.run();
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
        throw err;
      }
      // The lock was free: give it back at once (nothing was written).
      rollback.run();
      return false;
    });
  } finally {
    db.close();
  }
}

async function poll(failure: string, holds: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + BARRIER_MS;
  while (!(await holds())) {
    if (performance.now() > deadline) throw new Error(`${failure} within ${BARRIER_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A promise and the function that settles it: a barrier one side opens for the other. */
export function barrier(): { readonly reached: Promise<void>; open(): void } {
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (open = resolve));
  return { reached, open };
}

/** Whether `promise` has settled, readable at any moment (it is not consumed: await `promise` itself). */
export function settledFlag(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => settled;
}
