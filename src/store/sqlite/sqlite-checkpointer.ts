import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_EVERY_MS = 250;

/**
 * The checkpointer's thread: its own connection, a PASSIVE checkpoint on a timer (it
 * never waits for, nor blocks, readers and writers), and a last one before it stops.
 * CommonJS because an `eval` worker is one.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the request path. By default the connection that
 * commits the 1000th page of WAL runs the checkpoint itself, fsyncs included, inside that
 * request; key creation measured about twice as slow for it. Here a worker thread
 * checkpoints every 250 ms instead, and the serving connection only checkpoints itself
 * when the WAL passes `fallbackPages` (should the worker fall behind or fail).
 *
 * Durability is unchanged: WAL with synchronous=NORMAL, a commit is in the WAL before
 * the call returns (safe against a process crash; a power cut may lose the last commits,
 * never corrupt the file), and a checkpoint fsyncs the WAL before copying it.
 */
export function startCheckpointer(path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { driver, path, everyMs: CHECKPOINT_EVERY_MS } });
  // Never the reason a process stays alive; and a failed worker only means the fallback checkpoints.
  worker.unref();
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}

/** WAL pages after which the serving connection checkpoints by itself (40 MiB at 4 KiB pages). */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;
