import type { Command } from '../command.js';
import { appliedLine, openLocalDatabase, setUpIfEmpty } from '../local-database.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the server: the production command (`npm start` runs it too)',
  details: [
    'Applies pending migrations (logging their names), and on an empty database makes the root key,',
    'an org named "default" and its admin key, printing both keys once on stderr (the logs go to',
    'stdout). For deployments, run `keyward init --json` first instead, so no key reaches a log store.',
    'Stops gracefully on SIGTERM or SIGINT.',
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
  ].join('\n'),
  flags: {},
  async run({ env }) {
    let applied: readonly string[] = [];
    const { config, deps } = await openLocalDatabase(env, (names) => (applied = names));
    // Imported on use, like the store: see local-database.ts.
    const { closeOnSignals, startServer } = await import('../../http/server.js');
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      const setUp = await setUpIfEmpty(deps);
      // To the terminal, not the log stream on stdout: keys must not land in a log store.
      if (setUp) process.stderr.write(`Root key: ${setUp.rootKey}\nAdmin key: ${setUp.adminKey}\n`);
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
    process.stdout.write(`Keyward listening on ${server.url}\n`);
    return 0;
  },
};
