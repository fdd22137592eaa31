import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * PostgreSQL: key changes of different orgs no longer take turns to commit. Frozen: change
 * with a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * 0012 numbers each key change at commit under one advisory lock per schema, so that the
 * numbers become visible in order. Every reader of those numbers reads one org
 * (`GET /v1/keys/stream`: `org_id = … and change_seq > …`), so the order only has to hold
 * within an org: the lock is now one per (schema, org). Keys of different orgs commit side by
 * side; two changes of one org still take turns for the last moment of their transactions. A
 * number taken by another org meanwhile only leaves a gap this org's readers never look at.
 * (Measured with the one-org bench: key creation on PostgreSQL is 1,250/s without 0012's
 * trigger and 500–650/s with it; a platform with many orgs now pays that only per org.)
 *
 * SQLite needs nothing: it has one writer at a time.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine === 'postgres') await changeSeqFunction(db, `TG_TABLE_SCHEMA || '.keyward_key_change_seq.' || coalesce(new.org_id, '')`);
}

export async function down(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  if (engine === 'postgres') await changeSeqFunction(db, `TG_TABLE_SCHEMA || '.keyward_key_change_seq'`);
}

/** 0012's trigger function, with the advisory lock's key spelled by `lockKey` (a text expression). */
async function changeSeqFunction(db: Kysely<any>, lockKey: string): Promise<void> {
  await sql`
    create or replace function keyward_key_change_seq() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtext(${sql.raw(lockKey)}));
      execute format('update %I.api_keys set change_seq = nextval(%L) where seq = $1',
        TG_TABLE_SCHEMA, quote_ident(TG_TABLE_SCHEMA) || '.api_keys_change_seq') using new.seq;
      return null;
    end $$`.execute(db);
}
