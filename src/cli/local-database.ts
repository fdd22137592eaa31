import type { Config } from '../config.js';
import type { Deps } from '../core/context.js';
import { KeywardError } from '../core/errors.js';
import { bootstrapInstance, type Bootstrap } from '../core/use-cases/bootstrap.js';
import { buildDeps, type WiredDeps } from '../deps.js';
import { UsageError, type CommandInput } from './command.js';

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

export async function openLocalDatabase(env: CommandInput['env']): Promise<LocalDatabase> {
  const config = await loadLocalConfig(env);
  const { openStore } = await import('../store/open-store.js');
  const store = await openStore(config.databaseUrl, { migrate: true, timeoutMs: config.dbTimeoutMs });
  return { config, deps: buildDeps(store, config) };
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
