import { describe, expect, it } from 'vitest';
import { SignalSequence } from '../../src/store/signal-sequence.js';

const clock = { t: 0, now: () => clock.t };
const sequence = (ordered: boolean, maxHoles?: number) =>
  new SignalSequence({ graceMs: 100, ordered, now: clock.now, ...(maxHoles ? { maxHoles } : {}) });

describe('change signal numbers', () => {
  it('in commit order (PostgreSQL): a number skipped may still arrive within the grace period; past it, it is lost', () => {
    const s = sequence(false);
    s.reset(10);
    expect([s.heard(11), s.heard(13)]).toEqual([false, false]);
    clock.t += 99;
    expect(s.overdue()).toBe(false);
    // A transaction that took 12 first committed last: nothing was lost.
    expect(s.heard(12)).toBe(false);
    clock.t += 1000;
    expect(s.overdue()).toBe(false);
    expect(s.heard(15)).toBe(false);
    clock.t += 100;
    expect(s.overdue()).toBe(true);
    // Said once: the caller has re-read everything.
    expect(s.overdue()).toBe(false);
  });

  it('in publish order (Redis): a later number arriving first proves the skipped one lost at once', () => {
    const s = sequence(true);
    s.reset(null);
    expect(s.heard(5)).toBe(false);
    expect(s.heard(6)).toBe(false);
    expect(s.heard(8)).toBe(true);
    expect(s.heard(9)).toBe(false);
  });

  it('reads the counter past what was heard as signals on their way, lost if they do not come', () => {
    const s = sequence(true);
    s.reset(3);
    expect(s.exists(5, 3)).toBe(false);
    expect(s.heard(4)).toBe(false);
    expect(s.heard(5)).toBe(false);
    clock.t += 1000;
    expect(s.overdue()).toBe(false);
    expect(s.exists(6, 5)).toBe(false);
    clock.t += 100;
    expect(s.overdue()).toBe(true);
  });

  it('takes a counter read lower than the number heard when it was asked as a restart of the counter', () => {
    const s = sequence(true);
    s.reset(0);
    s.heard(1);
    s.heard(2);
    // Read before message 3 arrived, answered after: not backwards.
    const asked = s.high;
    expect(s.heard(3)).toBe(false);
    expect(s.exists(2, asked)).toBe(false);
    expect(s.exists(0, s.high)).toBe(true);
    expect(s.high).toBe(0);
    expect(s.heard(1)).toBe(false);
  });

  it('counts too many missing numbers at once as lost, without tracking each', () => {
    const s = sequence(false, 50);
    s.reset(0);
    expect(s.heard(40)).toBe(false);
    expect(s.heard(100)).toBe(true);
    expect(s.high).toBe(100);
  });
});
