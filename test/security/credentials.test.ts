import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { digestsEqual } from '../../src/core/hash-secret.js';
import { checksumOf, mintKeyward } from '../../src/core/key-format.js';
import type { Principal } from '../../src/core/context.js';
import { authenticateKey } from '../../src/core/use-cases/authenticate.js';
import { verifyKey } from '../../src/core/use-cases/verify-key.js';
import { buildDeps } from '../../src/deps.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { changesBetween } from '../helpers/database-dump.js';
import { mutationArb } from './matrix-mutations.js';
import { observed, type Observed } from './matrix-observe.js';
import {
  credentialHeaders,
  SURFACES,
  USER_TOKEN_SURFACES,
  useMatrixWorld,
  type MatrixWorld,
  type Req,
  type Surface,
} from './matrix-world.js';

// A pass-through spy on node:crypto's timingSafeEqual, so the comparison test below can see
// whether the digest comparison goes through it (it behaves exactly as the original).
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

/**
 * Bad credentials (issue 6): missing, empty, truncated, one character changed, wrong
 * prefix, revoked, expired, disabled, rolled past its grace, of a deleted org or project,
 * bad user tokens. On every surface each is refused with one and the same answer (the
 * reason never shows); on `POST /v1/keys/verify` each gets its own code. Mutations of real
 * keys in every format are generated with fast-check.
 */

/** A cheap authenticated read per surface: what a stolen or mistyped credential would try first. */
function probeOf(w: MatrixWorld, surface: Surface): Req {
  const project = w.a.project['id'];
  switch (surface) {
    case 'native':
      return { method: 'GET', url: '/v1/whoami' };
    case 'langtrace':
      return { method: 'POST', url: `/compat/langtrace/api/api-key?project_id=${project}` };
    case 'basic':
      return { method: 'GET', url: `/compat/basic/project/${project}/key` };
    case 'confident':
      return { method: 'GET', url: '/compat/confident/v1/projects' };
    case 'braintrust':
      return { method: 'GET', url: '/compat/braintrust/v1/api_key' };
    case 'openlayer':
      return { method: 'POST', url: `/compat/openlayer/v1/workspaces/${w.a.id}/api-keys`, body: { name: 'x' } };
  }
}

/** `kw_org_<body>_<check>` with another prefix and the checksum made right again: well-formed, never issued. */
function withPrefix(raw: string, prefix: string): string {
  const body = raw.split('_').slice(-2, -1)[0]!;
  return `${prefix}_${body}_${checksumOf(`${prefix}_${body}`)}`;
}

const changeOne = (raw: string, i: number): string => raw.slice(0, i) + (raw[i] === 'a' ? 'b' : 'a') + raw.slice(i + 1);

/** Raw header values that must all be refused alike, by name. */
async function badKeys(w: MatrixWorld): Promise<Record<string, string>> {
  const admin = w.a.adminKey;
  const t = w.a;
  return {
    'not a key': 'not-a-key',
    truncated: admin.slice(0, -1),
    'half a key': admin.slice(0, admin.length / 2),
    'one character changed in the body': changeOne(admin, 10),
    'one character changed in the checksum': changeOne(admin, admin.length - 1),
    'a project prefix on an org key (checksum now wrong)': admin.replace('kw_org_', 'kw_proj_'),
    'a project prefix with a right checksum (never issued)': withPrefix(admin, 'kw_proj'),
    'a root prefix with a right checksum (never issued)': withPrefix(admin, 'kw_root'),
    'a Langtrace key with one hex digit changed': changeOne(t.key('langtrace team').raw, 3),
    'a Braintrust key with one character changed': changeOne(t.key('braintrust').raw, 8),
    'an Openlayer key truncated': t.key('openlayer').raw.slice(0, -2),
    'a revoked admin key': t.key('org revoked admin').raw,
    'a disabled admin key': t.key('org disabled admin').raw,
    'an expired admin key': (
      await w.orgKey(t, ['admin'], { expires_at: w.h.clock.isoIn(1000) }).then(async (k) => (w.h.clock.advance(2000), k))
    ).raw,
    'an admin key rolled past its grace': await rolled(w, 0),
    "the deleted org's admin key": w.deletedOrg.adminKey,
    "the deleted org's Langtrace team key": w.deletedOrg.key('langtrace team').raw,
    'a key of a deleted project': t.key('project of deleted project').raw,
    'a user token on a surface that takes none, or a JWT-shaped string': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
  };
}

