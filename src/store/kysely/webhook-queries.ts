import { sql, type Insertable, type Selectable } from 'kysely';
import type { PageRequest } from '../../core/types.js';
import {
  webhookEventFor,
  type ClaimedDelivery,
  type DeliveryResult,
  type ExpiredKey,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookPatch,
  type WebhookRecord,
} from '../../core/webhooks.js';
import type { Engine } from '../engine-handle.js';
import { PreparedQuery } from './prepared-query.js';
import type { QueryContext } from './query-context.js';
import { readSeq } from './row-mapping.js';
import type { AuditEventsTable, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from './tables.js';

/**
 * Webhooks and their outbox (core/webhooks.ts). The outbox is fed from the audit path:
 * `enqueueForAuditRow` runs beside every audit event insert (audit-queries.ts; PostgreSQL's
 * key-with-event statement carries the same insert as a CTE), so an event is queued in the
 * transaction of its change or not at all.
 */

/** `,key.created,key.revoked,`: one LIKE finds subscribers on both engines. */
const eventsText = (events: readonly string[]): string => `,${events.join(',')},`;
export const subscribedPattern = (type: string): string => `%,${type},%`;

function toWebhook(row: Selectable<WebhooksTable>, q: QueryContext): WebhookRecord & { seq: number } {
  return {
    seq: readSeq(row.seq),
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    description: row.description,
    events: row.events.split(',').filter((e) => e !== '') as WebhookEventType[],
    enabled: q.codec.readBool(row.enabled),
    secretSealed: row.secret_sealed,
    createdAt: q.codec.readTime(row.created_at),
    updatedAt: q.codec.readTime(row.updated_at),
  };
}

const withoutSecret = <T extends WebhookRecord>({ secretSealed: _, ...rest }: T): Omit<T, 'secretSealed'> => rest;

/** The columns of one queued delivery; the webhook's columns come from the SELECT. */
export function enqueueValues(q: QueryContext, event: WebhookEvent) {
  return {
    orgId: event.orgId,
    eventId: event.id,
    type: event.type,
    actorType: event.actor.type,
    actorId: event.actor.id,
    targetType: event.target.type,
    targetId: event.target.id,
    at: q.codec.writeTime(event.occurredAt),
    enabled: q.codec.writeBool(true),
    pattern: subscribedPattern(event.type),
  };
}

/**
 * Runs beside every mapped audit event (key creation included): compiled once per engine
 * (PreparedQuery), the engine's UUID expression captured with it.
 */
/** The outbox row's columns, as both enqueue statements (this one and PostgreSQL's key-with-event step) fill them. */
export const OUTBOX_COLUMNS = [
  'id',
  'webhook_id',
  'org_id',
  'event_id',
  'event_type',
  'actor_type',
  'actor_id',
  'target_type',
  'target_id',
  'occurred_at',
  'status',
  'attempts',
  'next_attempt_at',
  'retry_from',
] as const;

const ENQUEUE = new Map<Engine, PreparedQuery<unknown>>();

function enqueueQuery(q: QueryContext): PreparedQuery<unknown> {
  let query = ENQUEUE.get(q.adapter.engine);
  if (!query) {
    const newUuid = q.adapter.newUuid();
    query = new PreparedQuery((db, p) =>
      db
        .insertInto('webhook_deliveries')
        .columns(OUTBOX_COLUMNS)
        .expression((eb) =>
          eb
            .selectFrom('webhooks')
            .select([
              newUuid.as('id'),
              'id as webhook_id',
              'org_id',
              sql<string>`${p('eventId')}`.as('event_id'),
              sql<string>`${p('type')}`.as('event_type'),
              sql<string>`${p('actorType')}`.as('actor_type'),
              sql<string>`${p('actorId')}`.as('actor_id'),
              sql<string>`${p('targetType')}`.as('target_type'),
              sql<string>`${p('targetId')}`.as('target_id'),
              sql<string>`${p('at')}`.as('occurred_at'),
              sql<string>`'pending'`.as('status'),
              sql<number>`0`.as('attempts'),
              sql<string>`${p('at')}`.as('next_attempt_at'),
              sql<string>`${p('at')}`.as('retry_from'),
            ])
            .where('org_id', '=', p('orgId'))
            .where('enabled', '=', p('enabled'))
            .where('events', 'like', p('pattern')),
        ),
    );
    ENQUEUE.set(q.adapter.engine, query);
  }
  return query;
}

export async function enqueueWebhookEvent(q: QueryContext, event: WebhookEvent): Promise<void> {
  await enqueueQuery(q).run(q, enqueueValues(q, event));
}

/** The audit path's hook: queues the event when its action maps to a webhook event. */
export function enqueueForAuditRow(q: QueryContext, row: Insertable<AuditEventsTable>): Promise<void> {
  const type = webhookEventFor(row.action);
  if (type === null || row.org_id === null || row.org_id === undefined) return Promise.resolve();
  return enqueueWebhookEvent(q, {
    id: row.id,
    orgId: row.org_id,
    type,
    actor: { type: row.actor_type as WebhookEvent['actor']['type'], id: row.actor_id },
    target: { type: row.target_type as WebhookEvent['target']['type'], id: row.target_id },
    occurredAt: q.codec.readTime(row.created_at),
  });
}

export async function webhookSealingSecret(q: QueryContext): Promise<Uint8Array> {
  const row = await q.db.selectFrom('instance_secrets').select('value').where('name', '=', 'webhook_secrets').executeTakeFirst();
  if (!row) throw new Error('the database has no webhook secret (migration 0010-webhooks)');
  return Buffer.from(row.value, 'base64url');
}

export async function insertWebhook(q: QueryContext, w: WebhookRecord): Promise<void> {
  await q.db
    .insertInto('webhooks')
    .values({
      id: w.id,
      org_id: w.orgId,
      url: w.url,
      description: w.description,
      events: eventsText(w.events),
      enabled: q.codec.writeBool(w.enabled),
      secret_sealed: w.secretSealed,
      created_at: q.codec.writeTime(w.createdAt),
      updated_at: q.codec.writeTime(w.updatedAt),
    })
    .execute();
}

export async function findWebhook(q: QueryContext, orgId: string, webhookId: string): Promise<WebhookRecord | null> {
  const row = await q.db.selectFrom('webhooks').selectAll().where('id', '=', webhookId).where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return null;
  const { seq: _, ...webhook } = toWebhook(row, q);
  return webhook;
}

export async function listWebhooks(q: QueryContext, orgId: string, page: PageRequest): Promise<Array<Webhook & { seq: number }>> {
  const rows = await q.db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', orgId)
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => withoutSecret(toWebhook(row, q)));
}

