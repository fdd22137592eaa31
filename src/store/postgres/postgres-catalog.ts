import type pg from 'pg';

/** A column as the copy needs it: its type decides how a SQLite value is turned into its value. */
export interface CatalogColumn {
  readonly name: string;
  readonly dataType: string;
  /** `generated always as identity`: inserting a value needs OVERRIDING SYSTEM VALUE. */
  readonly identityAlways: boolean;
  /** Backed by a sequence (identity or serial): its next value is reset after the copy. */
  readonly sequenced: boolean;
}

export interface CatalogTable {
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  /** Tables this one's foreign keys point at (itself excluded). */
  readonly parents: readonly string[];
}

/** `"schema"."table"`: names come from the catalog, quoted so any spelling is safe. */
export const qualified = (schema: string, table: string): string => `${quote(schema)}.${quote(table)}`;
export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The base tables of one schema with their columns (generated columns left out: they cannot
 * be written) and foreign-key parents, read from the catalog rather than from Keyward's code,
 * so a table a later migration adds is seen without anyone listing it.
 */
export async function readCatalog(client: pg.ClientBase, schema: string): Promise<CatalogTable[]> {
  const tables = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1`,
    [schema],
  );
  const columns = await client.query<{
    table: string;
    name: string;
    data_type: string;
    is_identity: string;
    generation: string | null;
    def: string | null;
    generated: string;
  }>(
    `select table_name as table, column_name as name, data_type, is_identity, identity_generation as generation,
            column_default as def, is_generated as generated
       from information_schema.columns where table_schema = $1 order by table_name, ordinal_position`,
    [schema],
  );
  const foreignKeys = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = $1`,
    [schema],
  );
  return tables.rows.map(({ name }) => ({
    name,
    columns: columns.rows
      .filter((c) => c.table === name && c.generated !== 'ALWAYS')
      .map((c) => ({
        name: c.name,
        dataType: c.data_type,
        identityAlways: c.is_identity === 'YES' && c.generation === 'ALWAYS',
        sequenced: c.is_identity === 'YES' || (c.def ?? '').startsWith('nextval('),
      })),
    parents: [...new Set(foreignKeys.rows.filter((f) => f.child === name && f.parent !== name).map((f) => f.parent))],
  }));
}

/**
 * Parents before children (a foreign key never points at a row not yet copied). Tables in a
 * cycle, which Keyward's schema does not have, keep their name order at the end: the copy
 * then fails on the constraint and rolls back rather than writing half.
 */
export function parentsFirst(tables: readonly CatalogTable[]): CatalogTable[] {
  const done = new Set<string>();
  const ordered: CatalogTable[] = [];
  const known = new Set(tables.map((t) => t.name));
  let progress = true;
  while (progress) {
    progress = false;
    for (const table of tables) {
      if (done.has(table.name) || !table.parents.every((p) => done.has(p) || !known.has(p))) continue;
      done.add(table.name);
      ordered.push(table);
      progress = true;
    }
  }
  return [...ordered, ...tables.filter((t) => !done.has(t.name))];
}
