import BetterSqlite3 from 'better-sqlite3';
import { watchNothing, type WatchKeyChanges } from '../key-changes.js';

/**
 * How often the file is checked. `PRAGMA data_version` costs a few microseconds, so a
 * 5 ms period keeps the cross-process bound tight at a negligible cost.
 */
export const SQLITE_POLL_MS = 5;

/** More changes than this in one poll (a deleted project or org): forget everything instead. */
const MAX_HASHES_PER_POLL = 1000;

/**
 * Watches a SQLite file for key changes made by any connection, this process's included.
 * Its own connection asks `PRAGMA data_version`, which changes only when another
 * connection committed; only then does it read the new rows of `key_changes` (filled by
 * triggers, migration 0002). A gap in their sequence means the table was pruned past
 * what this reader saw, so it reports `null`.
 */
export function sqliteKeyChangeWatcher(path: string, pollMs = SQLITE_POLL_MS): WatchKeyChanges {
  if (path === ':memory:') return watchNothing;
  return async (listener) => {
    const db = new BetterSqlite3(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const dataVersion = db.prepare('pragma data_version').pluck();
      const newer = db.prepare('select seq, hash from key_changes where seq > ? order by seq limit ?');
      const latest = db.prepare('select coalesce(max(seq), 0) from key_changes').pluck();
      let seen = dataVersion.get() as number;
      let last = latest.get() as number;
      const poll = (): void => {
        const version = dataVersion.get() as number;
        if (version === seen) return;
        seen = version;
        const rows = newer.all(last, MAX_HASHES_PER_POLL + 1) as Array<{ seq: number; hash: string }>;
        if (rows.length === 0) return;
        const gap = rows[0]!.seq !== last + 1;
        if (gap || rows.length > MAX_HASHES_PER_POLL) {
          last = latest.get() as number;
          listener(null);
          return;
        }
        last = rows[rows.length - 1]!.seq;
        listener(rows.map((r) => r.hash));
      };
      const timer = setInterval(() => {
        try {
          poll();
        } catch {
          // A busy or briefly unreadable file: what changed meanwhile is unknown.
          listener(null);
        }
      }, pollMs);
      // The poll must not keep a process alive on its own.
      timer.unref();
      return async () => {
        clearInterval(timer);
        db.close();
      };
    } catch (err) {
      db.close();
      throw err;
    }
  };
}
