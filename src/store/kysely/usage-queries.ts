import type { UsageRow, VerifyCode } from '../../core/types.js';
import type { UsageBatch } from '../store.js';
import { PreparedQuery } from './prepared-query.js';
import type { QueryContext } from './query-context.js';

/**
 * Rows per statement when adding counts: 4 parameters each stays far below SQLite's
 * (32766) and PostgreSQL's (65535) parameter limits.
 */
const CHUNK = 500;

/** One per active key per flush (thousands a second on a busy instance): compiled once, see PreparedQuery. */
const ADVANCE_LAST_USED = new PreparedQuery((db, p) =>
  db
    .updateTable('api_keys')
    .set({ last_used_at: p('at') })
    .where('id', '=', p('id'))
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', p('at'))])),
);

/**
 * Adds a batch of counts and last-used times. Must run inside a transaction.
 * Counts for unknown key ids are dropped (the key_usage foreign key would refuse them),
 * and `last_used_at` only moves forward, so a late or replayed batch cannot rewind it.
 */
export async function recordUsage(q: QueryContext, batch: UsageBatch): Promise<void> {
  for (const { keyId, at } of batch.lastUsed) {
    await ADVANCE_LAST_USED.execute(q, { at: q.codec.writeTime(at), id: keyId });
  }
  for (let i = 0; i < batch.counts.length; i += CHUNK) {
    const chunk = batch.counts.slice(i, i + CHUNK);
    const ids = [...new Set(chunk.map((c) => c.keyId))];
    const known = new Set(
      (await q.db.selectFrom('api_keys').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    const rows = chunk
      .filter((c) => known.has(c.keyId))
      .map((c) => ({ key_id: c.keyId, day: c.day, code: c.code, count: c.count }));
    if (rows.length === 0) continue;
    await q.db
      .insertInto('key_usage')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['key_id', 'day', 'code']).doUpdateSet((eb) => ({
          count: eb(eb.ref('key_usage.count'), '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }
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
          .select(['key_usage.day', 'key_usage.code', 'key_usage.count'])
          .orderBy('key_usage.day')
          .orderBy('key_usage.code')
          .execute()
      : await base
          .where('api_keys.project_id', '=', scope.projectId)
          .select((eb) => ['key_usage.day', 'key_usage.code', eb.fn.sum<number | string>('key_usage.count').as('count')])
          .groupBy(['key_usage.day', 'key_usage.code'])
          .orderBy('key_usage.day')
          .orderBy('key_usage.code')
          .execute();
  // PostgreSQL returns bigint and sum() as strings.
  return rows.map((r) => ({ day: r.day, code: r.code as VerifyCode, count: Number(r.count) }));
}
