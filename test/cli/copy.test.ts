import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type ServeProcess } from './cli-process.js';

/**
 * `keyward copy` (issue 16 §4), through the real CLI: a SQLite instance with keys, usage and
 * audit is copied into an empty PostgreSQL schema, and a `keyward serve` on PostgreSQL then
 * answers for those keys exactly as the SQLite one did.
 */
const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;
const postgres = ENGINES.find((e) => e.name === 'postgres');

async function call(
  server: ServeProcess,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.runIf(postgres)('keyward copy from SQLite to PostgreSQL', { timeout: CLI_TEST_TIMEOUT }, () => {
  let from: FreshDatabase;
  let to: FreshDatabase;
  let adminKey: string;
  let live: { id: string; key: string };
  let revoked: { id: string; key: string };
  let usageBefore: unknown;

  beforeAll(async () => {
    from = sqlite.freshUrl();
    to = postgres!.freshUrl();
    const server = await startServe({ KEYWARD_DATABASE_URL: from.url, KEYWARD_USAGE_FLUSH_MS: '100' });
    try {
      adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1] ?? '';
      const project = await call(server, adminKey, 'POST', '/v1/projects', { name: 'shop', key_prefix: 'shop', max_keys_per_owner: 5 });
      expect(project.status).toBe(201);
      const made = await call(server, adminKey, 'POST', `/v1/projects/${project.body.id}/keys`, {
        name: 'customer',
        roles: ['read'],
        metadata: { plan: 'pro', tags: ['a', 'b'] },
        owner_id: 'cus_1',
        credits: { remaining: 100, refill: { amount: 100, interval: 'monthly', day_of_month: 15 } },
        allowed_ips: ['10.0.0.0/8'],
        rate_limit: { limit: 1000, window_ms: 60_000 },
      });
      expect(made.status).toBe(201);
      live = { id: made.body.id, key: made.body.key };
      const doomed = await call(server, adminKey, 'POST', `/v1/projects/${project.body.id}/keys`, { name: 'old' });
      revoked = { id: doomed.body.id, key: doomed.body.key };
      expect((await call(server, adminKey, 'DELETE', `/v1/keys/${revoked.id}`)).status).toBe(200);
      for (const body of [{ key: live.key, ip: '10.0.0.1', cost: 3 }, { key: live.key, ip: '192.0.2.1' }, { key: revoked.key }]) {
        expect((await call(server, adminKey, 'POST', '/v1/keys/verify', body)).status).toBe(200);
      }
      // Usage is flushed in batches: wait until the three outcomes are written.
      await vi.waitFor(
        async () => {
          const rows = (await call(server, adminKey, 'GET', `/v1/keys/${live.id}/usage`)).body.data;
          expect(rows.map((r: any) => r.code).sort()).toEqual(['IP_NOT_ALLOWED', 'VALID']);
        },
        { timeout: 10_000, interval: 100 },
      );
      usageBefore = (await call(server, adminKey, 'GET', `/v1/keys/${live.id}/usage`)).body;
    } finally {
      await server.stop();
    }
  }, CLI_TEST_TIMEOUT);

  afterAll(async () => {
    await from?.cleanup();
    await to?.cleanup();
  });

  /** Rows per table, read straight from each database. */
  async function counts(): Promise<{ sqlite: Record<string, number>; postgres: Record<string, number> }> {
    const file = new BetterSqlite3(from.url.slice('sqlite:'.length), { readonly: true });
    const schema = new URL(to.url).searchParams.get('schema')!;
    const client = new pg.Client({ connectionString: process.env['KEYWARD_TEST_POSTGRES_URL'] });
    await client.connect();
    try {
      const names = file
        .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
        .pluck()
        .all() as string[];
      const result = { sqlite: {} as Record<string, number>, postgres: {} as Record<string, number> };
      // key_changes and key_change_counter are SQLite's own change bookkeeping (PostgreSQL uses NOTIFY and a sequence).
      const sqliteOnly = new Set(['key_changes', 'key_change_counter']);
      for (const name of names.filter((n) => !n.startsWith('kysely_') && !sqliteOnly.has(n))) {
        result.sqlite[name] = Number(file.prepare(`select count(*) from "${name}"`).pluck().get());
        result.postgres[name] = Number((await client.query(`select count(*) as n from "${schema}"."${name}"`)).rows[0].n);
      }
      return result;
    } finally {
      file.close();
      await client.end();
    }
  }

  it('copies every table in one go, a progress line per table, and the counts match', async () => {
    const result = await runCli(['copy', '--from', from.url, '--to', to.url, '--json']);
    expect(result.stderr).toMatch(/^copied api_keys: 4 rows \(\d+\.\d s\)$/m);
    expect(result.stderr).toMatch(/^copied audit_events: \d+ rows \(/m);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.tables.map((t: any) => t.table)).toEqual(
      expect.arrayContaining(['orgs', 'projects', 'api_keys', 'audit_events', 'key_usage']),
    );
    // Parents before children: a key's org and project are there when it is inserted.
    const order = summary.tables.map((t: any) => t.table);
    expect(order.indexOf('orgs')).toBeLessThan(order.indexOf('projects'));
    expect(order.indexOf('projects')).toBeLessThan(order.indexOf('api_keys'));
    expect(order.indexOf('api_keys')).toBeLessThan(order.indexOf('key_usage'));

    const { sqlite: before, postgres: after } = await counts();
    expect(after).toEqual(before);
    expect(before['audit_events']).toBeGreaterThan(3);
    expect(before['key_usage']).toBe(3);
  });

  it('a server on PostgreSQL verifies the copied keys as the SQLite one did, and keeps minting', async () => {
    const server = await startServe({ KEYWARD_DATABASE_URL: to.url });
    try {
      // No first-start keys: the copied database is already set up.
      expect(server.startupOutput).not.toMatch(/Admin key:/);
      // Before verifying anything here: the usage read is the one written on SQLite.
      expect(usageBefore).toEqual((await call(server, adminKey, 'GET', `/v1/keys/${live.id}/usage`)).body);
      const ok = await call(server, adminKey, 'POST', '/v1/keys/verify', { key: live.key, ip: '10.9.9.9' });
      expect(ok.body).toMatchObject({
        valid: true,
        code: 'VALID',
        key_id: live.id,
        owner_id: 'cus_1',
        roles: ['read'],
        metadata: { plan: 'pro', tags: ['a', 'b'] },
        credits: { remaining: 96 },
      });
      expect((await call(server, adminKey, 'POST', '/v1/keys/verify', { key: live.key, ip: '192.0.2.1' })).body.code).toBe(
        'IP_NOT_ALLOWED',
      );
      expect((await call(server, adminKey, 'POST', '/v1/keys/verify', { key: revoked.key })).body).toMatchObject({
        valid: false,
        code: 'REVOKED',
      });
      const key = (await call(server, adminKey, 'GET', `/v1/keys/${live.id}`)).body;
      expect(key).toMatchObject({
        enabled: true,
        allowed_ips: ['10.0.0.0/8'],
        rate_limit: { limit: 1000, window_ms: 60_000, scope: 'key' },
        credits: { refill: { amount: 100, interval: 'monthly', day_of_month: 15 } },
      });
      expect(key.credits.refill_at).toMatch(/^\d{4}-\d\d-15T00:00:00\.000Z$/);

      // Sequences were moved past the copied rows: new keys and events get fresh numbers, and
      // list order (by seq) puts them first.
      const project = (await call(server, adminKey, 'GET', '/v1/projects')).body.data[0];
      const made = await call(server, adminKey, 'POST', `/v1/projects/${project.id}/keys`, { name: 'after-the-move' });
      expect(made.status).toBe(201);
      expect(made.body.key).toMatch(/^shop_/);
      const listed = (await call(server, adminKey, 'GET', `/v1/projects/${project.id}/keys?include_revoked=true`)).body.data;
      expect(listed.map((k: any) => k.name)).toEqual(['after-the-move', 'old', 'customer']);
      const audit = (await call(server, adminKey, 'GET', '/v1/audit?limit=1')).body.data[0];
      expect(audit).toMatchObject({ action: 'key.create', target: { id: made.body.id } });
    } finally {
      await server.stop();
    }
  });

  it('refuses a target that holds data, and says why', async () => {
    const again = await runCli(['copy', '--from', from.url, '--to', to.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: the target is not empty: table \S+ holds rows/m);
  });

  it('names a bad --from or --to', async () => {
    const other = sqlite.freshUrl();
    new BetterSqlite3(other.url.slice('sqlite:'.length)).exec('create table notes (body text)').close();
    const [missing, foreign, notPostgres, unreachable] = await Promise.all([
      runCli(['copy', '--from', 'sqlite:/nonexistent/keyward.db', '--to', to.url]),
      runCli(['copy', '--from', other.url, '--to', to.url]),
      runCli(['copy', '--from', from.url, '--to', 'sqlite:./other.db']),
      runCli(['copy', '--from', from.url, '--to', 'postgres://nobody@127.0.0.1:1/none']),
    ]);
    await other.cleanup();
    expect([missing.code, foreign.code, notPostgres.code, unreachable.code]).toEqual([1, 1, 1, 1]);
    expect(missing.stderr).toContain('--from: there is no SQLite database at /nonexistent/keyward.db');
    expect(foreign.stderr).toMatch(/--from: \S+ is not a Keyward database/);
    expect(notPostgres.stderr).toContain('--to must be a PostgreSQL URL');
    expect(unreachable.stderr).toContain('--to: cannot connect to PostgreSQL');
  });

  it('a copy that fails half-way leaves nothing behind, and a re-run starts clean', async () => {
    // A copy of the source with one value PostgreSQL refuses (api_keys comes after orgs,
    // projects and audit_events, which are then already inserted in the transaction).
    const broken = sqlite.freshUrl();
    const target = postgres!.freshUrl();
    const path = broken.url.slice('sqlite:'.length);
    const file = new BetterSqlite3(from.url.slice('sqlite:'.length));
    file.exec(`vacuum into '${path}'`);
    file.close();
    const edit = new BetterSqlite3(path);
    edit.prepare(`update api_keys set metadata = 'not json' where name = 'old'`).run();
    try {
      const failed = await runCli(['copy', '--from', broken.url, '--to', target.url]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/json/i);
      const client = new pg.Client({ connectionString: process.env['KEYWARD_TEST_POSTGRES_URL'] });
      await client.connect();
      try {
        const schema = new URL(target.url).searchParams.get('schema')!;
        const rows = await client.query(
          `select (select count(*) from "${schema}".orgs) + (select count(*) from "${schema}".audit_events) + (select count(*) from "${schema}".api_keys) as n`,
        );
        expect(Number(rows.rows[0].n)).toBe(0);
      } finally {
        await client.end();
      }

      edit.prepare(`update api_keys set metadata = '{}' where name = 'old'`).run();
      const again = await runCli(['copy', '--from', broken.url, '--to', target.url]);
      expect(again.stderr).toMatch(/^copied api_keys: 4 rows \(\d+\.\d s\)$/m);
      expect(again.code).toBe(0);
    } finally {
      edit.close();
      await broken.cleanup();
      await target.cleanup();
    }
  });
});
