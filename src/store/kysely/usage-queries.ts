import { sql } from 'kysely';
import type { UsageRow, VerifyCode } from '../../core/types.js';
import type { UsageBatch } from '../../core/store.js';
import type { UsageCountRow } from './engine-adapter.js';
import type { QueryContext } from './query-context.js';

/**
 * Counts per statement. The rows travel as one to five parameters (EngineAdapter.usageCountRows),
 * so no parameter limit applies; the bound keeps one statement's text small and, on SQLite,
 * one statement's pause of the file's thread short.
 */
const COUNTS_PER_STATEMENT = 2_000;

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
  for (let i = 0; i < batch.counts.length; i += COUNTS_PER_STATEMENT) {
    const rows = batch.counts.slice(i, i + COUNTS_PER_STATEMENT).map((c) => [c.keyId, c.day, c.code, c.count, c.spent ?? 0] as const);
    await addCounts(q, rows).execute(q.db);
    await q.adapter.betweenBatchStatements();
  }
}

/**
 * Adds counts in one statement. The join drops the counts of keys that no longer exist
 * (deleted since they were verified), which the key_usage foreign key would refuse.
 * `where true` lets SQLite's parser tell the SELECT's end from the upsert clause.
 */
function addCounts(q: QueryContext, rows: readonly UsageCountRow[]) {
  return sql`insert into key_usage (key_id, day, code, count, spent)
    select u.key_id, u.day, u.code, u.count, u.spent from (${q.adapter.usageCountRows(rows)}) as u
    join api_keys on api_keys.id = u.key_id where true
    on conflict (key_id, day, code) do update set count = key_usage.count + excluded.count, spent = key_usage.spent + excluded.spent`;
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