/** A fresh admin key rolled with `graceSeconds`; returns the old raw key (the one in or past its grace). */
async function rolled(w: MatrixWorld, graceSeconds: number): Promise<string> {
  const key = await w.orgKey(w.a, ['admin']);
  await w.expect('native', w.a.adminKey, { method: 'POST', url: `/v1/keys/${key.id}/roll`, body: { grace_seconds: graceSeconds } }, 201);
  return key.raw;
}

/** User tokens that must be refused (on the surfaces that take tokens). */
async function badTokens(w: MatrixWorld): Promise<Record<string, string>> {
  const claims = { sub: w.a.userSub, org_id: w.a.id };
  const good = await w.signUser(claims);
  const [head, payload, signature] = good.split('.') as [string, string, string];
  return {
    'an expired token': await w.signUser(claims, -120),
    'a token with one signature character changed': `${head}.${payload}.${changeOne(signature, 5)}`,
    'a token signed with another secret': await w.signUser(claims, 3600, 'not-the-configured-secret-not-the-configured'),
    'an unsigned token (alg none)': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`,
    'a token for a deleted org': await w.signUser({ sub: 'u', org_id: w.deletedOrg.id }),
    'a token for an org that never existed': await w.signUser({ sub: 'u', org_id: '00000000-0000-4000-8000-000000000000' }),
    'a token without sub': await w.signUser({ org_id: w.a.id }),
  };
}

async function answer(w: MatrixWorld, surface: Surface, headers: Record<string, string>): Promise<Observed> {
  const req = probeOf(w, surface);
  return observed(
    await w.h.app.inject({ method: req.method, url: req.url, headers, ...(req.body !== undefined ? { payload: req.body as object } : {}) }),
  );
}

for (const engine of ENGINES) {
  describe(`bad credentials on ${engine.name}`, () => {
    const world = useMatrixWorld(engine);

    for (const surface of SURFACES) {
      it(`${surface}: refuses every bad credential with one and the same 401, and changes nothing`, async () => {
        const w = world();
        const keys = await badKeys(w);
        const tokens = USER_TOKEN_SURFACES.includes(surface) ? await badTokens(w) : {};
        const before = await w.db.dump();
        const baseline = await answer(w, surface, {});
        expect(baseline.status).toBe(401);
        const answers: Record<string, Observed> = {};
        const headerVariants: Record<string, Record<string, string>> = {
          'a different scheme': { authorization: `Basic ${w.a.adminKey}` },
          'the key in the wrong header': surface === 'native' ? { 'x-api-key': w.a.adminKey } : { 'x-wrong': w.a.adminKey },
          ...(surface === 'langtrace' ? {} : { 'an empty credential': credentialHeaders(surface, '') }),
        };
        for (const [what, headers] of Object.entries(headerVariants)) answers[what] = await answer(w, surface, headers);
        for (const [what, raw] of Object.entries({ ...keys, ...tokens }))
          answers[what] = await answer(w, surface, credentialHeaders(surface, raw));
        const differing = Object.entries(answers).filter(([, got]) => JSON.stringify(got) !== JSON.stringify(baseline));
        expect({ baseline, differing: Object.fromEntries(differing) }).toEqual({ baseline, differing: {} });
        expect(changesBetween(before, await w.db.dump())).toEqual({});
      });
    }

    it("langtrace: a present but empty x-api-key is the seed's 400 (a malformed request), not a credential check", async () => {
      const w = world();
      const got = await answer(w, 'langtrace', { 'x-api-key': '' });
      expect({ status: got.status, body: JSON.parse(got.body) }).toEqual({
        status: 400,
        body: { message: 'x-api-key is required', error: { message: 'x-api-key is required' } },
      });
    });

    it('a key inside its rolling grace still opens the API; past it, it is refused', async () => {
      const w = world();
      const graced = await rolled(w, 300);
      expect((await w.call('native', graced, { method: 'GET', url: '/v1/whoami' })).statusCode).toBe(200);
      w.h.clock.advance(301_000);
      expect((await w.call('native', graced, { method: 'GET', url: '/v1/whoami' })).statusCode).toBe(401);
    });

    it('verify answers each kind of bad key with its own code', async () => {
      const w = world();
      const t = w.a;
      const verify = async (key: string) => {
        const res = await w.call('native', t.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } });
        return res.statusCode === 200 ? res.json().code : `${res.statusCode} ${res.json().error.code} ${res.json().error.field}`;
      };
      const live = t.key('project live').raw;
      const cases: Record<string, [string, string]> = {
        empty: ['', '400 VALIDATION key'],
        truncated: [live.slice(0, -1), 'MALFORMED'],
        'one character changed': [changeOne(live, 12), 'MALFORMED'],
        'wrong prefix, checksum left as it was': [live.replace('kw_proj_', 'kw_org_'), 'MALFORMED'],
        'wrong prefix, checksum made right': [withPrefix(live, 'kw_org'), 'NOT_FOUND'],
        'a Langtrace key, one digit changed': [changeOne(t.key('langtrace project').raw, 20), 'MALFORMED'],
        'a Confident key, truncated': [t.key('confident').raw.slice(0, -1), 'MALFORMED'],
        revoked: [t.key('project revoked').raw, 'REVOKED'],
        expired: [t.key('project expired').raw, 'EXPIRED'],
        disabled: [t.key('project disabled').raw, 'DISABLED'],
        'rolled past its grace': [t.key('project rolled past grace').raw, 'REVOKED'],
        'rolled, inside its grace': [t.key('project in grace').raw, 'VALID'],
        'of a deleted project': [t.key('project of deleted project').raw, 'REVOKED'],
        'of a deleted org': [w.deletedOrg.key('project live').raw, 'NOT_FOUND'],
        'the root key': [w.root.raw, 'NOT_FOUND'],
        'a revoked org key of this org': [t.key('org revoked admin').raw, 'REVOKED'],
        live: [live, 'VALID'],
      };
      const got: Record<string, string> = {};
      for (const [what, [key]] of Object.entries(cases)) got[what] = await verify(key);
      expect(got).toEqual(Object.fromEntries(Object.entries(cases).map(([what, [, code]]) => [what, code])));
    });

    it('refuses every small edit of a real key in every format: 401 for management, MALFORMED (or NOT_FOUND) for verify (property)', async () => {
      const w = world();
      const t = w.a;
      // Admin keys in every format a management credential can take, and project keys in theirs.
      const managing = ['admin', 'langtrace team', 'braintrust', 'openlayer'].map((l) => t.key(l).raw);
      const verified = [...managing, ...['project live', 'confident', 'langtrace project', 'basic'].map((l) => t.key(l).raw)];
      const refusal = observed(await w.call('native', 'not-a-key', { method: 'GET', url: '/v1/whoami' }));
      const before = await w.db.dump();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...verified).chain((raw) => mutationArb(raw).map((m) => ({ raw, m }))),
          async ({ raw, m }) => {
            fc.pre(m.key !== raw);
            if (managing.includes(raw)) {
              const got = observed(await w.call('native', m.key, { method: 'GET', url: '/v1/whoami' }));
              expect({ what: m.what, got }).toEqual({ what: m.what, got: refusal });
            }
            if (m.key === '') return;
            const res = await w.call('native', t.key('org keys:verify').raw, {
              method: 'POST',
              url: '/v1/keys/verify',
              body: { key: m.key },
            });
            const code = res.json().code;
            expect({ what: m.what, code }).toEqual({
              what: m.what,
              code: m.guaranteed ? 'MALFORMED' : expect.stringMatching(/^(MALFORMED|NOT_FOUND)$/),
            });
          },
        ),
        { numRuns: 300 },
      );
      expect(changesBetween(before, await w.db.dump())).toEqual({});
    });
  });
}

/** The store, each of its reads by hash recorded (the hashes asked, one entry per read). */
function readsRecorded(store: Store, reads: string[][]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'findKeyByHash') return (h: string) => (reads.push([h]), target.findKeyByHash(h));
      if (prop === 'findKeysByHashes') return (hs: readonly string[]) => (reads.push([...hs]), target.findKeysByHashes(hs));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The store, each question it answers from memory recorded (when it keeps a memory at all). */
function peeksRecorded(store: Store, peeks: string[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'peekKeyByHash' && target.peekKeyByHash) return (h: string) => (peeks.push(h), target.peekKeyByHash!(h));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A digest whose every character read is recorded: shows whether a comparison stopped early. */
function watched(digest: string, reads: Set<string>, name: string): string {
  const s = new String(digest) as string & { charCodeAt(i: number): number };
  s.charCodeAt = (i: number) => {
    reads.add(`${name}${i}`);
    return digest.charCodeAt(i);
  };
  return s as unknown as string;
}

describe('lookups go by hash and comparisons never exit early (timing, checked by behaviour)', () => {
  const hash = crypto.createHash('sha256').update('a key').digest('hex');

  it('compares two digests over their whole length whatever the position of the first difference', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    for (const at of [0, 1, 31, 62, 63]) {
      const other = hash.slice(0, at) + (hash[at] === '0' ? '1' : '0') + hash.slice(at + 1);
      const reads = new Set<string>();
      spy.mockClear();
      expect(digestsEqual(watched(hash, reads, 'a'), watched(other, reads, 'b'))).toBe(false);
      // Either node's constant-time compare did the work, or every character of both was read.
      const wholeLength = spy.mock.calls.length > 0 || reads.size === 2 * hash.length;
      expect({ at, wholeLength }).toEqual({ at, wholeLength: true });
    }
    expect(digestsEqual(hash, hash)).toBe(true);
    expect(digestsEqual(hash, hash.toUpperCase())).toBe(false);
    expect(digestsEqual(hash, hash.slice(0, 63))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });

  for (const engine of ENGINES.slice(0, 1)) {
    const world = useMatrixWorld(engine);

    it('looks a key up only by its full digest, once, and a malformed key not at all', async () => {
      const w = world();
      // Reads are recorded at the store under the verification cache, i.e. at the database:
      // a cache that already holds the key cannot answer for the check (it could before, and
      // then "at most twice" held with no read at all). Each check runs twice: without a
      // cache, and with a fresh one in front, as a first start has it.
      const reads: string[][] = [];
      const peeks: string[] = [];
      const database = readsRecorded(w.h.opened.store, reads);
      const verifier: Principal = {
        kind: 'org',
        orgId: w.a.id,
        roles: ['keys:verify'],
        actor: { type: 'key', id: 'x' },
        keyId: 'x',
        user: null,
      };
      const live = w.a.key('project live').raw;
      for (const cacheSize of [0, 1000]) {
        // The long TTL keeps the busy machine's pauses from expiring an entry between the two checks.
        const front = buildDeps(database, { pepper: null, cacheSize, cacheTtlMs: 3_600_000, ...NO_ABUSE_LIMITS }).store;
        const deps = { ...w.h.deps, store: peeksRecorded(front, peeks) };
        for (const raw of [live, mintKeyward('kw_proj'), w.a.key('langtrace project').raw]) {
          reads.length = 0;
          peeks.length = 0;
          const digest = deps.hash(raw);
          await verifyKey(deps, verifier, { key: raw });
          const readByVerify = reads.map((r) => [...r]);
          await (async () => authenticateKey(deps, raw))().catch(() => null);
          // Without a cache each check reads the database once. With one, each asks memory once;
          // the first reads the database once, the second is answered from memory (a missing key
          // is remembered as missing).
          expect({ cacheSize, readByVerify, readByBoth: reads, peeks }).toEqual({
            cacheSize,
            readByVerify: [[digest]],
            readByBoth: cacheSize > 0 ? [[digest]] : [[digest], [digest]],
            peeks: cacheSize > 0 ? [digest, digest] : [],
          });
          expect([...reads.flat(), ...peeks].every((l) => /^[0-9a-f]{64}$/.test(l) && !l.includes(raw))).toBe(true);
        }
        reads.length = 0;
        peeks.length = 0;
        for (const bad of [live.slice(0, -1), changeOne(live, 9), 'not-a-key', 'x'.repeat(5000)]) {
          expect((await verifyKey(deps, verifier, { key: bad })).code).toBe('MALFORMED');
          await expect((async () => authenticateKey(deps, bad))()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
        }
        expect({ cacheSize, reads, peeks }).toEqual({ cacheSize, reads: [], peeks: [] });
      }
    });
  }
});
