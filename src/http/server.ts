import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import type { Deps } from '../core/context.js';
import type { WiredDeps } from '../deps.js';
import { buildApp } from './app.js';
import { trackUnusedConnections } from './unused-connections.js';
import { DEFAULT_RETRY_POLICY } from '../core/webhooks.js';
import { WebhookDeliveryLoop } from '../webhooks/delivery-loop.js';

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  /** Stops taking requests, lets in-flight ones finish, writes the last usage, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: Pick<Config, 'host' | 'port' | 'usageFlushMs' | 'logLevel'> &
    Partial<
      Pick<
        Config,
        | 'trustProxy'
        | 'cacheSignals'
        | 'webhookAllowPrivate'
        | 'webhookRetryHours'
        | 'webhookRetryBaseMs'
        | 'webhookPollMs'
        | 'webhookConcurrency'
        | 'webhookRetentionDays'
        | 'secretScanningKeys'
        | 'leakReportsPerMinute'
      >
    >;
  /** With `redis` (KEYWARD_REDIS_URL), its connections are opened before listening and closed after draining. */
  readonly deps: Deps & Partial<Pick<WiredDeps, 'redis' | 'cachedStore'>>;
  /** Defaults to JSON logs on stdout at config.logLevel. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Plain verifications beside Fastify (the default; tests turn it off to compare). */
  readonly verifyLane?: boolean;
}

/** The only place that opens a port (fastify/demo's server.ts). */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config, deps } = opts;
  const app = await buildApp({
    deps,
    logger: opts.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy ?? false,
    processMetrics: true,
    verifyLane: opts.verifyLane ?? true,
    leakReports: { scanningKeys: config.secretScanningKeys ?? [], perMinute: config.leakReportsPerMinute ?? 60 },
  });

  // One flush at a time: while the database is slow or down a flush may take up to
  // KEYWARD_DB_TIMEOUT_MS, longer than the period. A failed batch is kept and retried by the
  // next flush (UsageRecorder); the failure is logged once, and the recovery once.
  let flushing: Promise<void> | null = null;
  let failing = false;
  const flushOnce = async (): Promise<void> => {
    try {
      await deps.usage.flush(deps.store);
      if (failing) app.log.warn('usage flush succeeded again; the kept batches are written');
      failing = false;
    } catch (err) {
      // Log the failure, not the batch (key ids only, but no need).
      if (!failing) app.log.error({ err: { message: (err as Error).message } }, 'usage flush failed; will retry');
      failing = true;
    }
  };
  const flushUsage = (): Promise<void> => {
    flushing ??= flushOnce().finally(() => (flushing = null));
    return flushing;
  };
  // Verification never writes; usage is written in batches on this timer. unref: it must
  // not keep the process alive on its own.
  const timer = setInterval(() => void flushUsage(), config.usageFlushMs);
  timer.unref();

  // Webhook deliveries and expiry announcements, off the request path (src/webhooks/).
  const webhooks = new WebhookDeliveryLoop({
    store: deps.store,
    clock: deps.clock,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: config.webhookRetryBaseMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      windowMs: (config.webhookRetryHours ?? 24) * 3_600_000,
    },
    pollMs: config.webhookPollMs ?? 1000,
    concurrency: config.webhookConcurrency ?? 8,
    allowPrivate: config.webhookAllowPrivate ?? false,
    retentionMs: (config.webhookRetentionDays ?? 30) * 86_400_000,
    log: app.log,
  });

  // key.rate_limited / key.credits_low outbox inserts that failed (never the verification's answer).
  deps.keyAlerts?.logErrorsTo((err) => app.log.error({ err: { message: (err as Error).message } }, 'key alert not queued'));

  const unusedConnections = trackUnusedConnections(app.server);
  let address: string;
  try {
    // Before taking traffic: other instances' revocations must reach this cache. Redis
    // never fails this (when it is down the server starts anyway and keeps reconnecting).
    await deps.redis?.open(app.log);
    if (config.cacheSignals !== 'redis') await deps.cachedStore?.watch();
    address = await app.listen({ host: config.host, port: config.port });
    webhooks.start();
  } catch (err) {
    clearInterval(timer);
    await app.close();
    await deps.redis?.close();
    throw err;
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(timer);
      const appClosed = app.close(); // stops listening first, then waits for requests in flight
      unusedConnections.destroyAll();
      await appClosed;
      await webhooks.stop();
      await deps.keyAlerts?.settled();
      // Let a flush under way end, then write what came after it.
      await flushing;
      await flushUsage();
      await deps.redis?.close();
      await deps.store.close();
    })();
    return closing;
  };
  return { url: address, app, close };
}

/**
 * On SIGTERM or SIGINT: close once (in-flight requests finish), then exit 0. A second
 * signal while closing is ignored rather than cutting the drain short.
 */
export function closeOnSignals(server: Pick<RunningServer, 'close'>, logger: FastifyBaseLogger): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
