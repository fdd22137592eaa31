/**
 * The numbers of the change signals one listener has heard, to tell when it missed one.
 *
 * Each change signal carries a number from a counter its source keeps (PostgreSQL: a
 * sequence, migration 0013; Redis: a counter INCRed with each PUBLISH). Two things reveal a
 * lost signal:
 * - a number skipped: a later signal arrived and an earlier one did not (`heard`);
 * - the counter, read directly by a heartbeat, is past what was heard (`exists`): the signal
 *   may have been the last one, with nothing after it to show the gap.
 *
 * A number that is missing is not lost at once: another connection's signal may still be on
 * its way, and on PostgreSQL numbers are taken in statement order but delivered in commit
 * order (and a rolled-back transaction never sends the number it took). A number missing for
 * `graceMs` is lost. With `ordered` delivery (Redis pub/sub: one connection, publish order),
 * a later number arriving first proves an earlier one lost at once.
 *
 * The caller drops or re-validates what it holds whenever this says a signal was lost: it
 * cannot know which keys that signal named.
 */
export class SignalSequence {
  /** The highest number known to exist (heard, or read from the counter); null: none yet. */
  #high: number | null = null;
  /** Numbers known to exist but not heard, oldest first, with when they were first known missing. */
  readonly #holes = new Map<number, number>();

  constructor(
    readonly options: {
      readonly graceMs: number;
      readonly ordered: boolean;
      /** More missing at once than this counts as lost (no unbounded bookkeeping). */
      readonly maxHoles?: number;
      readonly now?: () => number;
    },
  ) {}

  /** The highest number known to exist. */
  get high(): number | null {
    return this.#high;
  }

  /** Starts over from `base` (after (re)connecting, which flushed everything anyway). */
  reset(base: number | null): void {
    this.#high = base;
    this.#holes.clear();
  }

  /** A signal numbered `n` arrived. True: a signal is known lost (drop what is held). */
  heard(n: number): boolean {
    const high = this.#high;
    if (high === null) {
      this.#high = n;
      return false;
    }
    if (n > high) {
      this.#high = n;
      if (this.#missing(high + 1, n)) return true;
    } else {
      this.#holes.delete(n);
    }
    if (!this.options.ordered) return false;
    const oldest = this.#oldestHole();
    if (oldest === undefined || oldest > n) return false;
    this.#holes.clear();
    return true;
  }

  /**
   * The counter read `n` (a heartbeat). `highWhenAsked`: `high` when the read was sent; a
   * counter below it went backwards (Redis emptied or restarted): true, and starts over.
   */
  exists(n: number, highWhenAsked: number | null): boolean {
    if (highWhenAsked !== null && n < highWhenAsked) {
      this.reset(n);
      return true;
    }
    if (this.#high === null) {
      this.#high = n;
      return false;
    }
    const high = this.#high;
    if (n <= high) return false;
    this.#high = n;
    return this.#missing(high + 1, n + 1);
  }

  /** True once some number has been missing longer than the grace period (then forgets the missing ones). */
  overdue(): boolean {
    const first = this.#holes.values().next();
    if (first.done || this.#now() - first.value < this.options.graceMs) return false;
    this.#holes.clear();
    return true;
  }

  /** Numbers `from` to `to - 1` are missing. True if too many to track (then lost). */
  #missing(from: number, to: number): boolean {
    const count = to - from;
    if (count <= 0) return false;
    if (this.#holes.size + count > (this.options.maxHoles ?? 10_000)) {
      this.#holes.clear();
      return true;
    }
    const at = this.#now();
    for (let k = from; k < to; k++) this.#holes.set(k, at);
    return false;
  }

  #oldestHole(): number | undefined {
    return this.#holes.keys().next().value;
  }

  #now(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }
}
