import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/store.js';
import { announceExpiredKeys } from '../core/use-cases/expiry-announcements.js';
import { SecretSealer } from '../core/webhook-secret.js';
import { nextAttemptAt, webhookPayload, type ClaimedDelivery, type DeliveryResult, type RetryPolicy } from '../core/webhooks.js';
import { sendWebhook, type SendResult } from './http-sender.js';
import { PrivateTargetPolicy } from './target-policy.js';

export interface DeliveryLoopOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly pollMs: number;
  /** Deliveries in flight at once; a claim takes no more rows than there are free slots. */
  readonly concurrency: number;
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
  /**
   * How long a claimed delivery is this instance's: longer than one attempt can take (the
   * timeout), so no other instance sends it meanwhile; after it (this instance died), another does.
   */
  readonly leaseMs?: number;
  /** How long a finished delivery is kept after its last attempt (KEYWARD_WEBHOOK_RETENTION_DAYS); swept at start, then hourly. */
  readonly retentionMs: number;
  readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

const MAX_BODY_BYTES = 1024;
/** Deliveries deleted per statement: a sweep of a large backlog is many short statements, never one long one. */
const PRUNE_BATCH = 500;
/** How often each instance sweeps: retention is counted in days, so an hour late costs nothing. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The background loop of one instance (started by the server, stopped before the store
 * closes): announces passed expiries, claims due deliveries from the outbox and sends them,
 * signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, via
 * the `standardwebhooks` package). Off the request path entirely: a slow or dead receiver
 * holds at most `concurrency` sockets of this loop for at most the timeout each, and never a
 * request, a verification or a database connection.
 *
 * At least once: a delivery is marked delivered only after a 2xx; an instance killed between
 * the send and that write leaves the row leased, and it is sent again when the lease ends.
 */
export class WebhookDeliveryLoop {
  readonly #opts: DeliveryLoopOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #targets = new PrivateTargetPolicy();
  #sealer: SecretSealer | null = null;
  #timer: NodeJS.Timeout | null = null;
  #tick: Promise<void> | null = null;
  #stopped = false;
  #failing = false;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(opts: DeliveryLoopOptions) {
    this.#opts = opts;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Stops polling and waits for the attempts under way (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#tick;
    await Promise.allSettled([...this.#inFlight]);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#tick = this.#runOnce().finally(() => {
        this.#tick = null;
        this.#schedule(this.#opts.pollMs);
      });
    }, ms);
    this.#timer.unref();
  }

  async #runOnce(): Promise<void> {
    try {
      const { store, clock } = this.#opts;
      while ((await announceExpiredKeys({ store, clock })) === 100 && !this.#stopped);
      await this.#pruneWhenDue();
      const free = this.#opts.concurrency - this.#inFlight.size;
      if (free <= 0 || this.#stopped) return;
      const now = clock.now();
      const leaseUntil = new Date(now.getTime() + (this.#opts.leaseMs ?? 60_000)).toISOString();
      const claimed = await store.claimWebhookDeliveries(now.toISOString(), leaseUntil, free);
      for (const delivery of claimed) {
        const attempt: Promise<void> = this.#deliver(delivery).finally(() => this.#inFlight.delete(attempt));
        this.#inFlight.add(attempt);
      }
      if (this.#failing) this.#opts.log.warn({}, 'webhook loop works again');
      this.#failing = false;
    } catch (err) {
      // Logged once per outage; the next tick tries again.
      if (!this.#failing) this.#opts.log.error({ err: { message: (err as Error).message } }, 'webhook loop failed; will retry');
      this.#failing = true;
    }
  }

  /** Deletes finished deliveries past retention, at most once per PRUNE_EVERY_MS on this instance. */
  async #pruneWhenDue(): Promise<void> {
    const now = this.#opts.clock.now().getTime();
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    const before = new Date(now - this.#opts.retentionMs).toISOString();
    while ((await this.#opts.store.pruneWebhookDeliveries(before, PRUNE_BATCH)) === PRUNE_BATCH && !this.#stopped);
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const { store, clock } = this.#opts;
    try {
      this.#sealer ??= new SecretSealer(await store.webhookSealingSecret());
      const sent = await this.#send(delivery, this.#sealer.open(delivery.webhookId, delivery.secretSealed));
      await store.finishWebhookDelivery(delivery.id, this.#outcome(delivery, sent, clock.now()));
    } catch (err) {
      // The row stays leased and is tried again after the lease: at least once.
      this.#opts.log.error({ err: { message: (err as Error).message }, deliveryId: delivery.id }, 'webhook delivery not recorded');
    }
  }

  async #send(delivery: ClaimedDelivery, secret: string): Promise<SendResult> {
    if (!this.#opts.allowPrivate) {
      const refusal = await this.#targets.refusal(delivery.url);
      if (refusal) return { status: null, body: null, error: refusal, latencyMs: 0 };
    }
    const body = JSON.stringify(webhookPayload(delivery));
    const msgId = delivery.event.id;
    const at = this.#opts.clock.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Keyward-Webhooks/1',
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new StandardWebhook(secret).sign(msgId, at, body),
    };
    return sendWebhook(delivery.url, headers, body, {
      timeoutMs: this.#opts.timeoutMs ?? 10_000,
      maxBodyBytes: MAX_BODY_BYTES,
      allowPrivate: this.#opts.allowPrivate,
    });
  }

  #outcome(delivery: ClaimedDelivery, sent: SendResult, now: Date): DeliveryResult {
    const ok = sent.status !== null && sent.status >= 200 && sent.status < 300;
    const attempt = {
      attemptedAt: now.toISOString(),
      outcome: ok ? ('success' as const) : sent.status === null ? ('error' as const) : ('failure' as const),
      latencyMs: sent.latencyMs,
      responseStatus: sent.status,
      responseBody: sent.body,
      error: sent.error,
    };
    if (ok) return { attempt, status: 'delivered', nextAttemptAt: now.toISOString() };
    const next = nextAttemptAt(this.#opts.retry, delivery.attempts + 1, delivery.retryFrom, now);
    return next === null
      ? { attempt, status: 'failed', nextAttemptAt: now.toISOString() }
      : { attempt, status: 'pending', nextAttemptAt: next.toISOString() };
  }
}
