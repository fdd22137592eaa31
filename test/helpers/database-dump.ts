import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/store/database-url.js';

/**
 * Every row of every table Keyward keeps, read straight from the database (not through
 * the app), so "nothing changed" means exactly that: no row added, removed or altered in
 * any org, including the audit log, usage, and rows no API ever shows (keys of deleted
 * projects, the key-change signals). Rows are sorted JSON, so a dump compares with `toEqual`.
 */
export type DatabaseDump = Record<string, string[]>;

export interface DatabaseReader {
  dump(): Promise<DatabaseDump>;
  close(): Promise<void>;
}

/** Bookkeeping tables that a request never touches and a migration owns. */
const SKIPPED = /^(kysely_migration|kysely_migration_lock|sqlite_.*)$/;

const sortedRows = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

export async function openDatabaseReader(url: string): Promise<DatabaseReader> {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'sqlite') {
    // A second, read-only connection: WAL lets it read while the app holds its own.
    const db = new Database(location.path, { readonly: true, fileMustExist: true });
    return {
      async dump() {
        const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
        const out: DatabaseDump = {};
        for (const { name } of tables) {
          if (!SKIPPED.test(name)) out[name] = sortedRows(db.prepare(`select * from "${name}"`).all());
        }
        return out;
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: location.connectionString });
  await client.connect();
  const schema = location.schema ?? 'public';
  return {
    async dump() {
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1",
        [schema],
      );
      const out: DatabaseDump = {};
      for (const { table_name: name } of tables.rows) {
        if (!SKIPPED.test(name)) out[name] = sortedRows((await client.query(`select * from "${schema}"."${name}"`)).rows);
      }
      return out;
    },
    async close() {
      await client.end();
    },
  };
}

/** What differs between two dumps, table by table (empty when nothing changed): short enough to read in a failure. */
export function changesBetween(before: DatabaseDump, after: DatabaseDump): Record<string, { added: string[]; removed: string[] }> {
  const out: Record<string, { added: string[]; removed: string[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const added = [...is].filter((r) => !was.has(r));
    const removed = [...was].filter((r) => !is.has(r));
    if (added.length > 0 || removed.length > 0) out[table] = { added, removed };
  }
  return out;
}
