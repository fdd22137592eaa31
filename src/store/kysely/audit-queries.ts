import type { AuditAction, AuditEvent, PageRequest } from '../../core/types.js';
import { PreparedQuery } from './prepared-query.js';
import type { QueryContext } from './query-context.js';
import { auditRow, toAuditEvent } from './row-mapping.js';

/** Written with every change: compiled once (see PreparedQuery). */
const INSERT_EVENT = new PreparedQuery((db, p, columns) =>
  db.insertInto('audit_events').values(Object.fromEntries(columns.map((c) => [c, p(c)])) as never),
);

export async function insertAuditEvent(q: QueryContext, event: Omit<AuditEvent, 'seq'>): Promise<void> {
  await INSERT_EVENT.execute(q, auditRow(event, q.codec));
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
