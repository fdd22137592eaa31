import BetterSqlite3 from 'better-sqlite3';
import { KEY_RECORD_COLUMNS, type KeyRecordRow } from '../kysely/row-mapping.js';
import { asUnavailable } from '../kysely/unavailable.js';
import type { KeyReader } from '../engine-handle.js';

const COLUMNS = KEY_RECORD_COLUMNS.join(', ');

/**
 * Page cache of the connections that touch keys all over the file (this reader, the usage
 * writer's thread), in KiB: SQLite's own default, 2 MB. better-sqlite3 builds SQLite with
 * 16 MB per connection, which verifying a million distinct keys fills (random pages of
 * the hash index and the rows) on each of them: 14 MB of RSS apiece, for hits that the
 * operating system's file cache answers almost as fast. The index's upper levels, the
 * pages every lookup reads, fit many times over.
 */
export const KEY_PAGES_CACHE_KIB = 2000;

/**
 * Reads key records by hash on a connection of its own, synchronously. The serving
 * connection runs one statement or transaction at a time (Kysely queues the rest behind
 * it), so through it a verification would wait for any key creation in progress; in WAL
 * mode a second connection reads the last committed state at once, never a write that is
 * still open, and never blocks a writer. It only reads (`query_only`).
 */
export function openSqliteKeyReader(path: string): KeyReader {
  const db = new BetterSqlite3(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = 1');
    db.pragma(`cache_size = -${KEY_PAGES_CACHE_KIB}`);
    // Prepared on first use: the store opens this before migrations create the table.
    let one: BetterSqlite3.Statement | null = null;
    let many: BetterSqlite3.Statement | null = null;
    return {
      read(hashes) {
        try {
          if (hashes.length === 1) {
            one ??= db.prepare(`select ${COLUMNS} from api_keys where hash = ?`);
            const row = one.get(hashes[0]) as KeyRecordRow | undefined;
            return row ? [row] : [];
          }
          many ??= db.prepare(`select ${COLUMNS} from api_keys where hash in (select value from json_each(?))`);
          return many.all(JSON.stringify(hashes)) as KeyRecordRow[];
        } catch (err) {
          throw asUnavailable(err);
        }
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
