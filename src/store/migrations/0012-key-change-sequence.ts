import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * A persistent, monotonic change number on every key (`api_keys.change_seq`), for the change
 * stream that feeds local verifiers (GET /v1/keys/stream, issue 15). Frozen: change with a new
 * migration, never here. Uses `Kysely<any>` and no app types.
 *
 * Every insert, and every update of a column verification depends on, gives the row the next
 * number of one instance-wide counter. A replica that holds everything up to N asks for
 * `change_seq > N` and gets the current state of every key changed since, whatever happened
 * in between (revokes, project and org deletes, rolls): resumable after a reconnect or a
 * server restart, with no log to prune. The numbers must become visible in order, or a reader
 * could see 11 committed, move past it, and never see 10 that committed later:
 *
 * - SQLite has one writer at a time, so a counter row bumped by triggers is in commit order.
 * - PostgreSQL sequences are not: the number is taken by a deferred constraint trigger at
 *   commit, under a transaction-scoped advisory lock, so key-changing commits take turns for
 *   the last moment of their transaction only (the rows are already theirs: no deadlock).
 *
 * The usage flush (`last_used_at`) and credit spends (balance, `credits_refill_at`) change
 * no number: every other write through Keyward also moves `updated_at`, which is watched.
 */
const WATCHED_COLUMNS = [
  'org_id',
  'project_id',
  'name',
  'roles',
  'hash',
  'enabled',
  'metadata',
  'rate_limit',
  'updated_at',
  'expires_at',
  'revoked_at',
  'owner_id',
  'allowed_ips',
  'credits_refill_amount',
  'credits_refill_interval',
  'credits_refill_day',
];

export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const pg = engine === 'postgres';
  await db.schema
    .alterTable('api_keys')
    .addColumn('change_seq', sql.raw(pg ? 'bigint' : 'integer'), (c) => c.notNull().defaultTo(0))
    .execute();
  // Existing keys keep their order of creation; the counter continues from there.
  await sql`update api_keys set change_seq = seq`.execute(db);
  await db.schema.createIndex('api_keys_org_change_seq').on('api_keys').columns(['org_id', 'change_seq']).execute();
  if (pg) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

export async function down(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine === 'postgres') {
    await sql`drop trigger if exists api_keys_change_seq_insert on api_keys`.execute(db);
    await sql`drop trigger if exists api_keys_change_seq_update on api_keys`.execute(db);
    await sql`drop function if exists keyward_key_change_seq()`.execute(db);
    await sql`drop sequence if exists api_keys_change_seq`.execute(db);
  } else {
    await sql`drop trigger if exists api_keys_change_seq_insert`.execute(db);
    await sql`drop trigger if exists api_keys_change_seq_update`.execute(db);
    await sql`drop table if exists key_change_counter`.execute(db);
  }
  await db.schema.dropIndex('api_keys_org_change_seq').execute();
  await db.schema.alterTable('api_keys').dropColumn('change_seq').execute();
}

const rowOf = (alias: string): string => WATCHED_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  await sql`create table key_change_counter (id integer primary key check (id = 1), value integer not null)`.execute(db);
  await sql`insert into key_change_counter (id, value) select 1, coalesce(max(seq), 0) from api_keys`.execute(db);
  const bump = sql.raw(`begin
    update key_change_counter set value = value + 1 where id = 1;
    update api_keys set change_seq = (select value from key_change_counter where id = 1) where seq = new.seq;
  end`);
  await sql`create trigger api_keys_change_seq_insert after insert on api_keys ${bump}`.execute(db);
  const changed = sql.raw(WATCHED_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or '));
  await sql`create trigger api_keys_change_seq_update after update of ${sql.raw(WATCHED_COLUMNS.join(', '))} on api_keys
    when ${changed} ${bump}`.execute(db);
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`create sequence api_keys_change_seq`.execute(db);
  await sql`select setval('api_keys_change_seq', greatest(coalesce(max(seq), 0), 1)) from api_keys`.execute(db);
  // Schema-qualified through TG_TABLE_SCHEMA: the function runs with the writer's search_path.
  await sql`
    create or replace function keyward_key_change_seq() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.keyward_key_change_seq'));
      execute format('update %I.api_keys set change_seq = nextval(%L) where seq = $1',
        TG_TABLE_SCHEMA, quote_ident(TG_TABLE_SCHEMA) || '.api_keys_change_seq') using new.seq;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger api_keys_change_seq_insert after insert on api_keys
    deferrable initially deferred for each row execute function keyward_key_change_seq()`.execute(db);
  await sql`create constraint trigger api_keys_change_seq_update after update on api_keys
    deferrable initially deferred for each row
    when ((${sql.raw(rowOf('new'))}) is distinct from (${sql.raw(rowOf('old'))}))
    execute function keyward_key_change_seq()`.execute(db);
}
