import { Type, type Static } from 'typebox';
import { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditEvent as DomainAuditEvent } from '../../core/types.js';
import { JsonObject, Nullable, PageQuery, Timestamp, Uuid } from './common.js';

export const AuditEvent = Type.Object({
  id: Uuid,
  org_id: Nullable(Uuid),
  actor: Type.Object({ type: Type.Enum([...ACTOR_TYPES]), id: Type.String() }),
  action: Type.Enum([...AUDIT_ACTIONS]),
  target: Type.Object({ type: Type.Enum([...AUDIT_TARGET_TYPES]), id: Type.String() }),
  created_at: Timestamp,
  request_id: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  changes: Type.Optional(
    Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }), {
      description: 'What the event changed, by field (e.g. owner_id), when it says; never a secret',
    }),
  ),
  details: Nullable(JsonObject),
});

export const AuditQuery = Type.Object({
  ...PageQuery.properties,
  action: Type.Optional(Type.Enum([...AUDIT_ACTIONS])),
  target_id: Type.Optional(Uuid),
});

export const auditEventToWire = (e: DomainAuditEvent): Static<typeof AuditEvent> => ({
  id: e.id,
  org_id: e.orgId,
  actor: { type: e.actor.type, id: e.actor.id },
  action: e.action,
  target: { type: e.target.type, id: e.target.id },
  created_at: e.createdAt,
  request_id: e.requestId,
  ip: e.ip,
  ...(e.changes ? { changes: e.changes as Record<string, { from: unknown; to: unknown }> } : {}),
  details: e.details && { ...e.details },
});
