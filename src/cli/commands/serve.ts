import cluster from 'node:cluster';
import type { Command, CommandInput } from '../command.js';
import { UsageError } from '../command.js';
import { appliedLine, loadLocalConfig, openLocalDatabase, setUpIfEmpty } from '../local-database.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the server: the production command (`npm start` runs it too)',
  details: [
    'Applies pending migrations (logging their names), and on an empty database makes the root key,',
    'an org named "default" and its admin key, printing both keys once on stderr (the logs go to',
    'stdout). For deployments, run `keyward init --json` first instead, so no key reaches a log store.',
    'Stops gracefully on SIGTERM or SIGINT.',
    '',
    'With --workers N (or KEYWARD_WORKERS), N server processes share the port, each with its own',
    'cache kept in step by the change signals; a worker that dies is restarted. Without Redis, rate',
    'limits are counted per worker (see docs/OPERATIONS.md).',
    '',
    'Environment:',
    '  HOST, PORT               where to listen (default 127.0.0.1:8080; PORT=0 picks a free port)',
    '  KEYWARD_DATABASE_URL     sqlite:PATH (default sqlite:./keyward.db) or postgres://…',
    '  KEYWARD_PEPPER           32+ characters: hash keys with HMAC-SHA-256 under this secret',
    '  KEYWARD_LOG_LEVEL        fatal, error, warn, info (default), debug, trace or silent',
    '  KEYWARD_REDIS_URL        redis://…: share per-key rate limits and cache invalidation between instances',
    '  KEYWARD_REDIS_PREFIX     starts every Redis key and channel (default keyward; one per deployment)',
    '  KEYWARD_CACHE_SIGNALS    auto (database signals, plus Redis when set) or redis (Redis only)',
    '  KEYWARD_WEBHOOK_*        webhook delivery: ALLOW_PRIVATE, RETRY_HOURS, RETRY_BASE_MS, POLL_MS, CONCURRENCY (docs/WEBHOOKS.md)',
    '  KEYWARD_WORKERS          server processes on the port: a number (default 1) or auto (one per core)',
  ].join('\n'),
  flags: {
    workers: {
      type: 'string',
      value: 'N',
      description: 'server processes sharing the port: a number or auto (default KEYWARD_WORKERS, else 1)',
    },
  },
  async run({ env, flags }) {
    // A worker forked by `serve --workers` serves; it never forks again.
    if (cluster.isWorker) return serveOne(env, cluster.worker?.id ?? 0);
    const workers = await workersWanted(env, flags.string('workers'));
    return workers > 1 ? serveCluster(env, workers) : serveOne(env, null);
  },
};

/** --workers, else KEYWARD_WORKERS; a bad value is a UsageError naming the one given. */
async function workersWanted(env: CommandInput['env'], flag: string | undefined): Promise<number> {
  const { ConfigError, workerCount } = await import('../../config.js');
  try {
    return flag === undefined ? (await loadLocalConfig(env)).workers : workerCount('--workers', flag);
  } catch (err) {
    throw err instanceof ConfigError ? new UsageError(err.message) : err;
  }
}

/**
 * One server in this process: alone (`worker` null), or as worker `worker` of a cluster,
 * whose primary has migrated and set up the database and prints the listening line.
 */
async function serveOne(env: CommandInput['env'], worker: number | null): Promise<number> {
  // A primary that is gone (killed) hands out no more connections: drain and leave (or, still
  // starting, just leave: SIGTERM's default until closeOnSignals takes it).
  if (worker !== null) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  let applied: readonly string[] = [];
  const { config, deps } = await openLocalDatabase(env, (names) => (applied = names));
  // Imported on use, like the store: see local-database.ts.
  const { closeOnSignals, startServer } = await import('../../http/server.js');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    if (worker === null) printKeys(await setUpIfEmpty(deps));
    server = await startServer({ config, deps });
  } catch (err) {
    // Until the server owns the store, a failure here (port taken, say) must release it:
    // a pg pool left open would keep the process alive after the error is printed.
    await deps.store.close();
    throw err;
  }
  // Logged once the logger exists; a start that changed the schema must say so.
  if (applied.length > 0) server.app.log.info({ migrations: applied }, appliedLine(applied));
  closeOnSignals(server, server.app.log);
  if (worker === null) {
    process.stdout.write(`Keyward listening on ${server.url}\n`);
    return 0;
  }
  // Which worker answered (the cluster's id, not the pid): lets an operator, and the tests, tell
  // them apart. Before every other listener, so that the verify lane's answers carry it too.
  const id = String(worker);
  server.app.server.prependListener('request', (_req, res) => res.setHeader('x-keyward-worker', id));
  process.send?.({ keyward: 'listening', url: server.url });
  return 0;
}

/** The primary of `serve --workers N`: migrate and set up once, then fork and supervise. */
async function serveCluster(env: CommandInput['env'], workers: number): Promise<number> {
  let applied: readonly string[] = [];
  const { config, deps } = await openLocalDatabase(env, (names) => (applied = names));
  try {
    printKeys(await setUpIfEmpty(deps));
  } finally {
    // The workers open their own; the primary keeps no connection.
    await deps.store.close();
  }
  const { pino } = await import('pino');
  const log = pino({ level: config.logLevel });
  if (applied.length > 0) log.info({ migrations: applied }, appliedLine(applied));
  if (config.redisUrl === null) {
    log.warn(
      { workers },
      'rate limits are counted per worker without KEYWARD_REDIS_URL: a key may get up to its limit from each worker (see docs/OPERATIONS.md)',
    );
  }
  const { runCluster } = await import('../serve-cluster.js');
  const code = await runCluster({ workers, log, onListening: (url) => process.stdout.write(`Keyward listening on ${url}\n`) });
  log.info({ code }, 'every worker stopped');
  // The exit code is the primary's own: main.ts exits with it once stdout is written.
  return code;
}

/** To the terminal, not the log stream on stdout: keys must not land in a log store. */
function printKeys(setUp: Awaited<ReturnType<typeof setUpIfEmpty>>): void {
  if (setUp) process.stderr.write(`Root key: ${setUp.rootKey}\nAdmin key: ${setUp.adminKey}\n`);
}
