import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type PostgresDialectConfig,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kysely's Dialect and introspector signatures take Kysely<any> */

/**
 * Kysely's PostgreSQL dialect, with an introspector that looks at Keyward's own schema only.
 *
 * Kysely's migrator asks `getTables()` whether its bookkeeping table exists, and the stock
 * introspector answers by reading every table of every schema in the database, calling
 * `pg_get_serial_sequence()` on each column. When another schema is dropped while that
 * query runs (another Keyward instance's or another application's schema on a shared
 * server, or a parallel test suite's), the function fails with "schema … does not exist"
 * and Keyward's own start-up fails with it. Keyward's tables live in one schema, so that is
 * all it needs to look at.
 */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  readonly #schema: string;

  constructor(config: PostgresDialectConfig, schema: string) {
    super(config);
    this.#schema = schema;
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SchemaScopedIntrospector(db, this.#schema);
  }
}

interface ColumnRow {
  readonly table: string;
  readonly table_type: string;
  readonly column: string;
  readonly data_type: string;
  readonly data_type_schema: string;
  readonly is_nullable: string;
  readonly column_default: string | null;
  readonly is_identity: string;
}

const KYSELY_TABLES = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

class SchemaScopedIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;
  readonly #schema: string;

  constructor(db: Kysely<any>, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    return [{ name: this.#schema }];
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    // information_schema names only what exists in this schema; no function is applied to
    // other schemas' relations, so their comings and goings cannot fail this query.
    const { rows } = await sql<ColumnRow>`
      select c.table_name as "table", t.table_type, c.column_name as "column", c.udt_name as data_type,
             c.udt_schema as data_type_schema, c.is_nullable, c.column_default, c.is_identity
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${this.#schema}
      order by c.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, { isView: boolean; columns: ColumnMetadata[] }>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && KYSELY_TABLES.has(row.table)) continue;
      let table = tables.get(row.table);
      if (!table) tables.set(row.table, (table = { isView: row.table_type === 'VIEW', columns: [] }));
      table.columns.push({
        name: row.column,
        dataType: row.data_type,
        dataTypeSchema: row.data_type_schema,
        isAutoIncrementing: row.is_identity === 'YES' || (row.column_default?.startsWith('nextval(') ?? false),
        isNullable: row.is_nullable === 'YES',
        hasDefaultValue: row.column_default !== null || row.is_identity === 'YES',
      });
    }
    return [...tables].map(([name, t]) => ({ name, schema: this.#schema, ...t }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
