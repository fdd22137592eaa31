/**
 * Tells the caller that keys changed in the database, whoever changed them: the
 * verification cache of every Keyward process listens so a revoke acknowledged by one
 * instance is refused by all the others within a bound (see README, "Several instances").
 *
 * The listener receives the hashes of the changed keys, or `null` when the engine cannot
 * say which keys changed (many at once, or signals may have been missed, e.g. while a
 * connection was down): the listener must then forget everything it holds.
 */
export type KeyChangeListener = (hashes: readonly string[] | null) => void;

/** Starts watching; resolves once signals flow, to a function that stops watching. */
export type WatchKeyChanges = (listener: KeyChangeListener) => Promise<() => Promise<void>>;

/** For a database no other connection can write (SQLite `:memory:`): nothing to watch. */
export const watchNothing: WatchKeyChanges = async () => async () => {};
