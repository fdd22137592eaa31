import { Type, type Static } from 'typebox';
import { MAX_DESCRIPTION_LENGTH } from '../../core/validate.js';
import { MAX_WEBHOOK_URL_LENGTH } from '../../core/webhook-url.js';
import { WEBHOOK_EVENT_TYPES, type Webhook as DomainWebhook, type WebhookDelivery as DomainDelivery } from '../../core/webhooks.js';
import { Nullable, Timestamp, Uuid } from './common.js';

const EventType = Type.String({ maxLength: 64, description: `One of ${WEBHOOK_EVENT_TYPES.join(', ')}` });

export const Webhook = Type.Object({
  id: Uuid,
  org_id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(EventType),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const WebhookWithSecret = Type.Object({
  webhook: Webhook,
  secret: Type.String({ description: 'The signing secret (`whsec_…`), shown this once; verify deliveries with it (Standard Webhooks)' }),
});

const Url = Type.String({ minLength: 1, maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'http or https; not a private address' });
const Events = Type.Array(EventType, { minItems: 1, maxItems: 32 });
const Description = Type.String({ maxLength: MAX_DESCRIPTION_LENGTH });

export const CreateWebhookBody = Type.Object(
  { url: Url, events: Events, enabled: Type.Optional(Type.Boolean()), description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Nullable(Description)),
  },
  { additionalProperties: false },
);

export const WebhookParams = Type.Object({ webhookId: Uuid });
export const DeliveryParams = Type.Object({ webhookId: Uuid, deliveryId: Uuid });

const Attempt = Type.Object({
  attempted_at: Timestamp,
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('error')]),
  latency_ms: Type.Integer(),
  response_status: Nullable(Type.Integer()),
  response_body: Nullable(Type.String({ description: 'The first 1 KiB of the answer' })),
  error: Nullable(Type.String()),
});

export const WebhookDelivery = Type.Object({
  id: Uuid,
  webhook_id: Uuid,
  event_id: Type.String({ description: 'The `webhook-id` header: the same on every attempt' }),
  event_type: EventType,
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Timestamp),
  last_attempt_at: Nullable(Timestamp),
  response_status: Nullable(Type.Integer()),
  occurred_at: Timestamp,
  attempt_log: Type.Array(Attempt),
});

export const webhookFieldsFromWire = (body: Static<typeof UpdateWebhookBody>) => ({
  ...(body.url !== undefined ? { url: body.url } : {}),
  ...(body.events !== undefined ? { events: body.events } : {}),
  ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
  ...(body.description !== undefined ? { description: body.description } : {}),
});

export const webhookToWire = (w: DomainWebhook): Static<typeof Webhook> => ({
  id: w.id,
  org_id: w.orgId,
  url: w.url,
  description: w.description,
  events: [...w.events],
  enabled: w.enabled,
  created_at: w.createdAt,
  updated_at: w.updatedAt,
});

export const deliveryToWire = (d: DomainDelivery): Static<typeof WebhookDelivery> => ({
  id: d.id,
  webhook_id: d.webhookId,
  event_id: d.eventId,
  event_type: d.eventType,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_attempt_at: d.lastAttemptAt,
  response_status: d.responseStatus,
  occurred_at: d.occurredAt,
  attempt_log: d.attemptLog.map((a) => ({
    attempted_at: a.attemptedAt,
    outcome: a.outcome,
    latency_ms: a.latencyMs,
    response_status: a.responseStatus,
    response_body: a.responseBody,
    error: a.error,
  })),
});
