import { afterEach } from 'vitest';
import { startServe, type ServeProcess } from '../cli/cli-process.js';
import { freshDatabaseUrl, type FreshDatabase, type TestEngine } from './engines.js';

/** An answer as the tests read it: the status, and the JSON body (null for a 204). */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

export interface TwoInstances {
  /** Started first: it set the database up, so it printed the admin key. */
  readonly a: ServeProcess;
  readonly b: ServeProcess;
  /** The first-start admin key (all org roles). */
  readonly admin: string;
  /** A request to one of the servers, as `bearer` (the admin key unless given). */
  call(server: ServeProcess, method: string, path: string, body?: unknown, bearer?: string): Promise<Answer>;
}

/**
 * Two real `keyward serve` processes on one fresh database of `engine`, for the tests of what
 * one instance's write does to the other (change signals, caps, credits, shared limits). The
 * returned `start` makes the database and starts both with `env` (KEYWARD_DATABASE_URL is
 * added); after each test both are stopped and the database deleted.
 */
export function useTwoInstances(engine: TestEngine): (env?: Record<string, string>) => Promise<TwoInstances> {
  let db: FreshDatabase | undefined;
  const servers: ServeProcess[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await db?.cleanup();
    db = undefined;
  });
  return async (env = {}) => {
    db = freshDatabaseUrl(engine);
    const withDatabase = { ...env, KEYWARD_DATABASE_URL: db.url };
    const a = await startServe(withDatabase);
    servers.push(a);
    const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
    const b = await startServe(withDatabase);
    servers.push(b);
    const call = async (server: ServeProcess, method: string, path: string, body?: unknown, bearer = admin): Promise<Answer> => {
      const res = await fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (res.status === 204 ? null : await res.json()) as Record<string, any> };
    };
    return { a, b, admin, call };
  };
}
