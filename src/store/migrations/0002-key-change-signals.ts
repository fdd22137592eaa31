import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Change signals for the verification caches of every Keyward process on the database.
 * Frozen: change with a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * A key's row changing in any way that verification can see (anything but `last_used_at`,
 * which the usage flush moves every second) or its deletion raises a signal naming the
 * key's hash. The signal comes from the database itself, so every writer raises it: every
 * instance, a `keyward` command, an operator's hand-written UPDATE.
 *
 * Inserts raise none: a new key's 256 random bits cannot be in any cache (not even as
 * "unknown", which would need someone to have guessed it), and signalling each insert
 * would cost every key creation and every bulk import a second write for nothing.
 *
 * - PostgreSQL: statement-level triggers send `NOTIFY keyward_key_changes` with payload
 *   `<schema> <hash>,<hash>,…`, or `<schema> *` when more than 100 keys changed at once
 *   (a deleted project or org). NOTIFY is transactional: it is delivered at commit, never
 *   for a rolled-back change.
 * - SQLite: row triggers append the hash to `key_changes`, which other processes poll
 *   (cheaply: only when `PRAGMA data_version` says the file changed). The table keeps
 *   about the last 10,000 changes; a reader that fell further behind flushes its cache.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`
    create function keyward_key_changes_notify() returns trigger language plpgsql as $$
    declare
      changed text[];
    begin
      if TG_OP = 'DELETE' then
        select array_agg(h) into changed from (select hash as h from old_rows limit 101) s;
      else
        select array_agg(h) into changed from (
          select o.hash as h from old_rows o join new_rows n on n.seq = o.seq
          where (to_jsonb(n) - 'last_used_at') is distinct from (to_jsonb(o) - 'last_used_at')
          limit 101
        ) s;
      end if;
      if changed is null then
        return null;
      end if;
      -- 100 hashes of 64 characters stay well under NOTIFY's 8000-byte payload limit.
      perform pg_notify('keyward_key_changes', TG_TABLE_SCHEMA || ' ' ||
        case when cardinality(changed) > 100 then '*' else array_to_string(changed, ',') end);
      return null;
    end $$`.execute(db);
  // Transition tables need one trigger per event.
  await sql`create trigger api_keys_signal_update after update on api_keys
    referencing old table as old_rows new table as new_rows for each statement execute function keyward_key_changes_notify()`.execute(db);
  await sql`create trigger api_keys_signal_delete after delete on api_keys
    referencing old table as old_rows for each statement execute function keyward_key_changes_notify()`.execute(db);
}

/** Every api_keys column but last_used_at, as of 0001: a change to any of them is signalled. */
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

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`create table key_changes (seq integer primary key autoincrement, hash text not null)`.execute(db);
  const changed = sql.raw(SIGNALLED_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or '));
  await sql`create trigger api_keys_signal_update after update on api_keys when ${changed}
    begin insert into key_changes (hash) values (old.hash); end`.execute(db);
  await sql`create trigger api_keys_signal_delete after delete on api_keys
    begin insert into key_changes (hash) values (old.hash); end`.execute(db);
  // Pruned in steps of 1,000 so the delete runs once per thousand changes, not every time.
  await sql`create trigger key_changes_prune after insert on key_changes when new.seq % 1000 = 0
    begin delete from key_changes where seq <= new.seq - 10000; end`.execute(db);
}

export async function down(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  for (const t of ['api_keys_signal_update', 'api_keys_signal_delete']) {
    await sql`drop trigger if exists ${sql.raw(t)}${sql.raw(engine === 'postgres' ? ' on api_keys' : '')}`.execute(db);
  }
  if (engine === 'postgres') await sql`drop function if exists keyward_key_changes_notify()`.execute(db);
  else await sql`drop table if exists key_changes`.execute(db);
}
