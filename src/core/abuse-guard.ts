import { hash } from 'node:crypto';
import { clientNetwork } from './abuse-network.js';
import { KeywardError } from './errors.js';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.js';

/**
 * The abuse limits (config.ts reads them from KEYWARD_AUTH_FAILURES_* and
 * KEYWARD_MANAGEMENT_*). A count of 0 turns that limit off.
 */
export interface AbuseLimits {
  /** Failed authentications per client network (IPv4 address, IPv6 /64) and window. */
  readonly authFailuresPerIp: number;
  /** Failed authentications per presented credential (by fingerprint) and window. */
  readonly authFailuresPerCredential: number;
  readonly authFailureWindowMs: number;
  /** Authenticated management calls (everything but verification) per client network and window. */
  readonly managementCallsPerIp: number;
  /** Authenticated management calls per credential (key, or JWT user) and window. */
  readonly managementCallsPerCredential: number;
  readonly managementWindowMs: number;
}

/**
 * Defaults that a platform's legitimate traffic never meets (the reasoning is in
 * SECURITY.md): a flood of bad credentials from one address is refused after 100 tries a
 * minute, one wrong or revoked credential after 10; a key may make 60,000 management
 * calls a minute (1,000/s sustained, above what one instance can write), an address twice that.
 */
export const DEFAULT_ABUSE_LIMITS: AbuseLimits = Object.freeze({
  authFailuresPerIp: 100,
  authFailuresPerCredential: 10,
  authFailureWindowMs: 60_000,
  managementCallsPerIp: 120_000,
  managementCallsPerCredential: 60_000,
  managementWindowMs: 60_000,
});

/** Every limit off (tests that fire thousands of bad credentials on purpose). */
export const NO_ABUSE_LIMITS: AbuseLimits = Object.freeze({
  ...DEFAULT_ABUSE_LIMITS,
  authFailuresPerIp: 0,
  authFailuresPerCredential: 0,
  managementCallsPerIp: 0,
  managementCallsPerCredential: 0,
});

/** A 429: the code is the contract's RATE_LIMITED; the HTTP layer sends `retryAfterSeconds` as Retry-After. */
export class RateLimitedError extends KeywardError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Who is trying to authenticate: the client network and a fingerprint of what it presented (never the secret). */
export interface AuthAttempt {
  readonly network: string;
  /** Null when no credential was presented. */
  readonly fingerprint: string | null;
}

/** A budget spent by the failure just recorded: worth one warning in the log. */
export interface Exhausted {
  readonly scope: 'ip' | 'credential';
  readonly limit: number;
  readonly windowMs: number;
}

export interface AbuseGuardOptions {
  /** Credentials remembered as recently good (exempt from an address's block); default 100,000. */
  readonly trustedSize?: number;
  /** How long a good credential stays exempt after its last success; default 24 hours. */
  readonly trustedTtlMs?: number;
}

/** Counter ids: one namespace per limit, in their own limiter instance. */
const ID = {
  failIp: (network: string) => `af:ip:${network}`,
  failCredential: (fingerprint: string) => `af:cr:${fingerprint}`,
  callIp: (network: string) => `mc:ip:${network}`,
  callCredential: (who: string) => `mc:cr:${who}`,
};

const FAILED_AUTH_MESSAGE = 'too many failed authentication attempts';

/**
 * Per-client limits on failed authentication and on management calls, over a
 * `RateLimiter` of its own (shared across instances when that limiter is).
 *
 * Failed authentication, per request:
 * 1. `admit` before authenticating: a credential that failed `authFailuresPerCredential`
 *    times this window is refused (429) without a lookup; so is, from a network that failed
 *    `authFailuresPerIp` times, any credential not recently seen good whose check would
 *    read an unknown key (an invented key). One that can be checked without that (a user
 *    token, a key the cache holds or heard written: a just-minted or rolled one) is checked,
 *    and a failure is answered 429 rather than 401.
 * 2. `recordFailure` after an authentication failed: counts it for the credential and the
 *    network. `recordSuccess` remembers the credential as good, which exempts it from its
 *    network's block, so one broken client behind a shared address cannot lock out the
 *    working keys beside it.
 *
 * A single wrong or revoked credential retried in a loop spends only its own budget: once
 * it is refused at step 1 it no longer counts against its network, so its owner can put
 * a new key in from the same address at once. A spray of distinct credentials (guessing)
 * spends the network's budget instead.
 */
