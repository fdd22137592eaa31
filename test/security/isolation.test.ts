import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { changesBetween } from '../helpers/database-dump.js';
import { callersOf, isAllowed, reaches } from './matrix-callers.js';
import { observe, observed, rowsMentioning, secretsOf, type Observed } from './matrix-observe.js';
import { registeredRoutes } from './matrix-route-list.js';
import { EXEMPT_ROUTES, MATRIX_ROUTES, routeName, type MatrixRoute } from './matrix-routes.js';
import { foreignChoices, formatOf, missingChoice, ownChoice, type Choice } from './matrix-slots.js';
import { useMatrixWorld, type MatrixWorld } from './matrix-world.js';

// Records every route the app registers (see matrix-route-list.ts) for the coverage check.
vi.mock('fastify', async (original) => (await import('./matrix-route-list.js')).withRouteRecorder(await original()));

/**
 * The tenant-isolation matrix (issue 6): for every authenticated route, native and dialect,
 * every caller kind of org "alpha", and every id that belongs to org "bravo" (or to no org:
 * the root key, a deleted org), the answer is exactly the answer for an id that exists
 * nowhere (status, meaningful headers, body), an allowed caller gets the route's not-found
 * answer, no answer mentions anything of bravo, and the database does not change at all.
 */
const idRoutes = MATRIX_ROUTES.filter((r) => Object.keys(r.slots).length > 0);
const listRoutes = MATRIX_ROUTES.filter((r) => Object.keys(r.slots).length === 0);

interface Finding {
  readonly caller: string;
  readonly value: string;
  readonly problem: string;
}

/** Runs the matrix of one route; returns what went wrong and how many foreign requests were made. */
async function probeRoute(w: MatrixWorld, route: MatrixRoute): Promise<{ findings: Finding[]; requests: number }> {
  const attacker = w.a;
  const victim = w.b;
  const secrets = secretsOf(victim);
  const findings: Finding[] = [];
  let requests = 0;
  const slots = Object.entries(route.slots);

  for (const caller of callersOf(w, attacker)) {
    // The root key manages every org by design: org routes are not a tenant boundary for it.
    if (!reaches(caller, route.surface) || (route.needs === 'root' && caller.kind === 'root')) continue;
    const allowed = isAllowed(caller, route);
    const check = (got: Observed, missing: Observed, expectStatus: number, value: Choice) => {
      requests++;
      const at = { caller: caller.cred.label, value: value.label };
      if (JSON.stringify(got) !== JSON.stringify(missing))
        findings.push({ ...at, problem: `differs from a missing id: ${JSON.stringify(got)} vs ${JSON.stringify(missing)}` });
      if (allowed && got.status !== expectStatus)
        findings.push({ ...at, problem: `allowed caller got ${got.status} ${got.body}, expected ${expectStatus}` });
      const leaked = secrets.filter((s) => s !== String(value.value) && s !== value.raw && got.body.includes(s));
      if (leaked.length > 0) findings.push({ ...at, problem: `answer mentions ${leaked.join(', ')}` });
    };

    // Each slot foreign in turn, the others the caller's own.
    for (const [name, slot] of slots) {
      const own = Object.fromEntries(slots.filter(([n]) => n !== name).map(([n, s]) => [n, ownChoice(attacker, s)]));
      const missingByFormat = new Map<string, Observed>();
      for (const foreign of foreignChoices(w, victim, slot)) {
        const format = foreign.raw !== undefined ? formatOf(foreign.raw).name : 'none';
        let missing = missingByFormat.get(format);
        if (!missing) {
          const m = missingChoice(slot, foreign);
          missing = await observe(w, route, caller, { ...own, [name]: m }, [m]);
          missingByFormat.set(format, missing);
        }
        check(await observe(w, route, caller, { ...own, [name]: foreign }, [foreign]), missing, slot.unknownStatus ?? 404, foreign);
      }
    }

    // Every slot foreign at once (a victim's project with a victim's key in it).
    if (slots.length > 1) {
      const foreign = Object.fromEntries(
        slots.map(([n, s]) => [n, foreignChoices(w, victim, s).find((c) => c.label.startsWith(victim.name))!]),
      );
      const missing = Object.fromEntries(slots.map(([n, s]) => [n, missingChoice(s, foreign[n]!)]));
      const got = await observe(w, route, caller, foreign, Object.values(foreign));
      check(got, await observe(w, route, caller, missing, Object.values(missing)), slots[0]![1].unknownStatus ?? 404, {
        label: 'all foreign',
        value: '',
      });
    }
  }
  return { findings, requests };
}

