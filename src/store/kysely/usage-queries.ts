import { sql } from 'kysely';
import type { UsageRow, VerifyCode } from '../../core/types.js';
import type { UsageBatch } from '../../core/store.js';
import type { QueryContext } from './query-context.js';

/**
 * Rows per statement when adding counts: 5 parameters each stays far below SQLite's
 * (32766) and PostgreSQL's (65535) parameter limits.
 */
const CHUNK = 500;

/**
 * Keys per last-used statement. The list is one or two parameters whatever its length, so
 * no parameter limit applies; the bound keeps one statement's JSON or arrays small (about
 * 35 KB) and, on SQLite, one statement's pause of the event loop short (see
 * `betweenBatchStatements` in sqlite/sqlite-adapter.ts). Batches of 5,000 timed the same with 500 to 5,000 per statement.
 */
export const LAST_USED_PER_STATEMENT = 500;

/**
 * Adds a batch of counts and last-used times. Must run inside a transaction.
 * Counts for unknown key ids are dropped (the key_usage foreign key would refuse them),
 * and `last_used_at` only moves forward, so a late or replayed batch cannot rewind it.
 * A flush carries thousands of keys a second on a busy instance, so each step is a few
 * statements per batch, never one per key.
 */
export async function recordUsage(q: QueryContext, batch: UsageBatch): Promise<void> {
  const lastUsed = latestUsePerKey(q, batch.lastUsed);
  for (let i = 0; i < lastUsed.length; i += LAST_USED_PER_STATEMENT) {
    await advanceLastUsed(q, lastUsed.slice(i, i + LAST_USED_PER_STATEMENT)).execute(q.db);
    // A flush may hold thousands of keys: the engine may need the event loop to turn (SQLite).
    await q.adapter.betweenBatchStatements();
  }
  for (let i = 0; i < batch.counts.length; i += CHUNK) {
    const chunk = batch.counts.slice(i, i + CHUNK);
    const listed = q.adapter.isOneOf(
      'id',
      chunk.map((c) => c.keyId),
    );
    const known = new Set((await q.db.selectFrom('api_keys').select('id').where(listed).execute()).map((r) => r.id));
    const rows = chunk
      .filter((c) => known.has(c.keyId))
      .map((c) => ({ key_id: c.keyId, day: c.day, code: c.code, count: c.count, spent: c.spent ?? 0 }));
    if (rows.length === 0) continue;
    await q.db
      .insertInto('key_usage')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['key_id', 'day', 'code']).doUpdateSet((eb) => ({
          count: eb(eb.ref('key_usage.count'), '+', eb.ref('excluded.count')),
          spent: eb(eb.ref('key_usage.spent'), '+', eb.ref('excluded.spent')),
        })),
      )
      .execute();
    await q.adapter.betweenBatchStatements();
  }
}

/**
 * Each key's latest time. UPDATE … FROM applies only one of a row's matches on both
 * engines, and not a chosen one, so a duplicate could otherwise win with the older time.
 * Written times are `toISOString()` text, whose order is time order.
 */
function latestUsePerKey(q: QueryContext, lastUsed: UsageBatch['lastUsed']): [id: string, at: string][] {
  const latest = new Map<string, string>();
  for (const { keyId, at } of lastUsed) {
    const time = q.codec.writeTime(at);
    const seen = latest.get(keyId);
    if (seen === undefined || seen < time) latest.set(keyId, time);
  }
  return [...latest];
}

/**
 * Moves each listed key's last_used_at forward to its time, in one statement; unknown ids
 * match no row. Only last_used_at changes, which the change-signal triggers (migration
 * 0002) ignore, so a flush invalidates no cache. The list travels as one or two
 * parameters (EngineAdapter.idTimeRows), so the SQL text is the same whatever its length.
 */
function advanceLastUsed(q: QueryContext, uses: readonly [id: string, at: string][]) {
  return sql`update api_keys set last_used_at = used.at from (${q.adapter.idTimeRows(uses)}) as used
    where api_keys.id = used.id and (api_keys.last_used_at is null or api_keys.last_used_at < used.at)`;
}

/**
 * Counts since `sinceDay`, oldest first. Tenancy comes from the join: a key (or a
 * project) of another org contributes nothing. A project's keys are summed per day and code.
 */
export async function usage(
  q: QueryContext,
  orgId: string,
  scope: { keyId: string } | { projectId: string },
  sinceDay: string,
): Promise<UsageRow[]> {
  const base = q.db
    .selectFrom('key_usage')
    .innerJoin('api_keys', 'api_keys.id', 'key_usage.key_id')
    .where('api_keys.org_id', '=', orgId)
    .where('key_usage.day', '>=', sinceDay);
  const rows =
    'keyId' in scope
      ? await base
          .where('key_usage.key_id', '=', scope.keyId)
          .select(['key_usage.day', 'key_usage.code', 'key_usage.count', 'key_usage.spent'])
          .orderBy('key_usage.day')
          .orderBy('key_usage.code')
          .execute()
      : await base
          .where('api_keys.project_id', '=', scope.projectId)
          .select((eb) => [
            'key_usage.day',
            'key_usage.code',
            eb.fn.sum<number | string>('key_usage.count').as('count'),
            eb.fn.sum<number | string>('key_usage.spent').as('spent'),
          ])
          .groupBy(['key_usage.day', 'key_usage.code'])
          .orderBy('key_usage.day')
          .orderBy('key_usage.code')
          .execute();
  // PostgreSQL returns bigint and sum() as strings.
  return rows.map((r) => ({ day: r.day, code: r.code as VerifyCode, count: Number(r.count), spent: Number(r.spent) }));
}