export class AbuseGuard {
  readonly #limiter: RateLimiter;
  readonly #limits: AbuseLimits;
  readonly #trusted: RecentlyGood;

  constructor(limiter: RateLimiter, limits: AbuseLimits, options: AbuseGuardOptions = {}) {
    this.#limiter = limiter;
    this.#limits = limits;
    this.#trusted = new RecentlyGood(options.trustedSize ?? 100_000, options.trustedTtlMs ?? 86_400_000);
  }

  get limits(): AbuseLimits {
    return this.#limits;
  }

  /** Credentials remembered as recently good now (bounded by `trustedSize`). */
  get trustedCount(): number {
    return this.#trusted.size;
  }

  /** Describes an attempt; the raw credential is hashed here and not kept. */
  attempt(ip: string, credential: string | undefined): AuthAttempt {
    return { network: clientNetwork(ip), fingerprint: credential ? fingerprintOf(credential) : null };
  }

  /**
   * Whether this credential worked recently (and has not failed since): `admit` lets it
   * through without counting anything. Synchronous, so the verify hot path skips `admit`.
   */
  trusts(attempt: AuthAttempt, now: Date): boolean {
    return attempt.fingerprint !== null && this.#trusted.has(attempt.fingerprint, now.getTime());
  }

  /**
   * Throws RATE_LIMITED when this attempt's budget of failures is spent: the credential's own
   * always; its network's unless `checkable` says checking this credential costs no lookup of
   * an unknown key (asked only when the network's budget is spent). A checkable credential
   * from a blocked network is authenticated: if it works, it works; if it fails,
   * `recordFailure` answers RATE_LIMITED (the network's budget is spent), so the sprayer
   * still sees 429s and a valid credential is never refused for other credentials' failures.
   */
  async admit(attempt: AuthAttempt, now: Date, checkable: () => boolean = () => false): Promise<void> {
    if (this.trusts(attempt, now)) return;
    const { fingerprint } = attempt;
    const { authFailuresPerCredential: perCredential, authFailuresPerIp: perIp, authFailureWindowMs: windowMs } = this.#limits;
    if (fingerprint !== null && perCredential > 0) {
      refuseUnless(
        await this.#limiter.peek(ID.failCredential(fingerprint), { limit: perCredential, windowMs }, now),
        now,
        FAILED_AUTH_MESSAGE,
      );
    }
    if (perIp > 0) {
      const byNetwork = await this.#limiter.peek(ID.failIp(attempt.network), { limit: perIp, windowMs }, now);
      if (!byNetwork.allowed && fingerprint !== null && checkable()) return;
      refuseUnless(byNetwork, now, FAILED_AUTH_MESSAGE);
    }
  }

  /**
   * Counts a failed authentication against the credential, then the network. Answers
   * the budgets this failure used up (for one log line each); throws RATE_LIMITED when a
   * budget was already spent (concurrent failures raced past `admit`).
   */
  async recordFailure(attempt: AuthAttempt, now: Date): Promise<Exhausted[]> {
    const { fingerprint } = attempt;
    if (fingerprint !== null) this.#trusted.delete(fingerprint);
    const { authFailuresPerCredential: perCredential, authFailuresPerIp: perIp, authFailureWindowMs: windowMs } = this.#limits;
    const exhausted: Exhausted[] = [];
    if (fingerprint !== null && perCredential > 0) {
      const d = await this.#limiter.consume(ID.failCredential(fingerprint), { limit: perCredential, windowMs }, now);
      refuseUnless(d, now, FAILED_AUTH_MESSAGE);
      if (d.remaining === 0) exhausted.push({ scope: 'credential', limit: perCredential, windowMs });
    }
    if (perIp > 0) {
      const d = await this.#limiter.consume(ID.failIp(attempt.network), { limit: perIp, windowMs }, now);
      refuseUnless(d, now, FAILED_AUTH_MESSAGE);
      if (d.remaining === 0) exhausted.push({ scope: 'ip', limit: perIp, windowMs });
    }
    return exhausted;
  }

