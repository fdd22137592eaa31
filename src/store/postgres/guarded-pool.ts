import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { asUnavailable, isUnavailableError } from '../kysely/unavailable.js';

/**
 * The pg pool as Kysely sees it, with two guards for a database that goes away:
 *
 * - a refused, dropped or timed-out connection or query is thrown as `UNAVAILABLE`
 *   (503), never as a raw driver error (500);
 * - a connection that failed that way is destroyed when released, not put back: after a
 *   client-side `query_timeout` the server may still be running the query on it, and a
 *   dropped socket is useless. The next request opens a fresh connection.
 *
 * Every query Kysely runs (transactions' BEGIN and COMMIT included) goes through here.
 */
export function guardedPool(pool: pg.Pool): PostgresPool {
  const guarded = new WeakMap<pg.PoolClient, GuardedClient>();
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw asUnavailable(err);
      }
      let g = guarded.get(client);
      if (!g) guarded.set(client, (g = new GuardedClient(client)));
      return g;
    },
    end: () => pool.end(),
  };
}

class GuardedClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  #broken: Error | null = null;

  constructor(client: pg.PoolClient) {
    this.#client = client;
    // pg-pool listens for 'error' only while a client is idle in the pool. A connection the
    // server drops while it is checked out but between queries (inside a transaction, say)
    // emits 'error' with no listener, which would kill the process: note it instead, so the
    // next query fails as UNAVAILABLE and release() destroys the client.
    client.on('error', (err) => {
      this.#broken = err;
    });
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): unknown {
    if (typeof sqlOrCursor !== 'string') return (this.#client as unknown as PostgresPoolClient).query(sqlOrCursor);
    return this.#client.query(sqlOrCursor, parameters as unknown[]).then(
      (result) => result as unknown as PostgresQueryResult<R>,
      (err: unknown) => {
        if (isUnavailableError(err)) this.#broken = err as Error;
        throw asUnavailable(err);
      },
    );
  }

  release(): void {
    const broken = this.#broken;
    this.#broken = null;
    // pg-pool destroys a client released with an error instead of reusing it.
    this.#client.release(broken ?? undefined);
  }
}
