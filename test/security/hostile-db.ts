import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/store/open-store.js';

/** The tables whose rows an attacker must not be able to change without a 2xx. */
export const TABLES = ['orgs', 'projects', 'api_keys', 'audit_events', 'key_usage'] as const;
export type TableName = (typeof TABLES)[number];
export type Row = Record<string, unknown>;
export type TableRows = Record<TableName, Row[]>;

/** key_usage has no seq (its key is key_id, day, code). */
const selectAll = (t: TableName): string =>
  t === 'key_usage' ? `SELECT * FROM ${t} ORDER BY key_id, day, code` : `SELECT * FROM ${t} ORDER BY seq`;

/**
 * Reads every row of every Keyward table straight from the database, behind the app's
 * back (its own connection), so the check does not trust the code under test. Values are
 * returned as the driver gives them; compare snapshots of one engine with each other only.
 */
export async function readTables(databaseUrl: string): Promise<TableRows> {
  const location = parseDatabaseUrl(databaseUrl);
  const out = {} as TableRows;
  if (location.engine === 'sqlite') {
    const db = new Database(location.path, { readonly: true, fileMustExist: true });
    try {
      for (const t of TABLES) out[t] = db.prepare(selectAll(t)).all() as Row[];
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({
    connectionString: location.connectionString,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  await client.connect();
  try {
    for (const t of TABLES) out[t] = (await client.query(selectAll(t))).rows as Row[];
  } finally {
    await client.end();
  }
  return out;
}

/** Rows by id, each serialised to one comparable string. */
export function rowsById(rows: readonly Row[], ignore: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) {
    const kept = Object.fromEntries(Object.entries(row).filter(([k]) => !ignore.includes(k)));
    out.set(
      String(row['id']),
      JSON.stringify(kept, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    );
  }
  return out;
}
