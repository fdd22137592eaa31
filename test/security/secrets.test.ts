import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../../src/deps.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';
import { startServe } from '../cli/cli-process.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';
import { LogCapture } from '../http/log-capture.js';
import { leaksIn, needlesFor, postgresDump, sqliteBytes } from './secrets-search.js';

/**
 * Secrets at rest and in logs. A real listening server with its real logger at debug
 * level mints keys in every format (native project and org keys, rolls, and each dialect's),
 * verifies valid and invalid ones, and is sent keys where they do not belong (headers,
 * bodies, unknown fields, corrupted credentials). Then every raw key, and its random part,
 * is searched for in the database (the SQLite file and WAL bytes; a pg_dump), all log
 * output, the audit log read through the API, and every response except the one that
 * legitimately shows it once. The pepper is searched for everywhere too.
 */

/** The store, counting its usage writes under way and done (the usage flush's), to see them land. */
function usageWritesCounted(store: Store, writes: { running: number; done: number }): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'recordUsage') {
        return (batch: Parameters<Store['recordUsage']>[0]) => {
          writes.running++;
          return target.recordUsage(batch).then(
            (result) => (writes.running--, writes.done++, result),
            (err: unknown) => {
              writes.running--;
              throw err;
            },
          );
        };
      }
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface Answer {
  readonly label: string;
  readonly status: number;
  /** Headers and body as received. */
  readonly text: string;
  /** The key this answer legitimately shows (a create or roll), if any. */
  readonly shows: string | null;
}

const PEPPER = `pepper-${randomBytes(24).toString('hex')}`;

