import type { Clock } from '../../src/core/clock.js';

/** A clock tests move by hand: expiry and grace periods are tested without sleeping. */
export class TestClock implements Clock {
  #now: number;

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  /** An ISO instant `ms` from now, for `expires_at` bodies. */
  isoIn(ms: number): string {
    return new Date(this.#now + ms).toISOString();
  }
}
