import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Usage credits and IP allowlists on keys (issue 13). Frozen: change with a new migration,
 * never here. Uses `Kysely<any>` and no app types.
 *
 * - `credits_remaining`: the balance (null: unlimited), changed by one conditional UPDATE per
 *   spend; the CHECK makes a negative balance impossible whatever the writer.
 * - `credits_refill_amount` / `_interval` / `_day` (null day: the 1st; daily has none) and
 *   `credits_refill_at`, the next boundary, at or after which the next spend resets the balance.
 * - `allowed_ips`: a JSON list of normalized CIDRs (null: any address).
 * - `key_usage.spent`: credits spent per key, day and code (VALID only).
 * - `audit_events.details`: what an event changed, when it says (`key.credits_set`).
 *
 * No change-signal trigger changes: these columns are set through Keyward together with
 * `updated_at`, which the 0003 signals already watch, and a spend (balance and refill_at
 * only) must not signal, or every verification of a key with credits would evict it from
 * every instance's cache.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const pg = engine === 'postgres';
  const time = pg ? 'timestamptz' : 'text';
  const json = pg ? 'jsonb' : 'text';
  const count = pg ? 'bigint' : 'integer';
  const columns: Array<[string, string, ((c: any) => any)?]> = [
    ['credits_remaining', count, (c) => c.check(sql`credits_remaining >= 0`)],
    ['credits_refill_amount', count],
    ['credits_refill_interval', 'text', (c) => c.check(sql`credits_refill_interval in ('daily', 'monthly')`)],
    ['credits_refill_day', 'integer'],
    ['credits_refill_at', time],
    ['allowed_ips', json],
  ];
  for (const [name, type, build] of columns) {
    await db.schema
      .alterTable('api_keys')
      .addColumn(name, sql.raw(type), build ?? ((c) => c))
      .execute();
  }
  await db.schema
    .alterTable('key_usage')
    .addColumn('spent', sql.raw(count), (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('audit_events').addColumn('details', sql.raw(json)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('details').execute();
  await db.schema.alterTable('key_usage').dropColumn('spent').execute();
  for (const name of [
    'allowed_ips',
    'credits_refill_at',
    'credits_refill_day',
    'credits_refill_interval',
    'credits_refill_amount',
    'credits_remaining',
  ]) {
    await db.schema.alterTable('api_keys').dropColumn(name).execute();
  }
}
