import type { VerifyCode } from './types.js';
import type { Store, UsageBatch } from '../store/store.js';

/**
 * Gathers `lastUsedAt` and per-day outcome counts in memory so that verification
 * never writes to the database; `flush` hands them to the store in one transaction.
 * A crash loses at most one flush interval of counts and timestamps, never a key.
 */
export class UsageRecorder {
  #lastUsed = new Map<string, string>();
  #counts = new Map<string, number>();

  record(keyId: string, code: VerifyCode, at: Date): void {
    const iso = at.toISOString();
    if (code === 'VALID') this.#lastUsed.set(keyId, iso);
    const k = `${keyId}|${iso.slice(0, 10)}|${code}`;
    this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
  }

  get pending(): number {
    return this.#counts.size;
  }

  /** Takes everything gathered so far; what is recorded meanwhile goes to the next batch. */
  drain(): UsageBatch {
    const lastUsed = [...this.#lastUsed].map(([keyId, at]) => ({ keyId, at }));
    const counts = [...this.#counts].map(([k, count]) => {
      const [keyId, day, code] = k.split('|') as [string, string, VerifyCode];
      return { keyId, day, code, count };
    });
    this.#lastUsed = new Map();
    this.#counts = new Map();
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

  #restore(batch: UsageBatch): void {
    for (const { keyId, at } of batch.lastUsed) {
      const cur = this.#lastUsed.get(keyId);
      if (!cur || cur < at) this.#lastUsed.set(keyId, at);
    }
    for (const c of batch.counts) {
      const k = `${c.keyId}|${c.day}|${c.code}`;
      this.#counts.set(k, (this.#counts.get(k) ?? 0) + c.count);
    }
  }
}
