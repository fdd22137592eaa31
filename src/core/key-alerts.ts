import type { Store } from './store.js';
import type { KeyRecord, VerifyCode } from './types.js';
import { uuidV7 } from './uuid-v7.js';
import { SYSTEM_ACTOR, type WebhookEventType } from './webhooks.js';

/** What a verification's answer says that the alerts look at (verify-key.ts passes its result). */
export interface ObservedVerification {
  readonly code: VerifyCode;
  readonly key: KeyRecord;
  /** The balance after a verification whose credits were checked; null otherwise. */
  readonly credits: { readonly remaining: number } | null;
}

export interface KeyAlertOptions {
  readonly store: Pick<Store, 'enqueueWebhookEvent'>;
  /** At most one event of each type per key per this many ms (KEYWARD_WEBHOOK_COOLDOWN_MS). */
  readonly cooldownMs: number;
  /** `key.credits_low` once a VALID verification leaves at most this many credits (KEYWARD_WEBHOOK_CREDITS_LOW). */
  readonly creditsLow: number;
  /** Keys remembered at most; past it the one whose cooldown ends first is forgotten early. */
  readonly maxTracked?: number;
}

const DEFAULT_MAX_TRACKED = 100_000;

/**
 * The `key.rate_limited` and `key.credits_low` webhook events (issue 16 §1, docs/WEBHOOKS.md).
 *
 * Verification must stay a memory lookup, so the only work on its path is `observe`: a code
 * comparison, and for an answer that qualifies one Map lookup. When an event is due, its
 * cooldown is taken at once (synchronously: the verifications right behind it see it) and the
 * outbox insert runs afterwards, never awaited by the verification; a failure is logged and
 * the verification's answer is unchanged.
 *
 * The events go straight to the outbox (`enqueueWebhookEvent`), not through the audit log:
 * they record traffic, not a change anyone made, and even rate-limited to one per key per
 * cooldown they would outnumber every real change in a busy org's log. The outbox INSERT…SELECT
 * writes nothing for an org without a subscribed, enabled endpoint; knowing that in memory
 * would need every instance told of every webhook change, for one indexed read per key per
 * cooldown, so it is not cached.
 *
 * The cooldown is per instance (this Map): with N instances behind a balancer a key may cause
 * up to N events per cooldown. Receivers deduplicate on nothing here (each event has its own
 * id); they should treat these events as level signals, not counts.
 */
export class KeyAlerts {
  readonly #opts: KeyAlertOptions;
  readonly #max: number;
  /** `<type>:<key id>` → when its cooldown ends (ms). Insertion order is emission order. */
  readonly #until = new Map<string, number>();
  readonly #pending = new Set<Promise<void>>();
  #onError: (err: unknown) => void = (err) => console.error('key alert not queued:', (err as Error).message);

  constructor(opts: KeyAlertOptions) {
    this.#opts = opts;
    this.#max = opts.maxTracked ?? DEFAULT_MAX_TRACKED;
  }

  /** Where failed outbox inserts are reported (the server's logger). */
  logErrorsTo(onError: (err: unknown) => void): void {
    this.#onError = onError;
  }

  /** Called by every verification of a found key (verify-key.ts); cheap, never throws, never waits. */
  observe(result: ObservedVerification, now: Date): void {
    if (result.code === 'RATE_LIMITED') this.#due('key.rate_limited', result.key, now);
    else if (result.code === 'USAGE_EXCEEDED') this.#due('key.credits_low', result.key, now);
    else if (result.credits !== null && result.code === 'VALID' && result.credits.remaining <= this.#opts.creditsLow) {
      this.#due('key.credits_low', result.key, now);
    }
  }

  /** Resolves once every outbox insert started so far has ended (the server awaits it before closing the store). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  #due(type: WebhookEventType, key: KeyRecord, now: Date): void {
    if (key.orgId === null) return;
    const slot = `${type}:${key.id}`;
    const t = now.getTime();
    const until = this.#until.get(slot);
    if (until !== undefined && until > t) return;
    this.#until.delete(slot);
    if (this.#until.size >= this.#max) this.#until.delete(this.#until.keys().next().value as string);
    this.#until.set(slot, t + this.#opts.cooldownMs);
    this.#enqueue(type, key.orgId, key.id, now);
  }

  #enqueue(type: WebhookEventType, orgId: string, keyId: string, now: Date): void {
    let queued: Promise<void>;
    try {
      queued = this.#opts.store.enqueueWebhookEvent({
        id: uuidV7(),
        orgId,
        type,
        actor: SYSTEM_ACTOR,
        target: { type: 'key', id: keyId },
        occurredAt: now.toISOString(),
      });
    } catch (err) {
      queued = Promise.reject(err);
    }
    const tracked: Promise<void> = queued.catch((err: unknown) => this.#onError(err)).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }
}
