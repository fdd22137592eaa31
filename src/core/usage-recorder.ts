import type { VerifyCode } from './types.js';
import type { Store, UsageBatch } from './store.js';

const DAY_MS = 86_400_000;

/** Outcome counts of one key on one UTC day, and the credits its VALID verifications spent. */
type CodeCounts = Partial<Record<VerifyCode, number>> & { spent?: number };

/**
 * Gathers `lastUsedAt` and per-day outcome counts in memory so that verification
 * never writes to the database; `flush` hands them to the store in one transaction.
 * A crash loses at most one flush interval of counts and timestamps, never a key.
 *
 * `record` runs on every verification, so it allocates nothing in the steady state:
 * instants are kept as epoch milliseconds and days as day numbers, and both become
 * ISO strings only in `drain`, once per key per flush rather than once per request.
 */
export class UsageRecorder {
  /** keyId → epoch ms of the latest VALID verification. */
  #lastUsed = new Map<string, number>();
  /** UTC day number → keyId → counts per outcome. */
  #days = new Map<number, Map<string, CodeCounts>>();
  /** The day `record` saw last, and its map: nearly every call lands on the same day. */
  #day = Number.NaN;
  #dayKeys: Map<string, CodeCounts> | null = null;
  /** Distinct (key, day, code) counts pending. */
  #pending = 0;

  /**
   * `spent`: credits the verification took (only a VALID one of a key with credits takes any).
   * `count`: verifications of the same outcome at `at` (a local verifier's report, reported in batches).
   */
  record(keyId: string, code: VerifyCode, at: Date, spent = 0, count = 1): void {
    const ms = at.getTime();
    if (code === 'VALID') this.#lastUsed.set(keyId, ms);
    const day = Math.floor(ms / DAY_MS);
    const keys = day === this.#day && this.#dayKeys !== null ? this.#dayKeys : this.#keysOf(day);
    let counts = keys.get(keyId);
    if (counts === undefined) keys.set(keyId, (counts = {}));
    const n = counts[code];
    if (n === undefined) this.#pending++;
    counts[code] = (n ?? 0) + count;
    if (spent !== 0) counts.spent = (counts.spent ?? 0) + spent;
  }

  get pending(): number {
    return this.#pending;
  }

  /** Takes everything gathered so far; what is recorded meanwhile goes to the next batch. */
  drain(): UsageBatch {
    const lastUsed = [...this.#lastUsed].map(([keyId, ms]) => ({ keyId, at: new Date(ms).toISOString() }));
    const counts: Array<UsageBatch['counts'][number]> = [];
    for (const [dayNumber, keys] of this.#days) {
      const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
      for (const [keyId, byCode] of keys) {
        for (const code of Object.keys(byCode) as Array<VerifyCode | 'spent'>) {
          if (code === 'spent') continue;
          counts.push({ keyId, day, code, count: byCode[code]!, spent: code === 'VALID' ? (byCode.spent ?? 0) : 0 });
        }
      }
    }
    this.#lastUsed = new Map();
    this.#days = new Map();
    this.#day = Number.NaN;
    this.#dayKeys = null;
    this.#pending = 0;
    return { lastUsed, counts };
  }

  /** Writes the pending batch; on failure puts it back so the next flush retries it. */
  async flush(store: Pick<Store, 'recordUsage'>): Promise<void> {
    const batch = this.drain();
    if (batch.counts.length === 0 && batch.lastUsed.length === 0) return;
    try {
      await store.recordUsage(batch);
    } catch (err) {
      this.#restore(batch);
      throw err;
    }
  }

  #keysOf(day: number): Map<string, CodeCounts> {
    let keys = this.#days.get(day);
    if (keys === undefined) this.#days.set(day, (keys = new Map()));
    this.#day = day;
    this.#dayKeys = keys;
    return keys;
  }

  #restore(batch: UsageBatch): void {
    for (const { keyId, at } of batch.lastUsed) {
      const ms = Date.parse(at);
      const cur = this.#lastUsed.get(keyId);
      if (cur === undefined || cur < ms) this.#lastUsed.set(keyId, ms);
    }
    for (const c of batch.counts) {
      const counts = this.#keysOf(Math.floor(Date.parse(c.day) / DAY_MS));
      let byCode = counts.get(c.keyId);
      if (byCode === undefined) counts.set(c.keyId, (byCode = {}));
      const n = byCode[c.code];
      if (n === undefined) this.#pending++;
      byCode[c.code] = (n ?? 0) + c.count;
      if (c.spent) byCode.spent = (byCode.spent ?? 0) + c.spent;
    }
  }
}
