import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * `keyward serve --workers N`: the primary process's side. It forks N copies of `serve`
 * (node:cluster; they share the port, the primary handing out connections), restarts one
 * that dies, and on SIGTERM or SIGINT drains them all before it exits. It serves nothing
 * itself: migrations and the first start's keys are done before it forks (serve.ts).
 *
 * Each worker is a whole instance with its own verification cache, kept in step by the
 * same change signals as separate instances (the database's, and Redis when set): a change
 * made through one worker reaches its siblings that way, never through the primary.
 */

/** What a worker tells the primary once it listens (serve.ts `serveOne`). */
export interface ListeningMessage {
  readonly keyward: 'listening';
  readonly url: string;
}

export const isListeningMessage = (m: unknown): m is ListeningMessage =>
  typeof m === 'object' && m !== null && (m as { keyward?: unknown }).keyward === 'listening';

/** A worker that lived at least this long before dying was not crash-looping: the next restart is immediate. */
const STABLE_MS = 10_000;
/** Restarts of workers that keep dying young wait 100 ms, 200 ms, … up to 10 s, so a crash loop does not spin. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;

export function restartDelayMs(quickDeaths: number): number {
  return quickDeaths <= 0 ? 0 : Math.min(FIRST_BACKOFF_MS * 2 ** (quickDeaths - 1), MAX_BACKOFF_MS);
}

export interface ClusterOptions {
  readonly workers: number;
  /** The primary's own log (JSON lines on stdout, like the workers'). */
  readonly log: Logger;
  /** Printed once, when the first worker listens (the line `serve` prints when it serves alone). */
  readonly onListening: (url: string) => void;
}

/** Forks the workers and supervises them; resolves with the exit code once they have all stopped. */
export function runCluster(options: ClusterOptions): Promise<number> {
  const { log } = options;
  const started = new Map<Worker, number>();
  const restarts = new Set<NodeJS.Timeout>();
  let quickDeaths = 0;
  let anyListened = false;
  let stopping = false;
  let failed = false;

  return new Promise((resolve) => {
    const fork = (): void => {
      const worker = cluster.fork();
      started.set(worker, Date.now());
      log.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker started');
      worker.on('message', (message: unknown) => {
        if (!isListeningMessage(message) || anyListened) return;
        anyListened = true;
        options.onListening(message.url);
      });
    };

    const stopAll = (): void => {
      stopping = true;
      for (const timer of restarts) clearTimeout(timer);
      restarts.clear();
      // Each worker closes its server (in-flight requests finish), writes its usage and exits.
      for (const worker of started.keys()) if (!worker.isDead()) worker.process.kill('SIGTERM');
      if (started.size === 0) finish();
    };

    const finish = (): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      cluster.off('exit', onExit);
      resolve(failed ? 1 : 0);
    };

    const onExit = (worker: Worker, code: number | null, signal: string | null): void => {
      const born = started.get(worker) ?? Date.now();
      started.delete(worker);
      if (stopping) {
        if (code !== 0) {
          failed = true;
          log.error({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'worker did not stop cleanly');
        }
        if (started.size === 0) finish();
        return;
      }
      if (!anyListened) {
        // None has ever served (a taken port, a bad database): restarting would only fail again.
        failed = true;
        log.error({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'a worker failed to start; stopping');
        stopAll();
        return;
      }
      quickDeaths = Date.now() - born < STABLE_MS ? quickDeaths + 1 : 0;
      const delay = restartDelayMs(quickDeaths);
      log.error({ worker: worker.id, workerPid: worker.process.pid, code, signal, restartInMs: delay }, 'worker exited; restarting it');
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!stopping) fork();
      }, delay);
      restarts.add(timer);
    };

    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      log.info({ signal, workers: started.size }, 'shutting down: draining every worker');
      stopAll();
    };

    cluster.on('exit', onExit);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    for (let i = 0; i < options.workers; i++) fork();
  });
}
