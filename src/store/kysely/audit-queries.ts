import type { Insertable } from 'kysely';
import type { AuditAction, AuditEvent, PageRequest } from '../../core/types.js';
import { PreparedQuery } from './prepared-query.js';
import type { QueryContext } from './query-context.js';
import { auditRow, toAuditEvent } from './row-mapping.js';
import type { AuditEventsTable } from './tables.js';
import { enqueueForAuditRow } from './webhook-queries.js';

/** Written with every change: compiled once (see PreparedQuery). */
const INSERT_EVENT = new PreparedQuery((db, p, columns) =>
  db.insertInto('audit_events').values(Object.fromEntries(columns.map((c) => [c, p(c)])) as never),
);

export function insertAuditEvent(q: QueryContext, event: Omit<AuditEvent, 'seq'>): Promise<void> {
  return insertAuditRow(q, auditRow(event, q.codec));
}

/**
 * The event's row as auditRow makes it (for an adapter that writes it beside a key). An
 * event that maps to a webhook event is queued for the org's webhooks here, in the same
 * transaction (the outbox: webhook-queries.ts); the caller's transaction, or the one
 * `insertAuditEvent`'s callers run in, covers both statements.
 */
export async function insertAuditRow(q: QueryContext, row: Insertable<AuditEventsTable>): Promise<void> {
  await INSERT_EVENT.execute(q, row);
  await enqueueForAuditRow(q, row);
}

/** Newest first; served by the (org_id, seq) index. */
export async function listAuditEvents(
  q: QueryContext,
  orgId: string,
  filter: { action?: AuditAction; targetId?: string },
  page: PageRequest,
): Promise<AuditEvent[]> {
  const rows = await q.db
    .selectFrom('audit_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .$if(filter.action !== undefined, (qb) => qb.where('action', '=', filter.action as string))
    .$if(filter.targetId !== undefined, (qb) => qb.where('target_id', '=', filter.targetId as string))
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => toAuditEvent(row, q.codec));
}