export async function updateWebhook(q: QueryContext, orgId: string, webhookId: string, patch: WebhookPatch): Promise<Webhook | null> {
  const row = await q.db
    .updateTable('webhooks')
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.events !== undefined ? { events: eventsText(patch.events) } : {}),
      ...(patch.enabled !== undefined ? { enabled: q.codec.writeBool(patch.enabled) } : {}),
      ...(patch.secretSealed !== undefined ? { secret_sealed: patch.secretSealed } : {}),
      updated_at: q.codec.writeTime(patch.updatedAt),
    })
    .where('id', '=', webhookId)
    .where('org_id', '=', orgId)
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  const { seq: _, ...webhook } = withoutSecret(toWebhook(row, q));
  return webhook;
}

export async function deleteWebhook(q: QueryContext, orgId: string, webhookId: string): Promise<boolean> {
  const owned = q.db.selectFrom('webhooks').select('id').where('id', '=', webhookId).where('org_id', '=', orgId);
  const deliveries = q.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', 'in', owned);
  await q.db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
  await q.db.deleteFrom('webhook_deliveries').where('webhook_id', 'in', owned).execute();
  const result = await q.db.deleteFrom('webhooks').where('id', '=', webhookId).where('org_id', '=', orgId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function toAttempt(row: Selectable<WebhookAttemptsTable>, q: QueryContext): WebhookAttempt {
  return {
    attemptedAt: q.codec.readTime(row.attempted_at),
    outcome: row.outcome as WebhookAttempt['outcome'],
    latencyMs: row.latency_ms,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    error: row.error,
  };
}

function toDelivery(
  row: Selectable<WebhookDeliveriesTable>,
  attempts: WebhookAttempt[],
  q: QueryContext,
): WebhookDelivery & { seq: number } {
  return {
    seq: readSeq(row.seq),
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookEventType,
    status: row.status as WebhookDelivery['status'],
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? q.codec.readTime(row.next_attempt_at) : null,
    lastAttemptAt: row.last_attempt_at === null ? null : q.codec.readTime(row.last_attempt_at),
    responseStatus: row.response_status,
    occurredAt: q.codec.readTime(row.occurred_at),
    attemptLog: attempts,
  };
}

async function withAttempts(
  q: QueryContext,
  rows: Array<Selectable<WebhookDeliveriesTable>>,
): Promise<Array<WebhookDelivery & { seq: number }>> {
  const ids = rows.map((r) => r.id);
  const attempts =
    ids.length === 0 ? [] : await q.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('seq').execute();
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    list.push(toAttempt(a, q));
    byDelivery.set(a.delivery_id, list);
  }
  return rows.map((row) => toDelivery(row, byDelivery.get(row.id) ?? [], q));
}

export async function listWebhookDeliveries(
  q: QueryContext,
  orgId: string,
  webhookId: string,
  page: PageRequest,
): Promise<Array<WebhookDelivery & { seq: number }>> {
  const rows = await q.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .where('org_id', '=', orgId)
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return withAttempts(q, rows);
}

export async function redeliverWebhook(
  q: QueryContext,
  orgId: string,
  webhookId: string,
  deliveryId: string,
  at: string,
): Promise<WebhookDelivery | null> {
  const when = q.codec.writeTime(at);
  const row = await q.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: when, retry_from: when, lease_until: null })
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', webhookId)
    .where('org_id', '=', orgId)
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  const [delivery] = await withAttempts(q, [row]);
  const { seq: _, ...rest } = delivery!;
  return rest;
}

