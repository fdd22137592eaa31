import { randomBytes } from 'node:crypto';
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Signed webhooks (issue 16 §1). Frozen: change with a new migration, never here. Uses
 * `Kysely<any>` and no app types.
 *
 * - `webhooks`: an org's endpoints. `events` is text `,key.created,key.revoked,` so that
 *   one `like '%,<type>,%'` selects the subscribers on both engines; `secret_sealed` is the
 *   signing secret under AES-256-GCM (core/webhook-secret.ts), never the secret itself.
 * - `webhook_deliveries`: the outbox. A row per (event, subscribed endpoint), written in the
 *   transaction of the change; the delivery loop claims rows (`lease_until`) and retries
 *   them until `delivered` or `failed`.
 * - `webhook_attempts`: every attempt of a delivery (status, latency, response code, body
 *   start).
 * - `api_keys.expiry_announced_at`: when `key.expired` was queued for the key; the sweeper
 *   claims a key by setting it (one instance wins). Keys expired before this migration count
 *   as announced, so an upgrade does not replay years of expiries.
 * - `instance_secrets.webhook_secrets`: the key material the signing secrets are sealed with.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const pg = engine === 'postgres';
  const time = pg ? 'timestamptz' : 'text';
  const bool = pg ? 'boolean' : 'integer';
  const seq = (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement());
  const seqType = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('webhooks')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', sql.raw(bool), (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', sql.raw(time), (c) => c.notNull())
    .addColumn('updated_at', sql.raw(time), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_org_seq').on('webhooks').columns(['org_id', 'seq']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', sql.raw(time), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', sql.raw(time), (c) => c.notNull())
    .addColumn('retry_from', sql.raw(time), (c) => c.notNull())
    .addColumn('lease_until', sql.raw(time))
    .addColumn('last_attempt_at', sql.raw(time))
    .addColumn('response_status', 'integer')
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook_seq').on('webhook_deliveries').columns(['webhook_id', 'seq']).execute();
  // What the loop polls: pending rows by due time.
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('seq', seqType, seq)
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('attempted_at', sql.raw(time), (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'seq']).execute();

  await db.schema.alterTable('api_keys').addColumn('expiry_announced_at', sql.raw(time)).execute();
  await db
    .updateTable('api_keys')
    .set({ expiry_announced_at: sql.ref('expires_at') })
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', pg ? sql`now()` : new Date().toISOString())
    .execute();
  // The sweeper's scan: keys with an expiry not yet announced.
  await db.schema
    .createIndex('api_keys_expiry_unannounced')
    .on('api_keys')
    .columns(['expires_at'])
    .where(sql.ref('expiry_announced_at'), 'is', null)
    .execute();

  await db
    .insertInto('instance_secrets')
    .values({ name: 'webhook_secrets', value: randomBytes(32).toString('base64url') })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('instance_secrets').where('name', '=', 'webhook_secrets').execute();
  await db.schema.dropIndex('api_keys_expiry_unannounced').execute();
  await db.schema.alterTable('api_keys').dropColumn('expiry_announced_at').execute();
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
}
