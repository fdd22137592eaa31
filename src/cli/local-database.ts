import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import type { Deps } from '../core/context.js';
import { KeywardError } from '../core/errors.js';
import { secretHasher } from '../core/hash-secret.js';
import { bootstrapInstance, type Bootstrap } from '../core/use-cases/bootstrap.js';
import { buildDeps, type WiredDeps } from '../deps.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { CliError, UsageError, type CommandInput } from './command.js';

/*
 * The config, store and server modules are imported on use, not at the top: they pull in
 * typebox, the database drivers and Fastify, which would add about a second to every
 * remote command (`keyward keys list`) that needs none of them.
 */

/** The server settings from the environment; a bad one is a UsageError (one line, exit 2). */
export async function loadLocalConfig(env: CommandInput['env']): Promise<Config> {
  const { loadConfig, ConfigError } = await import('../config.js');
  try {
    return loadConfig(env);
  } catch (err) {
    throw err instanceof ConfigError ? new UsageError(err.message) : err;
  }
}

/** What `serve` and `init` share: the configured database, migrated, with the core wired to it. */
export interface LocalDatabase {
  readonly config: Config;
  /** With KEYWARD_REDIS_URL, `deps.redis` is the link the server opens and closes. */
  readonly deps: WiredDeps;
}

/**
 * `onMigrated` hears the names of the migrations applied on the way (not called when the
 * schema was current), so that a start that changed the schema says so.
 */
export async function openLocalDatabase(
  env: CommandInput['env'],
  onMigrated?: (applied: readonly string[]) => void,
): Promise<LocalDatabase> {
  const config = await loadLocalConfig(env);
  const { openStore } = await import('../store/open-store.js');
  const store = await openStore(config.databaseUrl, {
    migrate: true,
    timeoutMs: config.dbTimeoutMs,
    ...(onMigrated ? { onMigrated } : {}),
  });
  return { config, deps: buildDeps(store, config) };
}

/** The one line that `migrate` prints and `serve` logs when migrations were applied. */
export const appliedLine = (applied: readonly string[]): string => `Applied migrations: ${applied.join(', ')}`;

export type ExistingDatabase = Pick<Deps, 'store' | 'clock' | 'hash'>;

/**
 * The database of an instance that is already running or ran: for the operator's recovery
 * commands, which must never create one. No migration (a wrong URL must not gain tables),
 * no cache and no Redis: they write a few rows and leave, and running servers hear of the
 * change through the database's own change signals.
 */
export async function openExistingDatabase(env: CommandInput['env']): Promise<ExistingDatabase> {
  const config = await loadLocalConfig(env);
  const location = parseDatabaseUrl(config.databaseUrl);
  if (location.engine === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    throw new CliError(
      `no database at ${location.path}: check KEYWARD_DATABASE_URL (a new instance is set up by \`keyward init\`)`,
      'NO_DATABASE',
    );
  }
  const { openStore } = await import('../store/open-store.js');
  const store = await openStore(config.databaseUrl, { timeoutMs: config.dbTimeoutMs });
  return { store, clock: systemClock, hash: secretHasher(config.pepper) };
}

/**
 * Makes the root key, an org and its admin key on an empty database; null when it is
 * already set up. The check is bootstrapInstance's own, made inside its transaction,
 * rather than a separate isInitialized() call that another instance could race.
 */
export async function setUpIfEmpty(deps: Deps, orgName?: string): Promise<Bootstrap | null> {
  try {
    return await bootstrapInstance(deps, orgName);
  } catch (err) {
    if (err instanceof KeywardError && err.code === 'CONFLICT') return null;
    throw err;
  }
}
