/**
 * Tells the caller that keys changed in the database, whoever changed them: the
 * verification cache of every Keyward process listens so a revoke acknowledged by one
 * instance is refused by all the others within a bound (see README, "Several instances").
 *
 * The listener receives the hashes of the changed keys, or `null` when the engine cannot
 * say which keys changed (many at once, or signals may have been missed, e.g. while a
 * connection was down): the listener must then forget everything it holds.
 *
 * With `null`, `reason` tells the two apart: `'disconnected'` means nothing is known to
 * have changed, only that signals may have been missed (the watching connection dropped,
 * or came back after a drop). The listener must then stop trusting what it holds without
 * re-reading it; the verification cache may still answer from it while the database is
 * unreachable (stale-if-error, bounded; see cache/key-cache.ts).
 */
export type KeyChangeListener = (hashes: readonly string[] | null, reason?: 'disconnected') => void;

/** Starts watching; resolves once signals flow, to a function that stops watching. */
export type WatchKeyChanges = (listener: KeyChangeListener) => Promise<() => Promise<void>>;

/** For a database no other connection can write (SQLite `:memory:`): nothing to watch. */
export const watchNothing: WatchKeyChanges = async () => async () => {};
