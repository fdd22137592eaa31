import { invalid } from './errors.js';
import type { CreditRefill, Credits } from './types.js';

/**
 * Usage credits: a balance a key spends on each VALID verification (`cost`, default 1),
 * refilled to `refill.amount` at each UTC boundary. The balance is only ever changed by one
 * atomic conditional statement in the database (Store.spendCredits), never from a cached
 * value, so N racing verifications of a key holding R < N credits get exactly R VALID on
 * every engine and any number of instances. Refills need no timer: the key stores its next
 * boundary (`refillAt`), and the first spend at or after it resets the balance in that same
 * statement.
 */

/** The largest `cost` one verification may spend. */
export const MAX_COST = 1_000_000;
/** The largest balance or refill amount: far below 2^53, so the engines' integers never round. */
export const MAX_CREDITS = 1_000_000_000_000;
export const DEFAULT_COST = 1;

const DAY_MS = 86_400_000;

/** The first refill boundary strictly after `after` (UTC midnight; monthly on the day, clamped to short months). */
export function nextRefillAt(refill: CreditRefill, after: Date): Date {
  const y = after.getUTCFullYear();
  const m = after.getUTCMonth();
  if (refill.interval === 'daily') return new Date(Date.UTC(y, m, after.getUTCDate() + 1));
  const day = refill.dayOfMonth ?? 1;
  const thisMonth = boundaryIn(y, m, day);
  return thisMonth.getTime() > after.getTime() ? thisMonth : boundaryIn(y, m + 1, day);
}

/** Midnight UTC of `day` in month `m` of year `y` (m may be 12: January of y + 1), or the month's last day. */
function boundaryIn(y: number, m: number, day: number): Date {
  const lastDay = new Date(Date.UTC(y, m + 1, 1) - DAY_MS).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(day, lastDay)));
}

/** The balance as of `now`: a refill that is due counts as done (it is written at the next spend). */
export function currentCredits(credits: Credits, now: Date): Credits {
  if (credits.refill === null || credits.refillAt === null || Date.parse(credits.refillAt) > now.getTime()) return credits;
  return { remaining: credits.refill.amount, refill: credits.refill, refillAt: nextRefillAt(credits.refill, now).toISOString() };
}

export interface CreditsInput {
  readonly remaining?: number | undefined;
  readonly refill?: RefillInput | null | undefined;
}

export interface RefillInput {
  readonly amount: number;
  readonly interval: string;
  readonly dayOfMonth?: number | null | undefined;
}

/**
 * A key's credits from a create or PATCH body: `input` over what the key holds now
 * (`current`, null on create), with the next boundary counted from `now`. Null input means
 * unlimited. A key without credits must be given `remaining`.
 */
export function checkCredits(
  input: CreditsInput | null | undefined,
  current: Credits | null,
  now: Date,
  field = 'credits',
): Credits | null {
  if (input === null || input === undefined) return null;
  const remaining = input.remaining ?? current?.remaining;
  if (remaining === undefined) throw invalid(`${field}.remaining`, 'is required for a key without credits');
  if (!isCount(remaining)) throw invalid(`${field}.remaining`, `must be an integer from 0 to ${MAX_CREDITS}`);
  const refill = input.refill === undefined ? (current?.refill ?? null) : checkRefill(input.refill, `${field}.refill`);
  return { remaining, refill, refillAt: refill === null ? null : nextRefillAt(refill, now).toISOString() };
}

function checkRefill(refill: RefillInput | null, field: string): CreditRefill | null {
  if (refill === null) return null;
  if (!isCount(refill.amount) || refill.amount < 1) throw invalid(`${field}.amount`, `must be an integer from 1 to ${MAX_CREDITS}`);
  if (refill.interval !== 'daily' && refill.interval !== 'monthly') throw invalid(`${field}.interval`, 'must be daily or monthly');
  const day = refill.dayOfMonth ?? null;
  if (day !== null) {
    if (refill.interval !== 'monthly') throw invalid(`${field}.day_of_month`, 'applies to a monthly refill only');
    if (!Number.isInteger(day) || day < 1 || day > 31) throw invalid(`${field}.day_of_month`, 'must be an integer from 1 to 31');
  }
  return { amount: refill.amount, interval: refill.interval, dayOfMonth: day };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_CREDITS;

/** A verification's cost: an integer from 0 to MAX_COST, 1 when not given. */
export function checkCost(cost: number | undefined): number {
  if (cost === undefined) return DEFAULT_COST;
  if (!Number.isInteger(cost) || cost < 0 || cost > MAX_COST) throw invalid('cost', `must be an integer from 0 to ${MAX_COST}`);
  return cost;
}