for (const engine of ENGINES) {
  describe(`${engine.name}: no raw key or pepper at rest, in logs or in answers`, () => {
    const logs = new LogCapture();
    const answers: Answer[] = [];
    /** label → needles; one entry per raw key minted. */
    const secrets = new Map<string, string[]>();
    let db: FreshDatabase;
    let server: RunningServer;
    let rootKey: string;
    let adminKey: string;
    let orgId: string;
    let atRestWhileRunning = '';

    const remember = (label: string, key: string): string => {
      expect(typeof key, `${label} minted no key`).toBe('string');
      secrets.set(label, needlesFor(key));
      return key;
    };

    /** One HTTP call; `shows` picks the raw key out of a successful answer that legitimately carries one. */
    async function call(
      label: string,
      method: string,
      path: string,
      opts: { headers?: Record<string, string>; body?: unknown; shows?: (body: any) => string } = {},
    ): Promise<any> {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
        ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
      });
      const text = await res.text();
      const body = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
      const shows = opts.shows && res.ok ? remember(label, opts.shows(body)) : null;
      answers.push({ label, status: res.status, text: `${JSON.stringify([...res.headers])}\n${text}`, shows });
      return body;
    }
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    /** The key with one character of its random part changed. */
    const corrupt = (key: string) => key.slice(0, 12) + (key[12] === 'a' ? 'b' : 'a') + key.slice(13);

    beforeAll(async () => {
      db = engine.freshUrl();
      const store = await openStore(db.url, { migrate: true });
      const usageWrites = { running: 0, done: 0 };
      const deps = buildDeps(usageWritesCounted(store, usageWrites), { pepper: PEPPER, ...NO_ABUSE_LIMITS });
      const boot = await bootstrapInstance(deps);
      rootKey = remember('root key', boot.rootKey);
      adminKey = remember('admin key', boot.adminKey);
      orgId = boot.orgId;
      server = await startServer({
        config: { host: '127.0.0.1', port: 0, usageFlushMs: 100, logLevel: 'debug' },
        deps,
        logger: { level: 'debug', stream: logs },
      });
      await exercise();
      // The usage flush (every 100 ms) has written the last-used times and counts: nothing is
      // pending in the recorder, no write is under way, and one has landed. Then the database
      // is read while the server runs.
      await vi.waitFor(
        () =>
          expect({ pending: deps.usage.pending, ...usageWrites, done: usageWrites.done > 0 }).toEqual({
            pending: 0,
            running: 0,
            done: true,
          }),
        { timeout: 10_000, interval: 10 },
      );
      if (engine.name === 'sqlite') atRestWhileRunning = await sqliteBytes(db.url);
      await server.close();
    }, 60_000);
    afterAll(async () => {
      await db?.cleanup();
    });

    async function exercise(): Promise<void> {
      const admin = bearer(adminKey);
      await call('second org', 'POST', '/v1/orgs', { headers: bearer(rootKey), body: { name: 'second' }, shows: (b) => b.admin_key.key });
      const project = (await call('project', 'POST', '/v1/projects', { headers: admin, body: { name: 'p' } })).id as string;
      const projectKeys: { id: string; key: string }[] = [];
      for (let i = 0; i < 5; i++) {
        const b = await call(`project key ${i}`, 'POST', `/v1/projects/${project}/keys`, {
          headers: admin,
          body: { name: `k${i}` },
          shows: (x) => x.key,
        });
        projectKeys.push({ id: b.id, key: b.key });
      }
      for (const roles of [['keys:verify'], ['keys:read', 'keys:write'], ['admin']]) {
        await call(`org key ${roles}`, 'POST', '/v1/org/keys', { headers: admin, body: { name: 'o', roles }, shows: (x) => x.key });
      }
      for (const [i, k] of projectKeys.slice(0, 2).entries()) {
        const b = await call(`rolled ${i}`, 'POST', `/v1/keys/${k.id}/roll`, {
          headers: admin,
          body: { grace_seconds: 60 },
          shows: (x) => x.key,
        });
        projectKeys.push({ id: b.id, key: b.key });
      }
      await call('revoke', 'DELETE', `/v1/keys/${projectKeys[2]!.id}`, { headers: admin });

      // Dialects: each format, minted where its platform mints it.
      await call('langtrace project key', 'POST', `/compat/langtrace/api/api-key?project_id=${project}`, {
        headers: { 'x-api-key': adminKey },
        shows: (b) => b.apiKey,
      });
      await call('langtrace replacement', 'POST', `/compat/langtrace/api/api-key?project_id=${project}`, {
        headers: { 'x-api-key': adminKey },
        shows: (b) => b.apiKey,
      });
      await call('langtrace team key', 'POST', `/compat/langtrace/api/api-key?team_id=${orgId}`, {
        headers: { 'x-api-key': adminKey },
        shows: (b) => b.apiKey,
      });
      const basic = await call('basic key', 'POST', `/compat/basic/project/${project}/key`, {
        headers: admin,
        body: { label: 'b', roles: 'read' },
        shows: (b) => b.key.value,
      });
      const basicKey = basic.key.value as string;
      const confident = await call('confident project key', 'POST', '/compat/confident/v1/projects', {
        headers: { confident_api_key: adminKey },
        body: { name: 'c' },
        shows: (b) => b.data.apiKey.value,
      });
      await call('confident key', 'POST', `/compat/confident/v1/projects/${confident.data.project.id}/api-keys`, {
        headers: { confident_api_key: adminKey },
        body: { name: 'c2' },
        shows: (b) => b.data.apiKey.value,
      });
      await call('braintrust key', 'POST', '/compat/braintrust/v1/api_key', { headers: admin, body: { name: 'bt' }, shows: (b) => b.key });
      await call('openlayer key', 'POST', `/compat/openlayer/v1/workspaces/${orgId}/api-keys`, {
        headers: admin,
        body: { name: 'ol' },
        shows: (b) => b.secureKey,
      });

      // Verification, valid and invalid, of every key minted so far.
      const all = [...secrets.entries()];
      const raw = [...projectKeys.map((k) => k.key), basicKey];
      for (const key of raw) {
        await call('verify', 'POST', '/v1/keys/verify', { headers: admin, body: { key } });
        await call('verify corrupted', 'POST', '/v1/keys/verify', { headers: admin, body: { key: corrupt(key) } });
      }
      await call('basic verify', 'POST', `/compat/basic/project/${project}/key/verify`, {
        headers: admin,
        body: { key: basicKey, key_id: basic.key.id },
      });
      await call('basic verify wrong', 'POST', `/compat/basic/project/${project}/key/verify`, {
        headers: admin,
        body: { key: corrupt(basicKey), key_id: basic.key.id },
      });
      expect(all.length).toBeGreaterThan(15);

      // Keys where they do not belong: error paths must not echo them.
      const k = projectKeys[0]!.key;
      await call('key as credential, corrupted', 'GET', '/v1/whoami', { headers: bearer(corrupt(adminKey)) });
      await call('revoked key as credential', 'GET', '/v1/whoami', { headers: bearer(projectKeys[2]!.key) });
      await call('project key as credential', 'GET', '/v1/projects', { headers: bearer(k) });
      await call('key in other headers', 'GET', '/v1/whoami', {
        headers: { ...admin, 'x-api-key': k, confident_api_key: k, cookie: `session=${k}` },
      });
      await call('key in an extra field', 'POST', '/v1/keys/verify', { headers: admin, body: { key: k, extra: k } });
      await call('key as a field name', 'POST', '/v1/keys/verify', { headers: admin, body: { key: 'x', [k]: 'pasted' } });
      await call('key as a wrong type', 'POST', '/v1/projects', { headers: admin, body: { name: 42, description: { k } } });
      await call('key as an org role', 'POST', '/v1/org/keys', { headers: admin, body: { name: 'x', roles: [k] } });
      await call('key in bad JSON', 'POST', '/v1/keys/verify', { headers: admin, body: `{"key":"${k}",` });
      await call('key in a non-JSON body', 'POST', '/v1/keys/verify', { headers: { ...admin, 'content-type': 'text/plain' }, body: k });
      await call('key in x-request-id', 'GET', '/v1/whoami', { headers: { ...admin, 'x-request-id': k } });
      await call('langtrace corrupted', 'POST', `/compat/langtrace/api/api-key?project_id=${project}`, {
        headers: { 'x-api-key': corrupt(adminKey) },
      });
      await call('confident with a project key', 'GET', '/compat/confident/v1/projects', { headers: { confident_api_key: k } });
      await call('braintrust corrupted', 'GET', '/compat/braintrust/v1/api_key', { headers: bearer(corrupt(adminKey)) });
      await call('openlayer corrupted', 'POST', `/compat/openlayer/v1/workspaces/${orgId}/api-keys`, {
        headers: bearer(corrupt(adminKey)),
        body: {},
      });
      await call('basic verify key as id', 'POST', `/compat/basic/project/${project}/key/verify`, {
        headers: admin,
        body: { key: k, key_id: k },
      });

      // What a reader sees later: lists, usage, the audit log (every page).
      await call('project keys', 'GET', `/v1/projects/${project}/keys?include_revoked=true&limit=100`, { headers: admin });
      await call('org keys', 'GET', '/v1/org/keys?limit=100', { headers: admin });
      await call('usage', 'GET', `/v1/projects/${project}/usage`, { headers: admin });
      let cursor: string | null = null;
      do {
        const page: any = await call('audit', 'GET', `/v1/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: admin });
        cursor = page.next_cursor ?? null;
      } while (cursor);
      await call('metrics', 'GET', '/metrics');
    }

    const withPepper = () => new Map([...secrets, ['pepper', [PEPPER]]]);

    it('minted keys in every format and exercised the error paths', () => {
      expect(secrets.size).toBeGreaterThanOrEqual(20);
      expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThanOrEqual(12);
      // The logs were written at debug level (request lines included), so the search below means something.
      expect(logs.lines.length).toBeGreaterThan(50);
      expect(logs.text).toContain('"msg":"incoming request"');
    });

    it('never shows a key in an answer except the one create or roll that returns it', () => {
      const leaks = answers.flatMap((a) =>
        leaksIn(a.text, withPepper())
          .filter((label) => a.shows === null || label !== a.label)
          .map((label) => `${a.label} (${a.status}) shows ${label}`),
      );
      expect(leaks).toEqual([]);
    });

    it('writes no key and no pepper to any log line', () => {
      expect(leaksIn(logs.text, withPepper())).toEqual([]);
    });

    it('stores no key and no pepper in the database (file and WAL bytes, or pg_dump)', async () => {
      const dump = engine.name === 'sqlite' ? `${atRestWhileRunning}\n${await sqliteBytes(db.url)}` : await postgresDump(db.url);
      // The dump really holds the data (the org, the project names), so a miss means something.
      expect(dump).toContain(orgId);
      expect(dump).toContain('key.create');
      expect(dump.length).toBeGreaterThan(10_000);
      expect(leaksIn(dump, withPepper())).toEqual([]);
    });
  });
}

describe('keyward serve (a real process at debug level)', () => {
  it('prints neither the pepper nor a key it is sent', async () => {
    const db = ENGINES[0]!.freshUrl();
    const serve = await startServe({ KEYWARD_DATABASE_URL: db.url, KEYWARD_PEPPER: PEPPER, KEYWARD_LOG_LEVEL: 'debug' });
    try {
      const fake = 'kw_org_' + 'A'.repeat(43) + '_AAAAAA';
      await fetch(`${serve.url}/v1/whoami`, { headers: { authorization: `Bearer ${fake}` } });
      await fetch(`${serve.url}/v1/keys/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: fake }),
      });
      const out = await serve.stop();
      const printed = serve.startupOutput + out.stdout + out.stderr;
      expect(printed).toContain('"msg":"incoming request"');
      expect(printed).not.toContain(PEPPER);
      expect(printed).not.toContain('A'.repeat(43));
    } finally {
      await db.cleanup();
    }
  }, 90_000);
});
