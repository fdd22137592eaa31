import type { ApiKey, RateLimit } from './types.js';

/**
 * Which changes to a key *loosen* it: a later expiry (or none), a higher or no rate limit,
 * re-enabling it. Anyone allowed to change a key may tighten it; loosening is kept for a
 * principal strictly above the key (use-cases/keys.ts, `updateKey`), so no key can lift its
 * own limits or those an equal set (issue 17).
 */
export type LimitField = 'expires_at' | 'rate_limit' | 'enabled';

export interface LimitChange {
  readonly expiresAt?: string | null | undefined;
  readonly rateLimit?: RateLimit | null | undefined;
  readonly enabled?: boolean | undefined;
}

/** Instants as ISO strings, null meaning never: is `a` later than `b`? */
export function isLater(a: string | null, b: string | null): boolean {
  if (a === null) return b !== null;
  if (b === null) return false;
  return Date.parse(a) > Date.parse(b);
}

/** The earlier of two instants, null meaning never. */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/**
 * Does `next` let more through than `current`? Tighter means no more requests and no
 * shorter window (so no more in any span); every other change counts as looser.
 */
export function isLooserRateLimit(next: RateLimit | null, current: RateLimit | null): boolean {
  if (current === null) return false;
  if (next === null) return true;
  return next.limit > current.limit || next.windowMs < current.windowMs;
}

/** The fields of `change` that loosen `key`, by their wire names. */
export function loosenedLimits(key: Pick<ApiKey, 'expiresAt' | 'rateLimit' | 'enabled'>, change: LimitChange): LimitField[] {
  const fields: LimitField[] = [];
  if (change.expiresAt !== undefined && isLater(change.expiresAt, key.expiresAt)) fields.push('expires_at');
  if (change.rateLimit !== undefined && isLooserRateLimit(change.rateLimit, key.rateLimit)) fields.push('rate_limit');
  if (change.enabled === true && !key.enabled) fields.push('enabled');
  return fields;
}
