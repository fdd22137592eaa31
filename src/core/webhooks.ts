import type { Actor } from './types.js';

/**
 * Webhooks in domain words (issue 16 §1): the events an org's endpoints can subscribe to,
 * which audit actions produce them, and how failed deliveries are retried. The outbox is fed
 * from the audit path (store/kysely/webhook-queries.ts): every audit event whose action maps
 * to an event type here is queued, in the transaction of the change, for every enabled
 * endpoint of its org subscribed to that type. A new audit action reaches webhooks by one
 * line in WEBHOOK_EVENT_BY_ACTION. `key.rate_limited` and `key.credits_low` are the exception:
 * verifications, not changes, cause them, and they are queued directly (core/key-alerts.ts).
 */
export const WEBHOOK_EVENT_TYPES = [
  'key.created',
  'key.updated',
  'key.rolled',
  'key.revoked',
  'key.expired',
  'key.leaked',
  'key.rate_limited',
  'key.credits_low',
  'project.deleted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/**
 * Audit action → webhook event. Strings, not AuditAction: actions added elsewhere (`key.leaked`,
 * `key.expire` written by the expiry sweeper) map here before or without being audit actions.
 */
const WEBHOOK_EVENT_BY_ACTION: Readonly<Record<string, WebhookEventType>> = {
  'key.create': 'key.created',
  'key.update': 'key.updated',
  'key.credits_set': 'key.updated',
  'key.enable': 'key.updated',
  'key.disable': 'key.updated',
  'key.roll': 'key.rolled',
  'key.revoke': 'key.revoked',
  'key.expire': 'key.expired',
  'key.leaked': 'key.leaked',
  'project.delete': 'project.deleted',
};

export const webhookEventFor = (action: string): WebhookEventType | null => WEBHOOK_EVENT_BY_ACTION[action] ?? null;

/** The actor of events no caller made (a key's expiry passing). */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'keyward' };

export interface Webhook {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly description: string | null;
  readonly events: readonly WebhookEventType[];
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A webhook as stored: with its signing secret sealed (core/webhook-secret.ts). */
export interface WebhookRecord extends Webhook {
  readonly secretSealed: string;
}

export interface WebhookPatch {
  readonly url?: string;
  readonly description?: string | null;
  readonly events?: readonly WebhookEventType[];
  readonly enabled?: boolean;
  readonly secretSealed?: string;
  readonly updatedAt: string;
}

/** One event to queue for the subscribed endpoints of its org (the outbox's input). */
export interface WebhookEvent {
  /** The message id receivers deduplicate on (`webhook-id`): the audit event's id, or a fresh UUIDv7. */
  readonly id: string;
  readonly orgId: string;
  readonly type: WebhookEventType;
  readonly actor: Actor;
  readonly target: { readonly type: 'org' | 'project' | 'key'; readonly id: string };
  readonly occurredAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  readonly attemptedAt: string;
  /** `success`: a 2xx; `failure`: another status; `error`: no response (refused target, timeout, connection). */
  readonly outcome: 'success' | 'failure' | 'error';
  readonly latencyMs: number;
  readonly responseStatus: number | null;
  /** The first 1 KiB of the response body. */
  readonly responseBody: string | null;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly responseStatus: number | null;
  readonly occurredAt: string;
  readonly attemptLog: readonly WebhookAttempt[];
}

/** A delivery claimed by one instance's loop, with what it needs to send it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly url: string;
  readonly secretSealed: string;
  readonly attempts: number;
  /** Retries stop `retryWindow` after this instant (the event, or the last redeliver call). */
  readonly retryFrom: string;
  readonly event: WebhookEvent;
  /** What the payload says of the target, read at delivery: ids, names, previews; never a hash. */
  readonly subject: Readonly<Record<string, unknown>>;
}

/** The outcome the loop writes back after one attempt. */
export interface DeliveryResult {
  readonly attempt: WebhookAttempt;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string;
}

/** A key whose expiry passed, as `Store.claimExpiredKeys` claims it. */
export interface ExpiredKey {
  readonly id: string;
  /** Null for a root key. */
  readonly orgId: string | null;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface RetryPolicy {
  /** The first retry's delay; each next one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts later than this after the event (or a redeliver call). */
  readonly windowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5000, maxDelayMs: 3_600_000, windowMs: 24 * 3_600_000 };

/**
 * When the next attempt is due after `attempts` failed ones, or null when the window is
 * over (the delivery is then failed). Exponential with "equal jitter": half the delay is
 * fixed, half random, so endpoints coming back from an outage are not hit by every sender at
 * the same instant, and no retry comes sooner than half its step.
 */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, retryFrom: string, now: Date, random = Math.random): Date | null {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const delay = step / 2 + random() * (step / 2);
  const at = new Date(now.getTime() + delay);
  return at.getTime() > Date.parse(retryFrom) + policy.windowMs ? null : at;
}

/** The JSON body a delivery sends (Standard Webhooks: `type`, `timestamp`, `data`). */
export function webhookPayload(delivery: ClaimedDelivery): { type: string; timestamp: string; data: Record<string, unknown> } {
  const { event } = delivery;
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      event_id: event.id,
      org_id: event.orgId,
      actor: { type: event.actor.type, id: event.actor.id },
      [event.target.type]: { id: event.target.id, ...delivery.subject },
    },
  };
}
