import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { parseDatabaseUrl } from './database-url.js';
import { runMigrations } from './kysely/run-migrations.js';
import { migrateDatabase } from './open-store.js';
import { parentsFirst, qualified, quote, readCatalog, type CatalogColumn, type CatalogTable } from './postgres/postgres-catalog.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/**
 * `keyward copy`: a SQLite database into an empty PostgreSQL database (or schema), whole.
 *
 * Generic on purpose: the tables are read from the catalogs, not listed here, so a table a
 * later migration adds is copied without this file changing. The steps:
 *
 * 1. Refuse a target that holds data, before touching it (any row in any table of the
 *    schema, except Kysely's migration bookkeeping and the rows migrations write themselves).
 * 2. Migrate both ends to this version of Keyward; they must then have the same migrations.
 * 3. In ONE PostgreSQL transaction: check emptiness again (another process may have started
 *    meanwhile), replace the migration-written rows by the source's, copy every table parents
 *    first in batches (column lists from the target's catalog, values converted by the
 *    target column's type), move every identity sequence past the copied ids, compare each
 *    table's row count with the source's, then commit. Any failure rolls everything back, so
 *    a re-run starts from an empty (migrated) target.
 *
 * The source is read inside one SQLite read transaction: a consistent snapshot even while a
 * server still writes to it (its later writes are, of course, not copied).
 */

/** Raised for what the operator can fix (bad URL, missing file, non-empty target): printed as is. */
export class CopyRefused extends Error {}

export interface CopiedTable {
  readonly table: string;
  readonly rows: number;
}

export interface CopyResult {
  readonly tables: readonly CopiedTable[];
  /** SQLite tables with no PostgreSQL counterpart (engine-only bookkeeping, e.g. its change-signal log). */
  readonly skipped: readonly string[];
}

export interface CopyOptions {
  /** Told each table once it is copied (the CLI prints a progress line). */
  readonly onTable?: (table: CopiedTable) => void;
  readonly onSkipped?: (table: string) => void;
  /** Rows per INSERT (default 500; fewer when a table has many columns). */
  readonly batchRows?: number;
}

/** Kysely's migration bookkeeping: each end keeps its own, written by its migrate step. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
const CONNECT_MS = 5000;

export async function copyDatabase(fromUrl: string, toUrl: string, opts: CopyOptions = {}): Promise<CopyResult> {
  const sourcePath = sqliteSource(fromUrl);
  const target = postgresTarget(toUrl);

  const seeded = await migrationSeededTables();
  const client = await connect(target.connectionString, target.schema);
  try {
    const schema = target.schema ?? (await client.query<{ s: string | null }>('select current_schema() as s')).rows[0]?.s ?? 'public';
    await refuseData(client, schema, seeded);
    await migrateDatabase(toUrl);
    await migrateDatabase(`sqlite:${sourcePath}`);
    const source = new BetterSqlite3(sourcePath, { readonly: true, fileMustExist: true });
    try {
      return await copyInOneTransaction(source, client, schema, seeded, opts);
    } finally {
      source.close();
    }
  } finally {
    await client.end().catch(() => {});
  }
}

function sqliteSource(url: string): string {
  const from = parse('--from', url);
  if (from.engine !== 'sqlite' || from.path === ':memory:') throw new CopyRefused('--from must be a SQLite file: sqlite:<path>');
  if (!existsSync(from.path)) throw new CopyRefused(`--from: there is no SQLite database at ${from.path}`);
  // Checked before migrating it: migrating any other SQLite file would turn it into an empty Keyward database.
  if (!isKeywardSqlite(from.path)) throw new CopyRefused(`--from: ${from.path} is not a Keyward database (it has no migrations table)`);
  return from.path;
}

function isKeywardSqlite(path: string): boolean {
  let probe: BetterSqlite3.Database;
  try {
    probe = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CopyRefused(`--from: cannot open ${path} as a SQLite database: ${(err as Error).message}`);
  }
  try {
    return probe.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get() !== undefined;
  } catch (err) {
    throw new CopyRefused(`--from: cannot read ${path} as a SQLite database: ${(err as Error).message}`);
  } finally {
    probe.close();
  }
}

function postgresTarget(url: string): { connectionString: string; schema: string | null } {
  const to = parse('--to', url);
  if (to.engine !== 'postgres') throw new CopyRefused('--to must be a PostgreSQL URL: postgres://user@host:port/database[?schema=name]');
  return to;
}

function parse(flag: string, url: string): ReturnType<typeof parseDatabaseUrl> {
  try {
    return parseDatabaseUrl(url);
  } catch (err) {
    throw new CopyRefused(`${flag}: ${(err as Error).message}`);
  }
}

/**
 * The tables Keyward's migrations write rows into themselves (instance_secrets' cursor
 * secret): found by migrating a scratch in-memory database, so no list needs keeping. On the
 * target these rows are not the operator's data; the copy replaces them with the source's.
 */
async function migrationSeededTables(): Promise<ReadonlySet<string>> {
  const scratch = openSqlite(':memory:');
  try {
    await runMigrations(scratch);
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
      scratch.db,
    );
    const seeded = new Set<string>();
    for (const { name } of rows) {
      if (BOOKKEEPING.has(name)) continue;
      const count = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(scratch.db);
      if ((count.rows[0]?.n ?? 0) > 0) seeded.add(name);
    }
    return seeded;
  } finally {
    await scratch.db.destroy();
  }
}

async function connect(connectionString: string, schema: string | null): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString,
    application_name: 'keyward-copy',
    connectionTimeoutMillis: CONNECT_MS,
    // Schema names are plain identifiers (database-url.ts checks them).
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    const e = err as { message?: string; code?: string; errors?: Array<{ message?: string }> };
    throw new CopyRefused(`--to: cannot connect to PostgreSQL: ${e.message || e.errors?.[0]?.message || e.code || String(err)}`);
  }
  return client;
}

