import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasRole, ORG_ROLES, type OrgRole } from '../../src/core/roles.js';
import { ENGINES } from '../helpers/engines.js';
import { changesBetween } from '../helpers/database-dump.js';
import { forbiddenStatus, isAllowed, reaches, type Caller } from './matrix-callers.js';
import { freshChoices, RoleCallers } from './matrix-fresh.js';
import { observe } from './matrix-observe.js';
import { MATRIX_ROUTES, routeName, type MatrixRoute } from './matrix-routes.js';
import { ownChoice, type Choice } from './matrix-slots.js';
import { USER_TOKEN_SURFACES, useMatrixWorld, type MatrixWorld } from './matrix-world.js';

/**
 * Privilege escalation (issue 6): for every role set, every route it may not use answers
 * 403 and changes nothing; every route answers for a caller holding exactly what it needs;
 * no key can mint, roll into or PATCH itself or another key to a role it lacks, natively or
 * through a dialect; and a project key, whatever roles it carries, opens nothing (401).
 */
const NON_ADMIN = ORG_ROLES.filter((r) => r !== 'admin');
const roleSetArb = fc.subarray([...ORG_ROLES], { minLength: 1 });
const sorted = (roles: readonly string[]) => [...roles].sort();

/** The role sets tried exhaustively: each role alone, and every role but one or two (admin aside). */
function roleSets(): OrgRole[][] {
  const sets: OrgRole[][] = NON_ADMIN.map((r) => [r]);
  sets.push([...NON_ADMIN]);
  for (const a of NON_ADMIN) sets.push(NON_ADMIN.filter((r) => r !== a));
  for (const [i, a] of NON_ADMIN.entries()) for (const b of NON_ADMIN.slice(i + 1)) sets.push(NON_ADMIN.filter((r) => r !== a && r !== b));
  return sets;
}

const ownChoices = (w: MatrixWorld, route: MatrixRoute): Record<string, Choice> =>
  Object.fromEntries(Object.entries(route.slots).map(([n, s]) => [n, ownChoice(w.a, s)]));

/** Sends `route` on the caller's own fixtures and insists it is refused as lacking a role. */
async function expectRefused(w: MatrixWorld, route: MatrixRoute, caller: Caller): Promise<string | null> {
  const got = await observe(w, route, caller, ownChoices(w, route), []);
  const status = forbiddenStatus(route.surface);
  const ok = got.status === status && (route.surface !== 'native' || JSON.parse(got.body).error.code === 'FORBIDDEN');
  return ok ? null : `${routeName(route)} as ${caller.cred.label}: ${got.status} ${got.body}`;
}