  /** The credential worked: exempt it from its network's block (not from its own failures, should it start failing). */
  recordSuccess(attempt: AuthAttempt, now: Date): void {
    if (attempt.fingerprint !== null) this.#trusted.add(attempt.fingerprint, now.getTime());
  }

  /**
   * Counts one management call of an authenticated caller (`who`: its key id or user),
   * per caller and per network; throws RATE_LIMITED when either budget is spent.
   * Verification is not a management call and never comes here.
   */
  async countManagementCall(ip: string, who: string, now: Date): Promise<void> {
    const { managementCallsPerCredential: perCredential, managementCallsPerIp: perIp, managementWindowMs: windowMs } = this.#limits;
    const [byCredential, byIp] = await Promise.all([
      perCredential > 0 ? this.#limiter.consume(ID.callCredential(who), { limit: perCredential, windowMs }, now) : null,
      perIp > 0 ? this.#limiter.consume(ID.callIp(clientNetwork(ip)), { limit: perIp, windowMs }, now) : null,
    ]);
    if (byCredential) refuseUnless(byCredential, now, 'too many requests for this credential');
    if (byIp) refuseUnless(byIp, now, 'too many requests from this address');
  }
}

/**
 * A fingerprint of a presented credential for counting: SHA-256 under a label of its own,
 * so it differs from the stored key hash (it cannot be used to look a key up), truncated
 * to 128 bits (plenty to tell credentials apart, and all that is kept in memory or Redis).
 */
export function fingerprintOf(credential: string): string {
  // One-shot crypto.hash: about a microsecond, a third of createHash's cost (this runs on every verification).
  return hash('sha256', `keyward-abuse-fingerprint\0${credential}`, 'base64url').slice(0, 22);
}

/** Seconds until the window of a refused decision ends, at least 1 (Retry-After). */
export function retryAfterSeconds(decision: RateLimitDecision, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(decision.resetAt) - now.getTime()) / 1000));
}

function refuseUnless(decision: RateLimitDecision, now: Date, what: string): void {
  if (decision.allowed) return;
  const seconds = retryAfterSeconds(decision, now);
  throw new RateLimitedError(`${what}; retry after ${seconds} s`, seconds);
}

/**
 * Fingerprints that authenticated recently, bounded: Map order is insertion order and a
 * success re-inserts, so the first entry is the least recently good and goes first.
 */
class RecentlyGood {
  readonly #lastGood = new Map<string, number>();

  constructor(
    readonly maxSize: number,
    readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.#lastGood.size;
  }

  has(fingerprint: string, now: number): boolean {
    const at = this.#lastGood.get(fingerprint);
    return at !== undefined && now - at < this.ttlMs;
  }

  add(fingerprint: string, now: number): void {
    // A hot verifier key succeeds thousands of times a second: refresh its time only once a second.
    const at = this.#lastGood.get(fingerprint);
    if (at !== undefined && now - at < 1000) return;
    this.#lastGood.delete(fingerprint);
    this.#lastGood.set(fingerprint, now);
    if (this.#lastGood.size > this.maxSize) this.#lastGood.delete(this.#lastGood.keys().next().value!);
  }

  delete(fingerprint: string): void {
    this.#lastGood.delete(fingerprint);
  }
}
