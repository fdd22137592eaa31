import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { startServe, type ServeProcess } from '../cli/cli-process.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';

/**
 * What the fault suites share: a first server that sets the database up, a small HTTP
 * client that reports network failures instead of throwing (a killed server is part of
 * the test), and the database's own invariants.
 */

/** The environment every fault test's servers share: abuse limits off (the load comes from one address). */
export const SERVER_ENV: Readonly<Record<string, string>> = {
  KEYWARD_MANAGEMENT_CALLS_PER_IP: '0',
  KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL: '0',
  KEYWARD_AUTH_FAILURES_PER_IP: '0',
  KEYWARD_AUTH_FAILURES_PER_CREDENTIAL: '0',
};

/**
 * Starts the first server on an empty database: it sets the database up and prints the
 * admin key once, as `keyward init` would (one process start fewer: each costs seconds
 * on a loaded machine).
 */
export async function startFirstServer(env: Readonly<Record<string, string>>): Promise<{ server: ServeProcess; adminKey: string }> {
  const server = await startServe(env);
  const adminKey = /^Admin key: (\S+)$/m.exec(server.startupOutput)?.[1];
  if (!adminKey) {
    await server.stop();
    throw new Error('the first server printed no admin key: the database was not empty');
  }
  return { server, adminKey };
}

export interface Answer {
  /** 0 when no HTTP answer came (connection refused or reset, or the client gave up). */
  readonly status: number;
  readonly body: Record<string, any>;
  readonly headers: Headers | null;
  /** How long the request took, for the report (never asserted tightly). */
  readonly ms: number;
}

/** One request; a network failure is `status: 0`, never an exception. `giveUpMs` bounds a hang. */
export async function call(baseUrl: string, key: string, method: string, path: string, body?: unknown, giveUpMs = 30_000): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(giveUpMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Record<string, any>) : {},
      headers: res.headers,
      ms: performance.now() - started,
    };
  } catch {
    return { status: 0, body: {}, headers: null, ms: performance.now() - started };
  }
}

/** The verify code of `key` as seen by the server at `baseUrl` (asserting the call itself succeeded). */
export async function verifyCode(baseUrl: string, verifierKey: string, key: string): Promise<string> {
  const res = await call(baseUrl, verifierKey, 'POST', '/v1/keys/verify', { key });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body['code'] as string;
}

/** Runs SQL against the test database, whichever engine it is. */
export async function withDatabase<T>(databaseUrl: string, work: (query: (text: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine === 'sqlite') {
    const db = new BetterSqlite3(location.path, { fileMustExist: true });
    try {
      return await work(async (text) => db.prepare(text).all());
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({
    connectionString: location.connectionString,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  await client.connect();
  try {
    return await work(async (text) => (await client.query(text)).rows);
  } finally {
    await client.end();
  }
}

/**
 * The database's consistency after a crash: the engine's own check (SQLite
 * integrity_check and foreign_key_check), then Keyward's row invariants on both engines,
 * which say that no write was half done: every org and project key has its parents (in
 * the same org) and its creation event, every audit event about a key names a key that
 * exists, every key revoked through the API has the event that did it, and every
 * `key.revoke` event's key is revoked (a change and its event share one transaction).
 */
export async function expectConsistentDatabase(databaseUrl: string): Promise<void> {
  await withDatabase(databaseUrl, async (query) => {
    if (parseDatabaseUrl(databaseUrl).engine === 'sqlite') {
      expect(await query('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await query('pragma foreign_key_check')).toEqual([]);
    }
    const violations: Record<string, string> = {
      'org key without its org': `select k.id from api_keys k left join orgs o on o.id = k.org_id
         where k.kind in ('org', 'project') and o.id is null`,
      'project key without its project in the same org': `select k.id from api_keys k left join projects p on p.id = k.project_id
         where k.kind = 'project' and (p.id is null or p.org_id <> k.org_id)`,
      'project without its org': `select p.id from projects p left join orgs o on o.id = p.org_id where o.id is null`,
      'key without its key.create event': `select k.id from api_keys k where k.kind in ('org', 'project')
         and not exists (select 1 from audit_events a where a.target_id = k.id and a.action = 'key.create')`,
      'key event naming no key': `select a.id from audit_events a where a.target_type = 'key'
         and not exists (select 1 from api_keys k where k.id = a.target_id)`,
      'revoked key without the event that revoked it': `select k.id from api_keys k where k.revoked_at is not null
         and k.kind in ('org', 'project')
         and not exists (select 1 from audit_events a where a.target_id = k.id and a.action in ('key.revoke', 'key.roll'))`,
      'key.revoke event of a key that is not revoked': `select a.id from audit_events a join api_keys k on k.id = a.target_id
         where a.action = 'key.revoke' and k.revoked_at is null`,
      'key.roll event of a key with no revocation date': `select a.id from audit_events a join api_keys k on k.id = a.target_id
         where a.action = 'key.roll' and k.revoked_at is null`,
      'two live root keys': `select count(*) as n from api_keys where kind = 'root' having count(*) > 1`,
    };
    for (const [what, sql] of Object.entries(violations)) expect(await query(sql), what).toEqual([]);
  });
}
