import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import type { Store } from '../../src/core/store.js';
import { untilWriterBlocked } from '../helpers/barriers.js';
import { ENGINES } from '../helpers/engines.js';
import { projectKey, seedOrgAndProject, useFreshDatabase } from './fixtures.js';

const postgres = ENGINES.find((e) => e.name === 'postgres');

/** `count` keys of a new org's one project (each org here is new: the lock under test is per org). */
async function keysOfANewOrg(store: Store, count: number) {
  const { org, project } = await seedOrgAndProject(store);
  const keys = [];
  for (let i = 0; i < count; i++) keys.push(await store.insertKey(projectKey(org, project)));
  return keys;
}

/**
 * PostgreSQL numbers key changes at commit under an advisory lock (migration 0012), one per
 * org since 0014: changes of one org take turns, so their numbers become visible in order;
 * changes of different orgs do not wait for each other. `set constraints all immediate` runs
 * the deferred numbering trigger (and takes the lock) inside the open transaction.
 */
describe.runIf(postgres)('postgres: the order of key change numbers', () => {
  const db = useFreshDatabase(postgres!);
  const clients: pg.Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
  });

  async function session(): Promise<pg.Client> {
    const location = parseDatabaseUrl(db.url());
    if (location.engine !== 'postgres') throw new Error('not postgres');
    const client = new pg.Client({ connectionString: location.connectionString });
    await client.connect();
    await client.query(`set search_path to "${location.schema}"`);
    clients.push(client);
    return client;
  }

  /** Renames the key in an open transaction and numbers the change now, taking its org's lock. */
  async function renameAndNumber(client: pg.Client, keyId: string): Promise<void> {
    await client.query('begin');
    await client.query(`update api_keys set name = 'renamed', updated_at = now() where id = $1`, [keyId]);
    await client.query('set constraints all immediate');
  }

  const seqOf = async (client: pg.Client, keyId: string): Promise<number> =>
    Number((await client.query<{ s: string }>('select change_seq::text as s from api_keys where id = $1', [keyId])).rows[0]!.s);

  it('lets another org number its change while one org holds its lock, and makes the same org wait', async () => {
    const [a1, a2] = await keysOfANewOrg(db.store(), 2);
    const [b1] = await keysOfANewOrg(db.store(), 1);
    const [first, otherOrg, sameOrg, reader] = [await session(), await session(), await session(), await session()];

    await renameAndNumber(first, a1!.id);
    // Another org: numbered and committed while the first transaction is still open.
    await renameAndNumber(otherOrg, b1!.id);
    await otherOrg.query('commit');

    // The same org: waits for the first transaction's lock.
    let sameOrgNumbered = false;
    const waiting = renameAndNumber(sameOrg, a2!.id).then(() => (sameOrgNumbered = true));
    await untilWriterBlocked(db.url());
    expect(sameOrgNumbered).toBe(false);
    await first.query('commit');
    await waiting;
    await sameOrg.query('commit');

    // Within the org, the later commit has the larger number.
    expect(await seqOf(reader, a2!.id)).toBeGreaterThan(await seqOf(reader, a1!.id));
  });
});
