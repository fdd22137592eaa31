/** Dates as people read them, with the exact ISO time kept for a tooltip. */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => dateOnly.format(new Date(iso));

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 minutes ago", "in 2 days", "just now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return diff > 0 ? 'in a moment' : 'just now';
}

export const formatNumber = (n: number): string => n.toLocaleString();

const WINDOWS: readonly [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** 1000 / 60000 ms → "1,000 per minute". */
export function formatRateLimit(limit: number, windowMs: number): string {
  for (const [name, ms] of WINDOWS) {
    if (windowMs % ms === 0) {
      const count = windowMs / ms;
      return `${formatNumber(limit)} per ${count === 1 ? name : `${formatNumber(count)} ${name}s`}`;
    }
  }
  return `${formatNumber(limit)} per ${formatNumber(windowMs)} ms`;
}

const ORDINAL = new Intl.PluralRules('en', { type: 'ordinal' });
const SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const ordinal = (n: number): string => `${n}${SUFFIX[ORDINAL.select(n)] ?? 'th'}`;

/** A key's credits: "750 left · refills to 1,000 monthly on the 15th (next Mar 15, 2026)". */
export function formatCredits(credits: {
  readonly remaining: number;
  readonly refill: { readonly amount: number; readonly interval: 'daily' | 'monthly'; readonly day_of_month?: number } | null;
  readonly refill_at: string | null;
}): string {
  const left = `${formatNumber(credits.remaining)} left`;
  const { refill } = credits;
  if (!refill) return left;
  const when = refill.interval === 'daily' ? 'daily' : `monthly on the ${ordinal(refill.day_of_month ?? 1)}`;
  const next = credits.refill_at ? ` (next ${formatDate(credits.refill_at)})` : '';
  return `${left} · refills to ${formatNumber(refill.amount)} ${when}${next}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The last 8 characters of a UUID after an ellipsis ("…3f4a5b1c"), other ids whole. The end,
 * not the start: Keyward's ids are UUIDv7, whose first characters are the creation time, so
 * ids made within minutes of each other share their prefix; the end is random.
 */
export const idTail = (id: string): string => (UUID.test(id) ? `…${id.slice(-8)}` : id);
