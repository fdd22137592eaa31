import type { KeyChangeListener } from '../core/store.js';

/** Starts watching; resolves once signals flow, to a function that stops watching. */
export type WatchKeyChanges = (listener: KeyChangeListener) => Promise<() => Promise<void>>;

/** For a database no other connection can write (SQLite `:memory:`): nothing to watch. */
export const watchNothing: WatchKeyChanges = async () => async () => {};
