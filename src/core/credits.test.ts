import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCost, checkCredits, currentCredits, MAX_COST, nextRefillAt } from './credits.js';
import type { CreditRefill } from './types.js';

const at = (iso: string) => new Date(iso);
const daily: CreditRefill = { amount: 100, interval: 'daily', dayOfMonth: null };
const monthlyOn = (day: number | null): CreditRefill => ({ amount: 100, interval: 'monthly', dayOfMonth: day });

describe('credit refills', () => {
  it('refills daily at the next UTC midnight', () => {
    expect(nextRefillAt(daily, at('2026-03-14T10:00:00Z')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    // Exactly at a boundary, the next one is a day later (the boundary itself has just refilled).
    expect(nextRefillAt(daily, at('2026-03-15T00:00:00Z')).toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(nextRefillAt(daily, at('2026-12-31T23:59:59.999Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refills monthly on the day, on the 1st by default, and on the last day of shorter months', () => {
    expect(nextRefillAt(monthlyOn(null), at('2026-03-14T10:00:00Z')).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(15), at('2026-03-14T10:00:00Z')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(15), at('2026-03-15T00:00:00Z')).toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(31), at('2026-01-31T00:00:00Z')).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(31), at('2026-02-28T00:00:00Z')).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(30), at('2028-02-10T00:00:00Z')).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(31), at('2026-04-30T00:00:00Z')).toISOString()).toBe('2026-05-31T00:00:00.000Z');
    expect(nextRefillAt(monthlyOn(5), at('2026-12-20T00:00:00Z')).toISOString()).toBe('2027-01-05T00:00:00.000Z');
  });

  it('always gives a UTC midnight strictly after the instant, at most a month and a day later', () => {
    const refills = fc.oneof(
      fc.constant(daily),
      fc.option(fc.integer({ min: 1, max: 31 })).map((d) => monthlyOn(d)),
    );
    fc.assert(
      fc.property(
        refills,
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (refill, now) => {
          const next = nextRefillAt(refill, now);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          expect(next.getTime() % 86_400_000).toBe(0);
          expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(32 * 86_400_000);
          if (refill.interval === 'daily') expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
        },
      ),
    );
  });

  it('shows a due refill as done, and an undue one as stored', () => {
    const stored = { remaining: 3, refill: daily, refillAt: '2026-03-15T00:00:00.000Z' };
    expect(currentCredits(stored, at('2026-03-14T23:59:59Z'))).toBe(stored);
    expect(currentCredits(stored, at('2026-03-15T00:00:00Z'))).toEqual({
      remaining: 100,
      refill: daily,
      refillAt: '2026-03-16T00:00:00.000Z',
    });
  });
});

describe('credit input', () => {
  const now = at('2026-03-14T10:00:00Z');

  it('keeps what a PATCH leaves out and restarts the refill clock from now', () => {
    const current = { remaining: 7, refill: daily, refillAt: '2026-03-14T00:00:00.000Z' };
    expect(checkCredits({ remaining: 50 }, current, now)).toEqual({ remaining: 50, refill: daily, refillAt: '2026-03-15T00:00:00.000Z' });
    expect(checkCredits({ refill: null }, current, now)).toEqual({ remaining: 7, refill: null, refillAt: null });
  });

  it('refuses bad balances, refills and costs, naming the field', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as { field?: string }).field;
      }
      return undefined;
    };
    expect(field(() => checkCredits({ remaining: -1 }, null, now))).toBe('credits.remaining');
    expect(field(() => checkCredits({ remaining: 1.5 }, null, now))).toBe('credits.remaining');
    expect(field(() => checkCredits({ refill: { amount: 5, interval: 'daily' } }, null, now))).toBe('credits.remaining');
    expect(field(() => checkCredits({ remaining: 1, refill: { amount: 0, interval: 'daily' } }, null, now))).toBe('credits.refill.amount');
    expect(field(() => checkCredits({ remaining: 1, refill: { amount: 5, interval: 'weekly' } }, null, now))).toBe(
      'credits.refill.interval',
    );
    expect(field(() => checkCredits({ remaining: 1, refill: { amount: 5, interval: 'daily', dayOfMonth: 3 } }, null, now))).toBe(
      'credits.refill.day_of_month',
    );
    expect(field(() => checkCredits({ remaining: 1, refill: { amount: 5, interval: 'monthly', dayOfMonth: 32 } }, null, now))).toBe(
      'credits.refill.day_of_month',
    );
    for (const cost of [-1, 0.5, MAX_COST + 1, Number.NaN]) expect(field(() => checkCost(cost))).toBe('cost');
    expect(checkCost(undefined)).toBe(1);
    expect(checkCost(0)).toBe(0);
    expect(checkCost(MAX_COST)).toBe(MAX_COST);
  });
});