/** Any row in any table of the schema (bookkeeping and migration-written rows aside) refuses the copy. */
async function refuseData(client: pg.ClientBase, schema: string, seeded: ReadonlySet<string>, only?: ReadonlySet<string>): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1`,
    [schema],
  );
  for (const { name } of rows) {
    if (BOOKKEEPING.has(name) || seeded.has(name) || (only && !only.has(name))) continue;
    const held = await client.query(`select 1 from ${qualified(schema, name)} limit 1`);
    if (held.rowCount) {
      throw new CopyRefused(
        `the target is not empty: table ${schema}.${name} holds rows. keyward copy only writes into an empty PostgreSQL database or schema ` +
          '(e.g. add ?schema=keyward to the URL for a new one)',
      );
    }
  }
}

async function copyInOneTransaction(
  source: BetterSqlite3.Database,
  client: pg.ClientBase,
  schema: string,
  seeded: ReadonlySet<string>,
  opts: CopyOptions,
): Promise<CopyResult> {
  const sourceTables = new Set(
    source.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).pluck().all() as string[],
  );
  await client.query('begin');
  source.exec('begin');
  try {
    refuseMigrationMismatch(
      source.prepare('select name from kysely_migration order by name').pluck().all() as string[],
      (await client.query<{ name: string }>(`select name from ${qualified(schema, 'kysely_migration')} order by name`)).rows.map(
        (r) => r.name,
      ),
    );
    // Again, inside the transaction, for the tables it fills: nothing may have arrived since
    // the first look. (Tables only PostgreSQL has are left as its migrations made them.)
    await refuseData(client, schema, seeded, sourceTables);
    const tables = parentsFirst((await readCatalog(client, schema)).filter((t) => !BOOKKEEPING.has(t.name)));
    for (const table of [...tables].reverse()) {
      if (seeded.has(table.name)) await client.query(`delete from ${qualified(schema, table.name)}`);
    }
    const copied: CopiedTable[] = [];
    for (const table of tables) {
      if (!sourceTables.has(table.name)) continue;
      const rows = await copyTable(source, client, schema, table, opts.batchRows ?? 500);
      copied.push({ table: table.name, rows });
      opts.onTable?.({ table: table.name, rows });
    }
    await resetSequences(client, schema, tables);
    await verifyCounts(source, client, schema, copied);
    const targetNames = new Set(tables.map((t) => t.name));
    const skipped = [...sourceTables].filter((name) => !BOOKKEEPING.has(name) && !targetNames.has(name)).sort();
    for (const name of skipped) opts.onSkipped?.(name);
    await client.query('commit');
    return { tables: copied, skipped };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    source.exec('rollback');
  }
}

function refuseMigrationMismatch(source: readonly string[], target: readonly string[]): void {
  if (source.join('\n') === target.join('\n')) return;
  const only = (a: readonly string[], b: readonly string[]) => a.filter((name) => !b.includes(name)).join(', ') || 'none';
  throw new CopyRefused(
    `the two databases are at different schema versions after migrating (source only: ${only(source, target)}; ` +
      `target only: ${only(target, source)}): use the Keyward version that made the newer one`,
  );
}

/** Streams one table's rows from SQLite into multi-row INSERTs; returns how many it wrote. */
async function copyTable(
  source: BetterSqlite3.Database,
  client: pg.ClientBase,
  schema: string,
  table: CatalogTable,
  batchRows: number,
): Promise<number> {
  const sourceColumns = new Set((source.pragma(`table_info(${quote(table.name)})`) as Array<{ name: string }>).map((c) => c.name));
  const extra = [...sourceColumns].filter((name) => !table.columns.some((c) => c.name === name));
  if (extra.length > 0) {
    throw new CopyRefused(`table ${table.name}: column(s) ${extra.join(', ')} exist only in the SQLite database; nothing was copied`);
  }
  // Target columns the source lacks keep their defaults (the schema versions match, so none should).
  const columns = table.columns.filter((c) => sourceColumns.has(c.name));
  if (columns.length === 0) return 0;
  const perBatch = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  const overriding = columns.some((c) => c.identityAlways) ? ' overriding system value' : '';
  const head = `insert into ${qualified(schema, table.name)} (${columns.map((c) => quote(c.name)).join(', ')})${overriding} values `;
  const read = source.prepare(`select ${columns.map((c) => quote(c.name)).join(', ')} from ${quote(table.name)}`).raw(true);

  let written = 0;
  let batch: unknown[][] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = row.map((value, i) => {
        values.push(toPostgres(value, columns[i]!, table.name));
        return `$${values.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await client.query(head + tuples.join(', '), values);
    written += batch.length;
    batch = [];
  };
  for (const row of read.iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return written;
}