for (const engine of ENGINES) {
  describe(`privilege matrix on ${engine.name}`, () => {
    const world = useMatrixWorld(engine);
    let roles: RoleCallers;
    const callers = () => (roles ??= new RoleCallers(world(), world().a));

    it('refuses (403) every role set lacking what a route needs, on every surface, and changes nothing', async () => {
      const w = world();
      const root: Caller = { cred: { kind: 'key', label: 'root', raw: w.root.raw }, kind: 'root', roles: [] };
      // Every caller is made before the "before" snapshot: minting them is not what is tested.
      const keyCallers = [root, await callers().key(['admin'])];
      for (const set of roleSets()) keyCallers.push(await callers().key(set));
      const userCallers = [...roleSets(), []].map((set) => callers().user(set));
      const before = await w.db.dump();
      const findings: string[] = [];
      let requests = 0;
      for (const route of MATRIX_ROUTES) {
        for (const caller of [...keyCallers, ...userCallers].filter((c) => !isAllowed(c, route) && reaches(c, route.surface))) {
          requests++;
          const problem = await expectRefused(w, route, caller);
          if (problem) findings.push(problem);
        }
      }
      expect(findings).toEqual([]);
      expect(changesBetween(before, await w.db.dump())).toEqual({});
      expect(requests).toBeGreaterThan(500);
      console.info(`privilege matrix on ${engine.name}: ${requests} refused requests`);
    });

    for (const route of MATRIX_ROUTES) {
      const needs = route.needs;
      it(`${routeName(route)} answers ${route.ok} for a caller holding exactly ${Array.isArray(needs) ? needs.join(' + ') : needs}`, async () => {
        const w = world();
        let caller: Caller;
        let choices: Record<string, Choice>;
        if (needs === 'root') {
          caller = { cred: { kind: 'key', label: 'root', raw: w.root.raw }, kind: 'root', roles: [] };
          const org = await w.h.expectStatus(w.h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name: 'fresh org' } }, 201);
          choices = route.slots['org'] ? { org: { label: 'fresh org', value: org['org'].id } } : {};
        } else {
          caller = needs === 'org-key' ? await callers().key(['audit:read']) : await callers().forRoute(route, needs);
          choices = await freshChoices(w, w.a, route, caller);
        }
        const got = await observe(w, route, caller, choices, []);
        expect({ status: got.status, body: got.status === route.ok ? '' : got.body }).toEqual({ status: route.ok, body: '' });
      });
    }

    it('agrees with the role table for random role sets and routes (property)', async () => {
      const w = world();
      const routeArb = fc.constantFrom(...MATRIX_ROUTES);
      await fc.assert(
        fc.asyncProperty(roleSetArb, routeArb, fc.boolean(), async (set, route, asUser) => {
          const caller = asUser && USER_TOKEN_SURFACES.includes(route.surface) ? callers().user(set) : await callers().key(set);
          if (!isAllowed(caller, route)) {
            const before = await w.db.dump();
            expect(await expectRefused(w, route, caller)).toBeNull();
            expect(changesBetween(before, await w.db.dump())).toEqual({});
          } else if (!route.writes) {
            const got = await observe(w, route, caller, ownChoices(w, route), []);
            expect([401, 403]).not.toContain(got.status);
          }
        }),
        { numRuns: 40 },
      );
    });

    describe('no key gains a role its changer lacks', () => {
      const stored = async (w: MatrixWorld, id: string) => (await w.h.store.findKey(w.a.id, id))!;

      it("PATCH roles of another key or of itself: allowed only within the caller's own roles (property)", async () => {
        const w = world();
        await fc.assert(
          fc.asyncProperty(roleSetArb, roleSetArb, fc.subarray([...ORG_ROLES]), fc.boolean(), async (held, targetRoles, wanted, self) => {
            const caller = await w.orgKey(w.a, held);
            const target = self ? { id: caller.id, roles: held } : { id: (await w.orgKey(w.a, targetRoles)).id, roles: targetRoles };
            const res = await w.call('native', caller.raw, { method: 'PATCH', url: `/v1/keys/${target.id}`, body: { roles: wanted } });
            const admin = held.includes('admin');
            const within = (roles: readonly string[]) => admin || roles.every((r) => (held as readonly string[]).includes(r));
            const expected =
              !hasRole(held, 'keys:write') || !within(target.roles) ? 403 : wanted.length === 0 ? 400 : !within(wanted) ? 403 : 200;
            expect({ held, target: target.roles, wanted, status: res.statusCode }).toEqual({
              held,
              target: target.roles,
              wanted,
              status: expected,
            });
            expect(sorted((await stored(w, target.id)).roles)).toEqual(sorted(expected === 200 ? [...new Set(wanted)] : target.roles));
          }),
          { numRuns: 40 },
        );
      });

      it("roll: allowed only on a key within the caller's roles, and the new key holds exactly the old roles (property)", async () => {
        const w = world();
        await fc.assert(
          fc.asyncProperty(roleSetArb, roleSetArb, async (held, targetRoles) => {
            const caller = await callers().key(held);
            const target = await w.orgKey(w.a, targetRoles);
            const res = await w.call('native', caller.cred, {
              method: 'POST',
              url: `/v1/keys/${target.id}/roll`,
              body: { grace_seconds: 30 },
            });
            const allowed = hasRole(held, 'keys:write') && (held.includes('admin') || targetRoles.every((r) => held.includes(r)));
            expect({ held, targetRoles, status: res.statusCode }).toEqual({ held, targetRoles, status: allowed ? 201 : 403 });
            if (allowed) {
              const rolled = res.json();
              expect(sorted(rolled.roles)).toEqual(sorted(targetRoles));
              expect(sorted((await w.stored(rolled.key)).roles)).toEqual(sorted(targetRoles));
            } else {
              expect((await stored(w, target.id)).revokedAt).toBeNull();
            }
          }),
          { numRuns: 30 },
        );
      });

      it('minting an org key with chosen roles is admin-only, whatever the roles asked for', async () => {
        const w = world();
        for (const held of [...roleSets(), [...NON_ADMIN]]) {
          const caller = await callers().key(held);
          for (const wanted of [[held[0]!], held, ['admin']]) {
            const res = await w.call('native', caller.cred, {
              method: 'POST',
              url: '/v1/org/keys',
              body: { name: 'escalate', roles: wanted },
            });
            expect({ held, wanted, status: res.statusCode }).toEqual({ held, wanted, status: 403 });
          }
        }
        const admin = await w.call('native', w.a.adminKey, {
          method: 'POST',
          url: '/v1/org/keys',
          body: { name: 'ok', roles: ['keys:read', 'audit:read'] },
        });
        expect(sorted(admin.json().roles)).toEqual(['audit:read', 'keys:read']);
      });

      it('a keys:write key cannot revoke, disable, re-date or rename a key holding more, and that key keeps working', async () => {
        const w = world();
        const writer = await callers().key(NON_ADMIN);
        const victim = await w.orgKey(w.a, ['admin']);
        const before = await stored(w, victim.id);
        for (const req of [
          { method: 'DELETE' as const, url: `/v1/keys/${victim.id}` },
          { method: 'PATCH' as const, url: `/v1/keys/${victim.id}`, body: { enabled: false } },
          { method: 'PATCH' as const, url: `/v1/keys/${victim.id}`, body: { expires_at: w.h.clock.isoIn(60_000) } },
          { method: 'PATCH' as const, url: `/v1/keys/${victim.id}`, body: { name: 'mine now' } },
          { method: 'POST' as const, url: `/v1/keys/${victim.id}/roll`, body: {} },
        ]) {
          expect({ req, status: (await w.call('native', writer.cred, req)).statusCode }).toEqual({ req, status: 403 });
        }
        expect(await stored(w, victim.id)).toEqual(before);
        expect((await w.call('native', victim.raw, { method: 'GET', url: '/v1/whoami' })).statusCode).toBe(200);
      });

      it("personal keys (Braintrust, Openlayer) hold exactly their creator's roles, for keys and users alike (property)", async () => {
        const w = world();
        await fc.assert(
          fc.asyncProperty(roleSetArb, fc.constantFrom('braintrust', 'openlayer'), fc.boolean(), async (held, surface, asUser) => {
            const caller =
              asUser && surface === 'braintrust' ? callers().user([...held, 'not-a-role', 'ingest']) : await callers().key(held);
            const heldOrgRoles = held as readonly string[];
            const req =
              surface === 'braintrust'
                ? { method: 'POST' as const, url: '/compat/braintrust/v1/api_key', body: { name: 'personal' } }
                : { method: 'POST' as const, url: `/compat/openlayer/v1/workspaces/${w.a.id}/api-keys`, body: { name: 'personal' } };
            const res = await w.call(surface, caller.cred, req);
            if (!hasRole(heldOrgRoles, 'keys:write')) {
              expect(res.statusCode).toBe(403);
              return;
            }
            expect(res.statusCode).toBe(surface === 'braintrust' ? 200 : 201);
            const raw = surface === 'braintrust' ? res.json().key : res.json().secureKey;
            const key = await w.stored(raw);
            expect({ kind: key.kind, roles: sorted(key.roles) }).toEqual({ kind: 'org', roles: sorted(held) });
          }),
          { numRuns: 25 },
        );
      });

      it("dialects cannot reach an org key (or another creator's key) to change it", async () => {
        const w = world();
        const writer = await callers().key(NON_ADMIN);
        const admin = w.a.key('org admin');
        const adminsBraintrust = w.a.key('braintrust');
        // Confident names keys by their number in the org, and only keys minted through it have one.
        expect(admin.key.orgNumber).toBeNull();
        const before = await w.db.dump();
        const attempts: Array<[Parameters<MatrixWorld['call']>[0], Parameters<MatrixWorld['call']>[2], number]> = [
          ['basic', { method: 'DELETE', url: `/compat/basic/project/${w.a.project['id']}/key/${admin.key.id}` }, 404],
          ['braintrust', { method: 'DELETE', url: `/compat/braintrust/v1/api_key/${adminsBraintrust.key.id}` }, 404],
          ['braintrust', { method: 'DELETE', url: `/compat/braintrust/v1/api_key/${admin.key.id}` }, 404],
          // A Langtrace team key is an admin key: only an admin may mint (replace) one.
          ['langtrace', { method: 'POST', url: `/compat/langtrace/api/api-key?team_id=${w.a.id}` }, 401],
          ['langtrace', { method: 'POST', url: `/compat/langtrace/api/api-key?project_id=${w.a.project['id']}` }, 401],
        ];
        for (const [surface, req, status] of attempts) {
          expect({ req, status: (await w.call(surface, writer.cred, req)).statusCode }).toEqual({ req, status });
        }
        expect(changesBetween(before, await w.db.dump())).toEqual({});
      });
    });

    it('a project key opens no management endpoint on any surface, whatever roles it holds (401; Confident says 403)', async () => {
      const w = world();
      const before = await w.db.dump();
      const projectKeys = w.a.keys.filter(
        (k) => k.key.kind === 'project' && k.key.revokedAt === null && k.key.enabled && k.key.expiresAt === null,
      );
      expect(projectKeys.map((k) => k.label)).toEqual(
        expect.arrayContaining(['project live', 'basic', 'confident', 'confident default', 'langtrace project']),
      );
      expect(w.a.key('project live').key.roles).toContain('admin');
      const findings: string[] = [];
      for (const route of MATRIX_ROUTES) {
        for (const k of projectKeys) {
          const caller: Caller = { cred: { kind: 'key', label: k.label, raw: k.raw }, kind: 'org', roles: k.key.roles };
          const got = await observe(w, route, caller, ownChoices(w, route), []);
          // Confident tells the holder of a working project key that it is the wrong kind (its seed's 403).
          const expected = route.surface === 'confident' ? 403 : 401;
          if (got.status !== expected) findings.push(`${routeName(route)} with ${k.label}: ${got.status} ${got.body}`);
        }
      }
      expect(findings).toEqual([]);
      expect(changesBetween(before, await w.db.dump())).toEqual({});
    });
  });
}
