import type { Store } from '../core/store.js';

/**
 * Wakes the change streams of this process (routes/key-stream.ts) when keys change: one
 * watcher of the store's change signals (PostgreSQL NOTIFY, SQLite data_version polling; any
 * process's writes) shared by every open stream, opened with the first one. Signals are only
 * a shortcut: each stream also re-reads on its own short period, so a missed signal (or an
 * insert, which signals nothing) delays a change by that period at most, and loses nothing.
 */
export class KeyChangeBell {
  readonly #store: Pick<Store, 'watchKeyChanges'>;
  readonly #waiters = new Set<() => void>();
  #stop: Promise<(() => Promise<void>) | null> | null = null;
  #closed = false;

  constructor(store: Pick<Store, 'watchKeyChanges'>) {
    this.#store = store;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves at the next change signal, after `ms`, when `signal` aborts or the bell closes. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#closed || signal.aborted) return Promise.resolve();
    this.#stop ??= this.#store.watchKeyChanges(() => this.#ring()).catch(() => null);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }

  /** Ends every wait, now and later: the streams see it and finish (the server is closing). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#ring();
    const stop = await this.#stop;
    await stop?.();
  }

  #ring(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
