import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { useHarness, type Harness, type Wire } from '../http/harness.js';

/**
 * Issue 17, item 2: no key lifts its own limits, and no key loosens the limits of a key at
 * its own level or above. Loosening (a later or no expiry, a higher or no rate limit, a
 * shorter window, re-enabling) is for a principal strictly above the key: an admin for an
 * org key without `admin`, a key above it in its chain of makers, any key allowed to change
 * it for a project key (which opens nothing in Keyward). Tightening is for anyone
 * who may change the key. A matrix: who × field × loosen/tighten, each cell on a fresh key
 * whose limits were set by the org's first admin; a refusal is 403 FORBIDDEN naming the
 * field and changes nothing.
 */
const WRITER = ['keys:read', 'keys:write', 'projects:read'];
const HOUR = 3_600_000;

interface Cell {
  /** The key changed, and the raw key that changes it. */
  readonly target: { id: string };
  readonly caller: string;
}

/** Who changes whom; `above` says whether the caller is strictly above the key. */
interface Who {
  readonly name: string;
  readonly above: boolean;
  /**
   * The caller is disabled with the key (itself, or a key it made: disabling a maker disables
   * what it made), so re-enabling is not even a request it can make (401).
   */
  readonly disabledWithTarget?: boolean;
  make(h: Harness): Promise<Cell>;
}

async function personal(h: Harness, maker: string, surface: 'braintrust' | 'openlayer'): Promise<{ id: string; raw: string }> {
  const res =
    surface === 'braintrust'
      ? await h.send(maker, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'personal' } })
      : await h.send(maker, { method: 'POST', url: `/compat/openlayer/v1/workspaces/${h.org.id}/api-keys`, body: { name: 'personal' } });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return { id: res.json().id, raw: surface === 'braintrust' ? res.json().key : res.json().secureKey };
}

const orgKey = async (h: Harness, roles: string[]) => {
  const k = await h.mintOrgKey(roles);
  return { id: k['id'] as string, raw: k['key'] as string };
};

const WHOS: readonly Who[] = [
  {
    name: 'the key itself (keys:write)',
    above: false,
    disabledWithTarget: true,
    make: async (h) => {
      const k = await orgKey(h, WRITER);
      return { target: k, caller: k.raw };
    },
  },
  {
    name: 'the key itself (admin)',
    above: false,
    disabledWithTarget: true,
    make: async (h) => {
      const k = await orgKey(h, ['admin']);
      return { target: k, caller: k.raw };
    },
  },
  {
    name: 'a peer keys:write key',
    above: false,
    make: async (h) => ({ target: await orgKey(h, WRITER), caller: (await orgKey(h, WRITER)).raw }),
  },
  {
    name: 'a key it made',
    above: false,
    disabledWithTarget: true,
    make: async (h) => {
      const k = await orgKey(h, WRITER);
      return { target: k, caller: (await personal(h, k.raw, 'braintrust')).raw };
    },
  },
  {
    name: 'another admin, on an admin key',
    above: false,
    make: async (h) => ({ target: await orgKey(h, ['admin']), caller: (await orgKey(h, ['admin'])).raw }),
  },
  {
    name: 'an admin, on a non-admin key',
    above: true,
    make: async (h) => ({ target: await orgKey(h, WRITER), caller: (await orgKey(h, ['admin'])).raw }),
  },
  {
    name: 'a keys:write key, on a project key (even one holding the string admin)',
    above: true,
    make: async (h) => {
      const project = await h.createProject();
      const k = await h.mintProjectKey(project['id'], h.org, { roles: ['admin', 'ingest'] });
      return { target: { id: k['id'] as string }, caller: (await orgKey(h, WRITER)).raw };
    },
  },
  {
    name: 'its maker',
    above: true,
    make: async (h) => {
      const k = await orgKey(h, WRITER);
      return { target: await personal(h, k.raw, 'braintrust'), caller: k.raw };
    },
  },
  {
    name: "its maker's maker",
    above: true,
    make: async (h) => {
      const k = await orgKey(h, WRITER);
      const child = await personal(h, k.raw, 'braintrust');
      return { target: await personal(h, child.raw, 'openlayer'), caller: k.raw };
    },
  },
];

interface Change {
  readonly field: 'expires_at' | 'rate_limit' | 'enabled';
  readonly loosens: boolean;
  readonly label: string;
  /** Set on the fresh key by the org's first admin before the cell runs. */
  readonly disabledFirst?: boolean;
  body(h: Harness): Wire;
}

