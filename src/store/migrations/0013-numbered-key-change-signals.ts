import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Numbered change signals on PostgreSQL, so that a listener can tell when it missed one.
 * Frozen: change with a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * The NOTIFY of 0002/0003 (same trigger, same columns compared) now takes a number from the
 * sequence `keyward_key_change_seq` of its schema and adds it as a last element,
 * `<schema> <hash>,<hash>,…,#<n>`. A listener that sees a number skipped and not filled
 * within a grace period (NOTIFYs arrive in commit order, numbers are taken in statement
 * order, and a rolled-back transaction leaves a number unused), or that reads the
 * sequence past the last number it heard, stops trusting what it holds
 * (src/store/postgres/postgres-key-changes.ts).
 *
 * The element is appended so that a Keyward of an earlier version still reading these
 * NOTIFYs (during a rolling upgrade) forgets every hash it names; `#<n>` is no hash, so it
 * forgets nothing more. "Everything changed" (`<schema> *`, past 100 keys in one statement)
 * stays unnumbered for the same reason: an earlier version reads only a bare `*` as such,
 * and a receiver drops everything on it anyway.
 *
 * SQLite needs nothing: its `key_changes` table is numbered already (0002).
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`create sequence keyward_key_change_seq`.execute(db);
  await notifyFunction(db, true);
}

export async function down(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine !== 'postgres') return;
  await notifyFunction(db, false);
  await sql`drop sequence keyward_key_change_seq`.execute(db);
}

/** Every api_keys column but last_used_at, as of 0001 (the same list as 0002 and 0003). */
const SIGNALLED_COLUMNS = [
  'id',
  'kind',
  'org_id',
  'project_id',
  'name',
  'roles',
  'hash',
  'preview',
  'enabled',
  'metadata',
  'rate_limit',
  'created_by_type',
  'created_by_id',
  'owner',
  'origin',
  'created_at',
  'updated_at',
  'expires_at',
  'revoked_at',
];

const rowOf = (alias: string): string => SIGNALLED_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/** 0003's function, with the number appended when `numbered`. */
async function notifyFunction(db: Kysely<any>, numbered: boolean): Promise<void> {
  const changed = sql.raw(`(${rowOf('n')}) is distinct from (${rowOf('o')})`);
  // The sequence of the trigger's own schema, whatever the writing session's search_path.
  const number = sql.raw(numbered ? ` || ',#' || nextval((quote_ident(TG_TABLE_SCHEMA) || '.keyward_key_change_seq')::regclass)` : '');
  await sql`
    create or replace function keyward_key_changes_notify() returns trigger language plpgsql as $$
    declare
      changed text[];
    begin
      if TG_OP = 'DELETE' then
        select array_agg(h) into changed from (select hash as h from old_rows limit 101) s;
      else
        select array_agg(h) into changed from (
          select o.hash as h from old_rows o join new_rows n on n.seq = o.seq
          where ${changed}
          limit 101
        ) s;
      end if;
      if changed is null then
        return null;
      end if;
      if cardinality(changed) > 100 then
        perform pg_notify('keyward_key_changes', TG_TABLE_SCHEMA || ' *');
      else
        perform pg_notify('keyward_key_changes', TG_TABLE_SCHEMA || ' ' || array_to_string(changed, ',')${number});
      end if;
      return null;
    end $$`.execute(db);
}
