import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../packages/client/src/errors.js';
import { startLocalVerifier, type LocalTransport, type LocalVerifier } from '../../packages/client/src/local/index.js';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { transportFor } from './local-transport.js';

/** How long a change may take to reach a local verifier here: generous for a loaded machine; the bench measures the real delay. */
const BOUND_MS = 5000;

type Wire = Record<string, any>;

/**
 * Local verifiers against real `keyward serve` processes on both engines: every way a key
 * stops being usable reaches them, a restart or a cut stream loses no change, an org's
 * replica hears nothing of another org, and a stale replica goes to the server, then fails
 * closed.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: local verifier`, { timeout: 4 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    const servers: ServeProcess[] = [];
    const verifiers: LocalVerifier[] = [];
    afterEach(async () => {
      await Promise.all(verifiers.splice(0).map((v) => v.close()));
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      await db.cleanup();
    });

    const serve = async (extra: Record<string, string> = {}) => {
      const s = await startServe({ KEYWARD_DATABASE_URL: db.url, ...extra });
      servers.push(s);
      return s;
    };
    const start = async (transport: LocalTransport, options: Parameters<typeof startLocalVerifier>[1] = {}) => {
      const v = await startLocalVerifier(transport, options);
      verifiers.push(v);
      return v;
    };
    const caller = (url: () => string, key: string) => async (method: string, path: string, body?: unknown) => {
      const res = await fetch(url() + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      return res.status === 204 ? {} : ((await res.json()) as Wire);
    };
    /** Verifies until the answer is no longer VALID (it must be VALID first), within the bound. */
    const refusedWithin = async (v: LocalVerifier, key: string, change: () => Promise<unknown>): Promise<string> => {
      expect((await v.verify(key)).code).toBe('VALID');
      await change();
      const since = Date.now();
      let code = (await v.verify(key)).code;
      while (code === 'VALID') {
        expect(Date.now() - since, 'still VALID on the local verifier').toBeLessThan(BOUND_MS);
        await new Promise((r) => setTimeout(r, 5));
        code = (await v.verify(key)).code;
      }
      return code;
    };

    it('refuses a revoked, disabled, expired, rolled (grace over) and project-deleted key within the bound, and a new key is heard', async () => {
      db = freshDatabaseUrl(engine);
      const a = await serve();
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const call = caller(() => a.url, admin);
      const project = await call('POST', '/v1/projects', { name: 'local' });
      const mint = (body: Wire = {}) => call('POST', `/v1/projects/${project['id']}/keys`, { name: 'k', roles: ['read'], ...body });
      const before = await mint();
      const v = await start(transportFor(a.url, admin));

      // A key from the snapshot, then keys minted after it: inserts reach the stream.
      expect(await v.verify(before['key'])).toMatchObject({ valid: true, code: 'VALID', key_id: before['id'], roles: ['read'] });
      expect((await v.verify(before['key'], { roles: ['write'] })).code).toBe('INSUFFICIENT_ROLES');
      const heard = async (key: string) => {
        const since = Date.now();
        while ((await v.verify(key)).code === 'NOT_FOUND') {
          expect(Date.now() - since, 'a new key never reached the local verifier').toBeLessThan(BOUND_MS);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      const revoked = await mint();
      await heard(revoked['key']);
      expect(await refusedWithin(v, revoked['key'], () => call('DELETE', `/v1/keys/${revoked['id']}`))).toBe('REVOKED');

      const disabled = await mint();
      await heard(disabled['key']);
      expect(await refusedWithin(v, disabled['key'], () => call('PATCH', `/v1/keys/${disabled['id']}`, { enabled: false }))).toBe(
        'DISABLED',
      );

      const expiring = await mint({ expires_at: new Date(Date.now() + 1500).toISOString() });
      await heard(expiring['key']);
      expect(await refusedWithin(v, expiring['key'], async () => undefined)).toBe('EXPIRED');

      const rolled = await mint();
      await heard(rolled['key']);
      let successor: Wire = {};
      expect(
        await refusedWithin(v, rolled['key'], async () => {
          successor = await call('POST', `/v1/keys/${rolled['id']}/roll`, { grace_seconds: 1 });
        }),
      ).toBe('REVOKED');
      await heard(successor['key']);
      expect((await v.verify(successor['key'])).code).toBe('VALID');

      expect(await refusedWithin(v, before['key'], () => call('DELETE', `/v1/projects/${project['id']}`))).toBe('REVOKED');
    });

    it('resumes from its last change after a dropped stream and after a server restart, losing no change made meanwhile', async () => {
      db = freshDatabaseUrl(engine);
      const a = await serve();
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const b = await serve();
      const viaB = caller(() => b.url, admin);
      const project = await viaB('POST', '/v1/projects', { name: 'resume' });
      const mint = () => viaB('POST', `/v1/projects/${project['id']}/keys`, { name: 'k' });
      const first = await mint();
      const second = await mint();

      // A transport whose streams the test can cut, recording the URLs they were opened with.
      const streams: string[] = [];
      const cuts = new Set<AbortController>();
      const base = transportFor(a.url, admin);
      const transport: LocalTransport = {
        ...base,
        fetch: (input, init) => {
          const url = String(input);
          if (!url.includes('/v1/keys/stream')) return fetch(input, init);
          streams.push(url);
          const cut = new AbortController();
          cuts.add(cut);
          const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
          return fetch(input, { ...init, signal });
        },
      };
      const v = await start(transport);
      expect((await v.verify(first['key'])).code).toBe('VALID');

      // A cut stream: the revoke lands while it reconnects, and the resume (after=…) brings it.
      for (const c of cuts) c.abort();
      expect(await refusedWithin(v, first['key'], () => viaB('DELETE', `/v1/keys/${first['id']}`))).toBe('REVOKED');
      expect(streams.length).toBeGreaterThan(1);
      expect(streams[streams.length - 1]).toMatch(/[?&]after=[1-9]/);

      // A crash of the server it follows; the key is revoked through the other one while it is down.
      const port = new URL(a.url).port;
      await a.kill();
      servers.splice(servers.indexOf(a), 1);
      expect((await v.verify(second['key'])).code).toBe('VALID');
      await viaB('DELETE', `/v1/keys/${second['id']}`);
      const opened = streams.length;
      await serve({ PORT: port });
      const since = Date.now();
      while ((await v.verify(second['key'])).code === 'VALID') {
        expect(Date.now() - since, 'the revoke made while the server was down never arrived').toBeLessThan(3 * BOUND_MS);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect((await v.verify(second['key'])).code).toBe('REVOKED');
      expect(streams.length).toBeGreaterThan(opened);
      expect(streams[streams.length - 1]).toMatch(/[?&]after=[1-9]/);
    });

    it("a replica of one org never receives another org's records, and its verifications reach the usage chart", async () => {
      db = freshDatabaseUrl(engine);
      const a = await serve({ KEYWARD_USAGE_FLUSH_MS: '100' });
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const root = /^Root key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const call = caller(() => a.url, admin);
      const other = await caller(() => a.url, root)('POST', '/v1/orgs', { name: 'other' });
      const otherCall = caller(() => a.url, other['admin_key'].key);
      const otherProject = await otherCall('POST', '/v1/projects', { name: 'theirs' });
      const theirs = await otherCall('POST', `/v1/projects/${otherProject['id']}/keys`, { name: 'theirs' });
      const project = await call('POST', '/v1/projects', { name: 'ours' });
      const ours = await call('POST', `/v1/projects/${project['id']}/keys`, { name: 'ours' });

      // The stream itself, read raw: only this org's keys, and no secret of any kind.
      const res = await fetch(`${a.url}/v1/keys/stream`, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('"type":"synced"')) text += (await reader.read()).value ?? '';
      await reader.cancel();
      const lines = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Wire);
      const ids = lines.flatMap((l) => (l['type'] === 'keys' ? (l['keys'] as Wire[]).map((k) => k['id']) : []));
      expect(ids).toContain(ours['id']);
      expect(ids).not.toContain(theirs['id']);
      expect(lines[0]).toMatchObject({ type: 'hello', org_id: expect.any(String), local: true, reset: true });
      for (const secret of [ours['key'], theirs['key'], admin, root]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"hash"/);

      const v = await start(transportFor(a.url, admin));
      expect((await v.verify(theirs['key'])).code).toBe('NOT_FOUND');
      for (let i = 0; i < 7; i++) expect((await v.verify(ours['key'])).code).toBe('VALID');
      await v.close();
      // The report reached the server; its next usage flush writes it.
      const since = Date.now();
      let valid = 0;
      while (valid < 7) {
        expect(Date.now() - since, 'local verifications never reached the usage chart').toBeLessThan(BOUND_MS);
        await new Promise((r) => setTimeout(r, 50));
        const usage = await call('GET', `/v1/keys/${ours['id']}/usage`);
        valid = (usage['data'] as Wire[]).filter((r) => r['code'] === 'VALID').reduce((n, r) => n + (r['count'] as number), 0);
      }
      expect(valid).toBe(7);
      expect((await call('GET', `/v1/keys/${ours['id']}`))['last_used_at']).not.toBeNull();
      // Another org's key ids are ignored, never counted.
      expect(
        await call('POST', '/v1/keys/usage/report', {
          entries: [{ key_id: theirs['id'], code: 'VALID', count: 5, at: new Date().toISOString() }],
        }),
      ).toEqual({
        accepted: 0,
        ignored: 1,
      });
    });

    it('a stale stream falls back to the server, and fails closed (UNAVAILABLE) when the server is down too, unless failOpen', async () => {
      db = freshDatabaseUrl(engine);
      const a = await serve();
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const call = caller(() => a.url, admin);
      const project = await call('POST', '/v1/projects', { name: 'stale' });
      const key = await call('POST', `/v1/projects/${project['id']}/keys`, { name: 'k' });
      const limited = await call('POST', `/v1/projects/${project['id']}/keys`, {
        name: 'limited',
        rate_limit: { limit: 1000, window_ms: 60_000 },
      });

      let remoteCalls = 0;
      let streamBlocked = false;
      const cuts = new Set<AbortController>();
      const base = transportFor(a.url, admin);
      const transport: LocalTransport = {
        ...base,
        remoteVerify: (body, signal) => {
          remoteCalls++;
          return base.remoteVerify(body, signal);
        },
        fetch: (input, init) => {
          if (!String(input).includes('/v1/keys/stream')) return fetch(input, init);
          if (streamBlocked) return Promise.reject(new TypeError('blocked'));
          const cut = new AbortController();
          cuts.add(cut);
          return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal });
        },
      };
      const v = await start(transport, { maxStaleMs: 600 });
      const open = await start(transportFor(a.url, admin), { maxStaleMs: 600, failOpen: true });
      expect((await v.verify(key['key'])).code).toBe('VALID');
      expect(remoteCalls).toBe(0);
      // A key whose answer needs the server (a rate limit) is verified remotely by the same call.
      expect(await v.verify(limited['key'])).toMatchObject({ code: 'VALID', rate_limit: expect.objectContaining({ limit: 1000 }) });
      expect(remoteCalls).toBe(1);

      // The stream goes quiet: once stale, answers come from the server.
      streamBlocked = true;
      for (const c of cuts) c.abort();
      const quiet = Date.now();
      while (remoteCalls === 1) {
        expect(Date.now() - quiet, 'a stale verifier never asked the server').toBeLessThan(BOUND_MS);
        expect((await v.verify(key['key'])).code).toBe('VALID');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await v.verify(key['key'])).code).toBe('VALID');
      expect(remoteCalls).toBeGreaterThan(2);

      // The server goes down as well: fail closed…
      await a.kill();
      servers.splice(0);
      let failure: unknown = null;
      const since = Date.now();
      while (failure === null) {
        expect(Date.now() - since).toBeLessThan(3 * BOUND_MS);
        failure = await v.verify(key['key']).then(
          () => null,
          (err: unknown) => err,
        );
      }
      expect(failure).toBeInstanceOf(KeywardError);
      expect((failure as KeywardError).code).toBe('UNAVAILABLE');
      // …unless the caller asked to fail open: the stale table answers.
      expect((await open.verify(key['key'])).code).toBe('VALID');
    });
  });
}