export async function claimWebhookDeliveries(q: QueryContext, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
  const at = q.codec.writeTime(now);
  const due = q.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
    .where('webhook_id', 'in', (eb) => eb.selectFrom('webhooks').select('id').where('enabled', '=', q.codec.writeBool(true)))
    .orderBy('next_attempt_at')
    .limit(limit)
    // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
    .$if(q.adapter.locksReadsInTransactions, (qb) => qb.forUpdate().skipLocked());
  const claimed = await q.db
    .updateTable('webhook_deliveries')
    .set({ lease_until: q.codec.writeTime(leaseUntil) })
    .where('id', 'in', due)
    .returning('id')
    .execute();
  if (claimed.length === 0) return [];
  const rows = await q.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .leftJoin('api_keys as k', (j) => j.onRef('k.id', '=', 'd.target_id').on('d.target_type', '=', 'key'))
    .leftJoin('projects as p', (j) => j.onRef('p.id', '=', 'd.target_id').on('d.target_type', '=', 'project'))
    .selectAll('d')
    .select([
      'w.url',
      'w.secret_sealed',
      'k.name as key_name',
      'k.preview as key_preview',
      'k.project_id as key_project_id',
      'k.expires_at as key_expires_at',
      'k.revoked_at as key_revoked_at',
      'k.enabled as key_enabled',
      'p.name as project_name',
    ])
    .where(
      'd.id',
      'in',
      claimed.map((c) => c.id),
    )
    .execute();
  return rows.map((row) => {
    const time = (v: string | Date | null) => (v === null ? null : q.codec.readTime(v));
    const subject =
      row.target_type === 'key' && row.key_name !== null
        ? {
            name: row.key_name,
            preview: row.key_preview,
            project_id: row.key_project_id,
            enabled: row.key_enabled === null ? null : q.codec.readBool(row.key_enabled),
            expires_at: time(row.key_expires_at),
            revoked_at: time(row.key_revoked_at),
          }
        : row.target_type === 'project' && row.project_name !== null
          ? { name: row.project_name }
          : {};
    return {
      id: row.id,
      webhookId: row.webhook_id,
      url: row.url,
      secretSealed: row.secret_sealed,
      attempts: row.attempts,
      retryFrom: q.codec.readTime(row.retry_from),
      event: {
        id: row.event_id,
        orgId: row.org_id,
        type: row.event_type as WebhookEventType,
        actor: { type: row.actor_type as WebhookEvent['actor']['type'], id: row.actor_id },
        target: { type: row.target_type as WebhookEvent['target']['type'], id: row.target_id },
        occurredAt: q.codec.readTime(row.occurred_at),
      },
      subject,
    };
  });
}

const MAX_BODY = 1024;

export async function finishWebhookDelivery(q: QueryContext, deliveryId: string, result: DeliveryResult): Promise<void> {
  const { attempt } = result;
  await q.db
    .insertInto('webhook_attempts')
    .values({
      delivery_id: deliveryId,
      attempted_at: q.codec.writeTime(attempt.attemptedAt),
      outcome: attempt.outcome,
      latency_ms: Math.round(attempt.latencyMs),
      response_status: attempt.responseStatus,
      response_body: attempt.responseBody === null ? null : attempt.responseBody.slice(0, MAX_BODY),
      error: attempt.error === null ? null : attempt.error.slice(0, 500),
    })
    .execute();
  await q.db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: result.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: q.codec.writeTime(result.nextAttemptAt),
      last_attempt_at: q.codec.writeTime(attempt.attemptedAt),
      response_status: attempt.responseStatus,
      lease_until: null,
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/** Served by the partial index of migration 0015; the attempts go with their delivery (ON DELETE CASCADE, both engines). */
export async function pruneWebhookDeliveries(q: QueryContext, before: string, limit: number): Promise<number> {
  const old = q.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '<>', 'pending')
    .where('last_attempt_at', '<', q.codec.writeTime(before))
    .limit(limit);
  const deleted = await q.db.deleteFrom('webhook_deliveries').where('id', 'in', old).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

export async function claimExpiredKeys(q: QueryContext, now: string, limit: number): Promise<ExpiredKey[]> {
  const at = q.codec.writeTime(now);
  // Every passed expiry is marked, revoked keys' and root keys' too, so that none is scanned
  // again; which of them deserve an event is core's call (expiry-announcements.ts).
  const due = q.db
    .selectFrom('api_keys')
    .select('id')
    .where('expiry_announced_at', 'is', null)
    .where('expires_at', '<=', at)
    .limit(limit)
    .$if(q.adapter.locksReadsInTransactions, (qb) => qb.forUpdate().skipLocked());
  const rows = await q.db
    .updateTable('api_keys')
    .set({ expiry_announced_at: at })
    .where('id', 'in', due)
    .where('expiry_announced_at', 'is', null)
    .returning(['id', 'org_id', 'expires_at', 'revoked_at'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    expiresAt: q.codec.readTime(r.expires_at as string | Date),
    revokedAt: r.revoked_at === null ? null : q.codec.readTime(r.revoked_at),
  }));
}