/**
 * A SQLite value as the PostgreSQL column wants it (see sqlite-values.ts and postgres-values.ts):
 * booleans are 0/1 there, JSON is text (sent as text here too: pg would turn an array into a
 * PostgreSQL array), instants are ISO 8601 text, which timestamptz parses exactly.
 */
export function toPostgres(value: unknown, column: CatalogColumn, table: string): unknown {
  if (value === null || value === undefined) return null;
  switch (column.dataType) {
    case 'boolean':
      if (value === 1 || value === 0 || typeof value === 'boolean') return value === 1 || value === true;
      throw new CopyRefused(`table ${table}, column ${column.name}: ${JSON.stringify(value)} is not a boolean (0 or 1)`);
    case 'json':
    case 'jsonb':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return typeof value === 'bigint' ? value.toString() : value;
  }
}

/** Identity and serial columns continue after the largest id copied, so later inserts do not collide. */
async function resetSequences(client: pg.ClientBase, schema: string, tables: readonly CatalogTable[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns.filter((c) => c.sequenced)) {
      await client.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(column.name)}) from ${qualified(schema, table.name)}), 0) + 1, false)`,
        [qualified(schema, table.name), column.name],
      );
    }
  }
}

async function verifyCounts(source: BetterSqlite3.Database, client: pg.ClientBase, schema: string, copied: readonly CopiedTable[]) {
  for (const { table } of copied) {
    const expected = Number(
      source
        .prepare(`select count(*) from ${quote(table)}`)
        .pluck()
        .get(),
    );
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${qualified(schema, table)}`);
    const actual = Number(rows[0]?.n);
    if (actual !== expected) throw new Error(`table ${table}: ${expected} rows in SQLite but ${actual} in PostgreSQL; nothing was copied`);
  }
}
