import { sql } from 'kysely';
import type { EngineAdapter } from '../kysely/engine-adapter.js';
import { insertKeyInto } from '../kysely/key-insert.js';
import { PreparedQuery } from '../kysely/prepared-query.js';
import { OUTBOX_COLUMNS, subscribedPattern } from '../kysely/webhook-queries.js';
import { webhookEventFor } from '../../core/webhooks.js';

/**
 * PostgreSQL's stored values are not always the ones written (jsonb reorders object keys),
 * so a new key is read back from RETURNING.
 */
const INSERT_KEY = new PreparedQuery((db, p, columns) => insertKeyInto(db, p, columns).returningAll());
/** Names the event's parameters apart from the key's (both tables have `id`, `org_id`, `created_at`). */
const EVENT_PARAM = 'event.';
/**
 * The key and its audit event in one statement (a data-modifying CTE): one round trip,
 * which costs more than the statement, and atomic as any single statement is.
 */
const INSERT_KEY_WITH_EVENT = new PreparedQuery((db, p, names) => {
  const eventColumns = names.filter((n) => n.startsWith(EVENT_PARAM));
  const keyColumns = names.filter((n) => !n.startsWith(EVENT_PARAM) && !n.startsWith(OUTBOX_PARAM));
  const withEvent = db.with('event', (w) =>
    w.insertInto('audit_events').values(Object.fromEntries(eventColumns.map((n) => [n.slice(EVENT_PARAM.length), p(n)])) as never),
  );
  if (!names.includes(`${OUTBOX_PARAM}type`)) return insertKeyInto(withEvent, p, keyColumns).returningAll();
  // The webhook outbox (kysely/webhook-queries.ts): the event queued for the org's subscribed
  // webhooks, in the same statement, so a key, its event and its deliveries land together.
  const withOutbox = withEvent.with('outbox', (w) =>
    w
      .insertInto('webhook_deliveries')
      .columns(OUTBOX_COLUMNS)
      .expression((eb) =>
        eb
          .selectFrom('webhooks')
          .select([
            sql<string>`gen_random_uuid()::text`.as('id'),
            'id as webhook_id',
            'org_id',
            sql<string>`${p(`${EVENT_PARAM}id`)}`.as('event_id'),
            sql<string>`${p(`${OUTBOX_PARAM}type`)}`.as('event_type'),
            sql<string>`${p(`${EVENT_PARAM}actor_type`)}`.as('actor_type'),
            sql<string>`${p(`${EVENT_PARAM}actor_id`)}`.as('actor_id'),
            sql<string>`${p(`${EVENT_PARAM}target_type`)}`.as('target_type'),
            sql<string>`${p(`${EVENT_PARAM}target_id`)}`.as('target_id'),
            sql<string>`${p(`${EVENT_PARAM}created_at`)}::timestamptz`.as('occurred_at'),
            sql<string>`'pending'`.as('status'),
            sql<number>`0`.as('attempts'),
            sql<string>`${p(`${EVENT_PARAM}created_at`)}::timestamptz`.as('next_attempt_at'),
            sql<string>`${p(`${EVENT_PARAM}created_at`)}::timestamptz`.as('retry_from'),
          ])
          .where('org_id', '=', p(`${EVENT_PARAM}org_id`))
          .where('enabled', '=', true)
          .where('events', 'like', p(`${OUTBOX_PARAM}pattern`)),
      ),
  );
  return insertKeyInto(withOutbox as never, p, keyColumns).returningAll();
});
const OUTBOX_PARAM = 'outbox.';
/** What PostgreSQL (pg) does differently from SQLite; see kysely/engine-adapter.ts. */
export const postgresAdapter: EngineAdapter = {
  engine: 'postgres',
  // Transactions run concurrently: reads that a decision rests on lock their rows (query-context.ts).
  locksReadsInTransactions: true,

  async insertKey(q, key) {
    const [stored] = await INSERT_KEY.execute(q, key);
    if (!stored) throw new Error('insert returned no row');
    return stored;
  },

  // One statement needs no transaction of its own.
  async insertKeyWithEvent(q, key, event) {
    const params: Record<string, unknown> = { ...key };
    for (const [column, value] of Object.entries(event)) params[EVENT_PARAM + column] = value;
    const type = event.org_id ? webhookEventFor(event.action) : null;
    if (type !== null) {
      params[`${OUTBOX_PARAM}type`] = type;
      params[`${OUTBOX_PARAM}pattern`] = subscribedPattern(type);
    }
    const [stored] = await INSERT_KEY_WITH_EVENT.execute(q, params);
    if (!stored) throw new Error('insert returned no row');
    return stored;
  },

  // pg sends a JS array as a PostgreSQL array.
  isOneOf(column, values) {
    return sql<boolean>`${sql.ref(column)} = any(${values}::text[])`;
  },

  // Two arrays that unnest zips into rows.
  idTimeRows(pairs) {
    return sql`select * from unnest(${pairs.map((u) => u[0])}::text[], ${pairs.map((u) => u[1])}::timestamptz[]) as u(id, at)`;
  },

  // Five arrays, one per column, zipped by unnest.
  usageCountRows(rows) {
    const column = (i: number) => rows.map((r) => r[i]);
    return sql`select * from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::bigint[], ${column(4)}::bigint[])
      as u(key_id, day, code, count, spent)`;
  },

  // A transaction-scoped advisory lock on a 64-bit hash of the pair: no row to create or
  // clean up, released by COMMIT or ROLLBACK. A collision of two pairs only makes them take turns.
  // Notifications are kept nowhere.
  dropSignalsOf() {
    return Promise.resolve();
  },

  async lockOwner(q, projectId, ownerId) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`keyward-owner:${projectId}:${ownerId}`}, 0))`.execute(q.db);
  },

  newUuid() {
    return sql<string>`gen_random_uuid()::text`;
  },

  // Statements are I/O, which lets the event loop turn by itself.
  betweenBatchStatements() {
    return undefined;
  },
};