const CHANGES: readonly Change[] = [
  { field: 'expires_at', loosens: true, label: 'no expiry', body: () => ({ expires_at: null }) },
  { field: 'expires_at', loosens: true, label: 'a later expiry', body: (h) => ({ expires_at: h.clock.isoIn(2 * HOUR) }) },
  { field: 'expires_at', loosens: false, label: 'an earlier expiry', body: (h) => ({ expires_at: h.clock.isoIn(HOUR / 2) }) },
  { field: 'rate_limit', loosens: true, label: 'no rate limit', body: () => ({ rate_limit: null }) },
  { field: 'rate_limit', loosens: true, label: 'a higher limit', body: () => ({ rate_limit: { limit: 20, window_ms: 60_000 } }) },
  { field: 'rate_limit', loosens: true, label: 'a shorter window', body: () => ({ rate_limit: { limit: 10, window_ms: 1000 } }) },
  { field: 'rate_limit', loosens: false, label: 'a lower limit', body: () => ({ rate_limit: { limit: 5, window_ms: 60_000 } }) },
  { field: 'enabled', loosens: true, label: 're-enabled', disabledFirst: true, body: () => ({ enabled: true }) },
  { field: 'enabled', loosens: false, label: 'disabled', body: () => ({ enabled: false }) },
];

for (const engine of ENGINES) {
  describe(`who may loosen a key's limits, on ${engine.name}`, () => {
    const harness = useHarness(engine);

    it('a matrix of who × field × loosen/tighten: only a principal strictly above the key loosens; anyone allowed tightens', async () => {
      const h = harness();
      const cells: Array<{ who: string; change: string; status: number; field?: string; unchanged?: boolean }> = [];
      const expected: typeof cells = [];
      for (const who of WHOS) {
        for (const change of CHANGES) {
          if (who.disabledWithTarget && change.disabledFirst) continue;
          const { target, caller } = await who.make(h);
          const url = `/v1/keys/${target.id}`;
          await h.expectStatus(
            h.org.adminKey,
            {
              method: 'PATCH',
              url,
              body: {
                expires_at: h.clock.isoIn(HOUR),
                rate_limit: { limit: 10, window_ms: 60_000 },
                ...(change.disabledFirst ? { enabled: false } : {}),
              },
            },
            200,
          );
          const before = (await h.store.findKey(h.org.id, target.id))!;
          const res = await h.send(caller, { method: 'PATCH', url, body: change.body(h) });
          const allowed = who.above || !change.loosens;
          const after = (await h.store.findKey(h.org.id, target.id))!;
          cells.push({
            who: who.name,
            change: change.label,
            status: res.statusCode,
            ...(res.statusCode === 403
              ? { field: res.json().error.field, unchanged: JSON.stringify(after) === JSON.stringify(before) }
              : {}),
          });
          expected.push({
            who: who.name,
            change: change.label,
            status: allowed ? 200 : 403,
            ...(allowed ? {} : { field: change.field, unchanged: true }),
          });
        }
      }
      expect(cells).toEqual(expected);
      expect(cells.length).toBe(WHOS.length * CHANGES.length - 3);
    });

    it('a time-limited keys:write key cannot make itself permanent and unlimited (the reported case)', async () => {
      const h = harness();
      const k = await h.mintOrgKey(WRITER, h.org, { expires_at: h.clock.isoIn(HOUR), rate_limit: { limit: 100, window_ms: 60_000 } });
      const res = await h.send(k['key'], { method: 'PATCH', url: `/v1/keys/${k['id']}`, body: { expires_at: null, rate_limit: null } });
      expect({ status: res.statusCode, code: res.json().error?.code, field: res.json().error?.field }).toEqual({
        status: 403,
        code: 'FORBIDDEN',
        field: 'expires_at',
      });
      const stored = (await h.store.findKey(h.org.id, k['id']))!;
      expect({ expiresAt: stored.expiresAt, rateLimit: stored.rateLimit }).toEqual({
        expiresAt: k['expires_at'],
        rateLimit: { limit: 100, windowMs: 60_000 },
      });
      // Tightening itself is fine.
      await h.expectStatus(
        k['key'],
        { method: 'PATCH', url: `/v1/keys/${k['id']}`, body: { rate_limit: { limit: 50, window_ms: 60_000 } } },
        200,
      );
    });

    it('rolling a disabled key gives a disabled successor: a peer cannot re-enable a key by rolling it', async () => {
      const h = harness();
      const target = await orgKey(h, WRITER);
      const peer = await orgKey(h, WRITER);
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${target.id}`, body: { enabled: false } }, 200);
      const rolled = await h.expectStatus(peer.raw, { method: 'POST', url: `/v1/keys/${target.id}/roll`, body: {} }, 201);
      expect(rolled['enabled']).toBe(false);
      expect((await h.send(rolled['key'], { method: 'GET', url: '/v1/whoami' })).statusCode).toBe(401);
    });
  });
}
