import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { guardedPool } from '../../src/store/postgres/guarded-pool.js';
import { ENGINES } from '../helpers/engines.js';

const postgres = ENGINES.find((e) => e.name === 'postgres');

/**
 * pg-pool listens for a connection's 'error' only while it is idle in the pool. When the
 * server drops a connection that is checked out but between queries (mid-transaction,
 * during a restart or failover), the 'error' had no listener and killed the process; the
 * guarded pool must turn it into UNAVAILABLE on the next query and throw the client away.
 */
describe.runIf(postgres)('postgres: a connection dropped while checked out', () => {
  it('fails the next query as UNAVAILABLE, keeps the process alive, and is not reused', async () => {
    const url = process.env['KEYWARD_TEST_POSTGRES_URL']!;
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.on('error', () => {});
    // The first connection's socket closing: pg emits 'end' once it has handled the drop
    // (after the 'error' the guard must catch), so the test waits for the drop itself.
    let firstClosed: Promise<void> | undefined;
    pool.on('connect', (raw) => {
      firstClosed ??= new Promise((resolve) => raw.once('end', () => resolve()));
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const guarded = guardedPool(pool);
      const client = await guarded.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid', []);
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      // The termination reaches the socket while nothing is running on it.
      await firstClosed;
      await expect(client.query('select 1', [])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      client.release();
      // The pool opens a fresh connection rather than handing the dead one back.
      const next = await guarded.connect();
      const again = await next.query<{ pid: number }>('select pg_backend_pid() as pid', []);
      expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
      next.release();
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
