import type { VerifyCode } from './verification.js';

/** Entries per report (the server takes at most 1000). */
const PER_REPORT = 1000;
/** Pending (key, code) pairs kept while the server cannot be reached; beyond this, counts are dropped. */
const MAX_PENDING = 100_000;

interface Pending {
  count: number;
  atMs: number;
}

/**
 * Counts the verifications answered from memory and reports them in batches
 * (POST /v1/keys/usage/report), so the usage chart and `last_used_at` include them. A
 * failed report is kept and retried with the next one; a crash loses one interval at most.
 */
export class UsageReporter {
  #pending = new Map<string, Pending>();
  readonly #send: (entries: Array<{ key_id: string; code: VerifyCode; count: number; at: string }>) => Promise<void>;

  constructor(send: (entries: Array<{ key_id: string; code: VerifyCode; count: number; at: string }>) => Promise<void>) {
    this.#send = send;
  }

  record(keyId: string, code: VerifyCode, atMs: number): void {
    const id = `${keyId} ${code}`;
    const p = this.#pending.get(id);
    if (p !== undefined) {
      p.count++;
      p.atMs = atMs;
    } else if (this.#pending.size < MAX_PENDING) this.#pending.set(id, { count: 1, atMs });
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending].map(([id, p]) => {
      const [key_id, code] = id.split(' ') as [string, VerifyCode];
      return { key_id, code, count: p.count, at: new Date(p.atMs).toISOString() };
    });
    this.#pending = new Map();
    let sent = 0;
    try {
      for (; sent < entries.length; sent += PER_REPORT) await this.#send(entries.slice(sent, sent + PER_REPORT));
    } catch (err) {
      // Put back what was not sent, merged with what was counted meanwhile.
      for (const e of entries.slice(sent)) {
        const id = `${e.key_id} ${e.code}`;
        const atMs = Date.parse(e.at);
        const now = this.#pending.get(id);
        if (now) {
          now.count += e.count;
          now.atMs = Math.max(now.atMs, atMs);
        } else if (this.#pending.size < MAX_PENDING) this.#pending.set(id, { count: e.count, atMs });
      }
      throw err;
    }
  }
}
