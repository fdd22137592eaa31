/**
 * SQLite's WAL checkpoints, off the request path. By default the connection that commits the
 * 1000th page of WAL runs the checkpoint itself, fsyncs included, inside that request; key
 * creation measured about twice as slow for it. Instead the file's background thread
 * (sqlite-usage-writer.ts, which also runs the usage flush) checkpoints every
 * CHECKPOINT_EVERY_MS with a PASSIVE checkpoint (it never waits for, nor blocks, readers and
 * writers), and a last one before it stops; the serving connection only checkpoints itself
 * when the WAL passes FALLBACK_CHECKPOINT_PAGES (should that thread fall behind or fail).
 *
 * Durability is unchanged: WAL with synchronous=NORMAL, a commit is in the WAL before
 * the call returns (safe against a process crash; a power cut may lose the last commits,
 * never corrupt the file), and a checkpoint fsyncs the WAL before copying it.
 */

/** How often the WAL is copied back into the database file. */
export const CHECKPOINT_EVERY_MS = 250;

/** WAL pages after which the serving connection checkpoints by itself (40 MiB at 4 KiB pages). */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;
