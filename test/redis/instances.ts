import { afterEach, expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { buildDeps, type WiredDeps } from '../../src/deps.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open-store.js';
import { LogCapture } from '../http/log-capture.js';
import type { FreshDatabase } from '../helpers/engines.js';

export const DAY_MS = 86_400_000;
export type Wire = Record<string, any>;

export interface Instance {
  readonly server: RunningServer;
  readonly deps: WiredDeps;
  readonly logs: LogCapture;
}

export interface InstanceOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly cacheSignals?: Config['cacheSignals'];
}

/**
 * In-process servers (startServer, as `keyward serve` runs it, logs captured) on one
 * database, each with its own store, cache and Redis link; closed, and the database
 * removed, after each test. The cache TTL is ten minutes: only signals refresh it.
 */
export function useInstances(): (db: FreshDatabase, options: InstanceOptions) => Promise<Instance> {
  let database: FreshDatabase | undefined;
  const running: Instance[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((i) => i.server.close()));
    await database?.cleanup();
    database = undefined;
  });
  return async (db, options) => {
    database = db;
    const store = await openStore(db.url, { migrate: true });
    const deps = buildDeps(store, { pepper: null, cacheTtlMs: 600_000, redisUrl: options.redisUrl, redisPrefix: options.prefix });
    const logs = new LogCapture();
    const config = {
      host: '127.0.0.1',
      port: 0,
      usageFlushMs: 50,
      logLevel: 'info',
      cacheSignals: options.cacheSignals ?? 'auto',
    } as const;
    const server = await startServer({ config, deps, logger: { level: 'info', stream: logs } });
    const instance = { server, deps, logs };
    running.push(instance);
    return instance;
  };
}

/** One API call; anything but a 2xx fails the test. */
export async function call(i: Instance, bearer: string, method: string, path: string, body?: unknown): Promise<Wire> {
  const res = await fetch(i.server.url + path, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.status === 204 ? {} : ((await res.json()) as Wire);
}
