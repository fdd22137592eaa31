import type { VerificationCode as VerifyCode } from '../types.js';

/** Entries per report (the server takes at most 1000). */
const PER_REPORT = 1000;
/** Pending (key, code) pairs kept while the server cannot be reached; beyond this, counts are dropped. */
const MAX_PENDING = 100_000;

/** What the reporter counts on: a key table entry (key-table.ts), which carries its own counters. */
export interface Counted {
  readonly key: { readonly id: string };
  counts: Partial<Record<VerifyCode, number>> | null;
  countedAt: number;
}

type Entries = Array<{ key_id: string; code: VerifyCode; count: number; at: string }>;

/**
 * Counts the verifications answered from memory and reports them in batches
 * (POST /v1/keys/usage/report), so the usage chart and `last_used_at` include them. Counts
 * live on the entries themselves (no allocation per verification); a failed report is kept
 * and retried with the next one (bounded); a crash loses one interval at most.
 */
export class UsageReporter {
  #dirty = new Set<Counted>();
  #unsent: Entries = [];
  readonly #send: (entries: Entries) => Promise<void>;

  constructor(send: (entries: Entries) => Promise<void>) {
    this.#send = send;
  }

  record(entry: Counted, code: VerifyCode, atMs: number): void {
    const counts = (entry.counts ??= {});
    counts[code] = (counts[code] ?? 0) + 1;
    entry.countedAt = atMs;
    this.#dirty.add(entry);
  }

  async flush(): Promise<void> {
    const entries = this.#unsent;
    for (const e of this.#dirty) {
      const at = new Date(e.countedAt).toISOString();
      for (const [code, count] of Object.entries(e.counts ?? {}) as Array<[VerifyCode, number]>)
        entries.push({ key_id: e.key.id, code, count, at });
      e.counts = null;
    }
    this.#dirty = new Set();
    this.#unsent = [];
    let sent = 0;
    try {
      for (; sent < entries.length; sent += PER_REPORT) await this.#send(entries.slice(sent, sent + PER_REPORT));
    } catch (err) {
      // Kept for the next flush (bounded: beyond it the oldest counts are dropped).
      this.#unsent = entries.slice(sent).slice(-MAX_PENDING);
      throw err;
    }
  }
}
