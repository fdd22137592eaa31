import { UsageError } from './command.js';

/**
 * Turns flag strings into the values the API takes. A bad value is a UsageError (exit 2)
 * caught here, before any request, so a typo never reaches the server as a half-made call.
 */

/** `a,b, c` → `['a','b','c']`; an empty string means "no roles". */
export function parseRoles(value: string): string[] {
  return value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

export function parseCount(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${flag} must be an integer of at least ${min}, got "${value}"`);
  }
  return Number(value);
}

/** An ISO 8601 time (any form Date accepts), sent as UTC ISO; `never` clears it. */
export function parseExpiresAt(value: string): string | null {
  if (value === 'never') return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new UsageError(`--expires-at must be an ISO 8601 time (e.g. 2030-01-01T00:00:00Z) or "never", got "${value}"`);
  }
  return at.toISOString();
}

export function parseMetadata(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError('--metadata must be a JSON object, e.g. \'{"team":"web"}\'');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--metadata must be a JSON object, e.g. \'{"team":"web"}\'');
  }
  return parsed as Record<string, unknown>;
}

/** `100/60000` → `{limit: 100, window_ms: 60000}`; `none` removes the limit. */
export function parseRateLimit(value: string): { limit: number; window_ms: number; scope?: 'key' | 'owner' } | null {
  if (value === 'none') return null;
  const m = /^(\d+)\/(\d+)(?:\/(key|owner))?$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new UsageError(`--rate-limit must be LIMIT/WINDOW_MS[/owner] (e.g. 100/60000, 100/60000/owner) or "none", got "${value}"`);
  }
  return { limit: Number(m[1]), window_ms: Number(m[2]), ...(m[3] ? { scope: m[3] as 'key' | 'owner' } : {}) };
}

/** A free-form id flag where "" means null (clear): the id itself may be any text, even "none". */
export const orEmptyAsNull = (value: string): string | null => (value === '' ? null : value);

/** `--max-keys-per-owner N`, or "none" for no cap. */
export function parseCap(value: string): number | null {
  return value === 'none' ? null : parseCount('max-keys-per-owner', value, 1);
}

/** `--credits N` → the balance; `none` makes the key unlimited. */
export function parseCredits(value: string): number | null {
  if (value === 'none') return null;
  return parseCount('credits', value, 0);
}

export interface WireRefill {
  amount: number;
  interval: 'daily' | 'monthly';
  day_of_month?: number;
}

/** `daily:1000`, `monthly:5000` or `monthly:5000:15` → a refill; `none` removes it. */
export function parseRefill(value: string): WireRefill | null {
  if (value === 'none') return null;
  const m = /^(daily|monthly):(\d+)(?::(\d+))?$/.exec(value);
  if (!m || (m[1] === 'daily' && m[3] !== undefined)) {
    throw new UsageError(`--refill must be daily:AMOUNT, monthly:AMOUNT[:DAY] or "none", got "${value}"`);
  }
  return { amount: Number(m[2]), interval: m[1] as WireRefill['interval'], ...(m[3] !== undefined ? { day_of_month: Number(m[3]) } : {}) };
}

/** The `--limit` / `--cursor` pair of every list command, as query parameters. */
export function pageQuery(flags: { string(name: string): string | undefined }): { limit?: number; cursor?: string } {
  const limit = flags.string('limit');
  return { limit: limit === undefined ? undefined : parseCount('limit', limit, 1), cursor: flags.string('cursor') };
}