describe('route coverage', () => {
  const world = useMatrixWorld(ENGINES[0]!);

  it('puts every registered route in the matrix or lists it as exempt with a reason', async () => {
    const w = world();
    const registered = registeredRoutes(w.h.app);
    const openapi = Object.keys((w.h.app.swagger() as { paths: Record<string, unknown> }).paths);
    // The parser must see what the OpenAPI document lists (it is the parser's own check).
    for (const path of openapi) expect(registered.some((r) => r.endsWith(` ${path.replace(/\{(\w+)\}/g, ':$1')}`))).toBe(true);

    const covered = new Set(MATRIX_ROUTES.map((r) => `${r.method} ${r.path}`));
    const unaccounted = registered.filter((r) => !r.startsWith('HEAD ') && !covered.has(r) && !(r in EXEMPT_ROUTES));
    expect(unaccounted).toEqual([]);
    // Every other HEAD route is the automatic twin of a GET route (exempt as a class).
    expect(registered.filter((r) => r.startsWith('HEAD ') && !registered.includes(`GET ${r.slice(5)}`) && !(r in EXEMPT_ROUTES))).toEqual(
      [],
    );
    // And nothing stale: every matrix entry names a route the app has. (Exempt entries may be
    // absent: the dashboard's assets route exists only once the dashboard is built.)
    expect([...covered].filter((r) => !registered.includes(r))).toEqual([]);
  });
});

for (const engine of ENGINES) {
  describe(`tenant isolation matrix on ${engine.name}`, () => {
    const world = useMatrixWorld(engine);
    let total = 0;

    for (const route of idRoutes) {
      it(`${routeName(route)}: another org's ids answer exactly like missing ones and change nothing`, async () => {
        const w = world();
        const before = await w.db.dump();
        const { findings, requests } = await probeRoute(w, route);
        total += requests;
        expect(findings).toEqual([]);
        expect(changesBetween(before, await w.db.dump())).toEqual({});
      });
    }

    it('lists, creates and whoami answer with nothing of the other org and leave its rows alone', async () => {
      const w = world();
      const victimIds = [w.b.id, w.b.project['id'], w.b.deletedProject['id'], w.b.confidentProject['id'], ...w.b.keys.map((k) => k.key.id)];
      const before = rowsMentioning(await w.db.dump(), victimIds);
      const secrets = secretsOf(w.b);
      const findings: string[] = [];
      for (const route of listRoutes) {
        if (route.needs === 'root') continue; // the root key sees every org by design
        for (const caller of callersOf(w, w.a).filter((c) => reaches(c, route.surface) && isAllowed(c, route))) {
          const got = observed(await w.call(route.surface, caller.cred, route.build({})));
          total++;
          if (got.status !== route.ok) findings.push(`${routeName(route)} as ${caller.cred.label}: ${got.status} ${got.body}`);
          const leaked = secrets.filter((s) => got.body.includes(s));
          if (leaked.length > 0) findings.push(`${routeName(route)} as ${caller.cred.label} mentions ${leaked.join(', ')}`);
        }
      }
      expect(findings).toEqual([]);
      expect(changesBetween(before, rowsMentioning(await w.db.dump(), victimIds))).toEqual({});
    });

    it('verifies every key of the other org, in every format and state, as NOT_FOUND with nothing else', async () => {
      const w = world();
      const verifiers = [w.a.adminKey, w.a.key('org keys:verify').raw, w.a.key('braintrust').raw, w.a.key('langtrace team').raw];
      const foreign = [...w.b.keys, ...w.deletedOrg.keys, w.root];
      for (const verifier of verifiers) {
        for (const k of foreign) {
          const res = await w.call('native', verifier, { method: 'POST', url: '/v1/keys/verify', body: { key: k.raw } });
          expect({ key: k.label, status: res.statusCode, body: res.json() }).toEqual({
            key: k.label,
            status: 200,
            body: { valid: false, code: 'NOT_FOUND' },
          });
        }
      }
      // The same keys are real: their own org's verifier sees them (so NOT_FOUND above is the tenant boundary).
      const own = await w.call('native', w.b.adminKey, {
        method: 'POST',
        url: '/v1/keys/verify',
        body: { key: w.b.key('project live').raw },
      });
      expect(own.json()).toMatchObject({ valid: true, code: 'VALID', org_id: w.b.id });
      // Basic's verify-by-id: another org's key, even named by its own id, is not valid.
      const basic = w.b.key('basic');
      const res = await w.call('basic', w.a.adminKey, {
        method: 'POST',
        url: `/compat/basic/project/${w.a.project['id']}/key/verify`,
        body: { key: basic.raw, key_id: basic.key.id },
      });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { is_valid: false, key: null } });
    });

    it("answers HEAD (Fastify's twin of GET) for another org's resource exactly like a missing one", async () => {
      const w = world();
      for (const path of [
        `/v1/projects/${w.b.project['id']}`,
        `/v1/keys/${w.b.key('project live').key.id}`,
        `/compat/basic/project/${w.b.project['id']}/key`,
      ]) {
        const missing = path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, randomUUID());
        const surface = path.startsWith('/compat/basic') ? 'basic' : 'native';
        const got = observed(await w.call(surface, w.a.adminKey, { method: 'HEAD', url: path }));
        expect(got).toEqual(observed(await w.call(surface, w.a.adminKey, { method: 'HEAD', url: missing })));
        expect(got.status).toBe(404);
      }
    });

    it('made enough requests to be a matrix', () => {
      // Guards against a refactor that silently empties the loops above.
      expect(total).toBeGreaterThan(1000);
      console.info(`isolation matrix on ${engine.name}: ${total} cross-tenant requests`);
    });
  });
}
