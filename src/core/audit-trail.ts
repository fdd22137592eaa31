import type { CallContext, Principal } from './context.js';
import type { AuditAction, AuditChanges, AuditEvent } from './types.js';
import type { Store } from './store.js';
import { uuidV7 } from './uuid-v7.js';

/**
 * Writes one audit event through the transaction that made the change, so the log and
 * the data can never disagree. Only ids go in (and `changes`: values of fields that are
 * neither names nor secrets, such as an owner id; `details`: numbers such as a credit
 * balance's old and new values), never a body or a secret. Its id
 * is time-ordered (uuid-v7.ts): the audit log is the table that grows without end.
 */
export function recordAudit(
  tx: Pick<Store, 'insertAuditEvent'>,
  ctx: CallContext<Principal>,
  orgId: string | null,
  action: AuditAction,
  target: AuditEvent['target'],
  at: string,
  changes?: AuditChanges,
  details: AuditEvent['details'] = null,
): Promise<void> {
  const event = auditEvent(ctx, orgId, action, target, at, details);
  return tx.insertAuditEvent(changes && Object.keys(changes).length > 0 ? { ...event, changes } : event);
}

/** The event `recordAudit` writes, for a store method that writes it beside its change (`insertKeyWithEvent`). */
export function auditEvent(
  ctx: CallContext<Principal>,
  orgId: string | null,
  action: AuditAction,
  target: AuditEvent['target'],
  at: string,
  details: AuditEvent['details'] = null,
): Omit<AuditEvent, 'seq'> {
  return {
    id: uuidV7(),
    orgId,
    actor: ctx.principal.actor,
    action,
    target,
    createdAt: at,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details,
  };
}

/** An audit `changes` entry for a field whose value moved; nothing when it did not. */
export const changed = (field: string, from: unknown, to: unknown): Record<string, { from: unknown; to: unknown }> =>
  from === to ? {} : { [field]: { from, to } };
