import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../kysely/tables.js';
import type { EngineHandle } from '../engine-handle.js';
import { FALLBACK_CHECKPOINT_PAGES } from './sqlite-checkpointer.js';
import { KeywardSqliteDialect } from './sqlite-dialect.js';
import { sqliteKeyChangeWatcher } from './sqlite-key-changes.js';
import { openSqliteKeyReader } from './sqlite-key-reader.js';
import { sqliteValues } from './sqlite-values.js';
import { sqliteAdapter } from './sqlite-adapter.js';
import { openUsageWriter } from './sqlite-usage-writer.js';

/** Milliseconds opening the file (the journal-mode switch) waits for another process's lock. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a SQLite file (creating the file, never its folder), or `:memory:`. WAL lets readers run while a
 * write commits; synchronous=NORMAL is safe with WAL (a power cut may lose the last
 * commits, never corrupt the file) and saves an fsync per transaction, which is what
 * makes thousands of key creations a second possible.
 */
export function openSqlite(path: string): EngineHandle {
  if (path !== ':memory:') refuseMissingFolder(path);
  let raw: BetterSqlite3.Database | undefined;
  try {
    raw = new BetterSqlite3(path);
    // Set first, so that even the journal-mode switch waits for a busy file.
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    // SQLite checks foreign keys only when asked, per connection.
    raw.pragma('foreign_keys = ON');
    // Checkpoints run in the file's background thread (sqlite-checkpointer.ts); this is only the fallback.
    if (path !== ':memory:') raw.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    // From here a locked file is waited for on timers, not inside SQLite (sqlite-dialect.ts).
    raw.pragma('busy_timeout = 0');
  } catch (err) {
    raw?.close();
    throw new Error(`cannot open SQLite database ${path}: ${(err as Error).message}`, { cause: err });
  }
  // A second connection would be another database for `:memory:`: there, everything goes through the one.
  const file = path !== ':memory:';
  const keyReader = file ? openSqliteKeyReader(path) : undefined;
  // Its thread checkpoints the WAL too; it stops once the serving connection is closed (the
  // store also awaits that: KyselyStore.close).
  const usageWriter = file ? openUsageWriter(path) : undefined;
  const afterClose = () => {
    keyReader?.close();
    void usageWriter?.destroy();
  };
  return {
    engine: 'sqlite',
    adapter: sqliteAdapter,
    db: new Kysely<Database>({ dialect: new KeywardSqliteDialect(raw, afterClose) }),
    codec: sqliteValues,
    migrationSchema: undefined,
    watchKeyChanges: sqliteKeyChangeWatcher(path),
    ...(keyReader ? { keyReader } : {}),
    // `:memory:` flushes usage on the serving connection, in-thread (a worker's connection would be another database).
    ...(usageWriter ? { usageWriter } : {}),
  };
}

/**
 * A typo in KEYWARD_DATABASE_URL (`sqlite:./dta/keyward.db`) must not look like a fresh
 * install: creating the folder would give a new, empty database, and serve would mint new
 * keys into it. The file itself may be new (a first start), its folder must already exist.
 */
function refuseMissingFolder(path: string): void {
  const folder = dirname(path);
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (!stat) throw new Error(`cannot open SQLite database ${path}: the folder ${folder} does not exist (create it, or fix the path)`);
  if (!stat.isDirectory()) throw new Error(`cannot open SQLite database ${path}: ${folder} is not a folder`);
}
