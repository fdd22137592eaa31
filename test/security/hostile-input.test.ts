import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../src/http/web-ui.js';
import { ENGINES } from '../helpers/engines.js';
import { answerProblems, prototypeFingerprint } from './hostile-answers.js';
import { readTables, rowsById, type TableRows } from './hostile-db.js';
import { injectStream, STREAM_ROUTES, type Answer } from './inject-stream.js';
import { contentType, extraHeaders, hostileBody, pathSegment, queryString } from './hostile-values.js';
import {
  credentialFor,
  errorSurfaceOf,
  isReadOnly,
  openHostileWorld,
  validParamValues,
  type HostileWorld,
  type RouteEntry,
} from './hostile-world.js';

/**
 * Hostile input against every route the app registers (native /v1 with an allowed
 * credential, the five /compat dialects, ops, the dashboard, /docs): generated bodies,
 * headers, query strings and path ids. No 5xx, no hang, a 4xx always in its surface's
 * error shape, no internals in any body, no prototype pollution, and the database
 * changed by nothing but the requests that answered 2xx.
 */

/**
 * Requests per route and engine: ~65 routes and ~35 HEAD twins (which share their GET's
 * handler, so get fewer) make ~2,300 requests per engine, ~20-30 s each on a busy machine.
 */
const RUNS_PER_ROUTE = 30;
const RUNS_PER_HEAD_ROUTE = 10;
const runsFor = (route: RouteEntry): number => (route.method === 'HEAD' ? RUNS_PER_HEAD_ROUTE : RUNS_PER_ROUTE);
/** A request that takes longer is a hang (generous: the machine is shared). */
const HANG_MS = 15_000;
const DASHBOARD_BUILT = existsSync(join(DEFAULT_WEB_ROOT, 'index.html'));

interface Sent {
  readonly requestId: string;
  readonly status: number;
  readonly route: RouteEntry;
}

interface HostileRequest {
  readonly segments: readonly string[];
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly withCredential: boolean;
  readonly contentType: string | undefined;
  readonly body: string | null;
}

function requestsFor(route: RouteEntry, world: HostileWorld): fc.Arbitrary<HostileRequest> {
  const t = world.targets;
  const ids = [...t.projectIds, ...t.keyIds, t.victimOrgId, world.harness.org.id, t.rawKey, 'admin', 'keys:read'];
  return fc.record({
    segments: fc.tuple(...route.params.map((p) => pathSegment(validParamValues(p, world)))),
    query: queryString(
      route.query.map((f) => f.name),
      ids,
    ),
    headers: extraHeaders,
    withCredential: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    contentType,
    body: route.body ? hostileBody(route.body, ids) : fc.option(hostileBody([], ids), { freq: 4 }),
  });
}

function urlOf(route: RouteEntry, segments: readonly string[]): string {
  let i = 0;
  return route.url.replace(/:[A-Za-z_]+|\*/g, () => segments[i++] ?? '');
}

let requestCounter = 0;

async function send(world: HostileWorld, route: RouteEntry, req: HostileRequest): Promise<{ res: Answer; url: string }> {
  const url = urlOf(route, req.segments) + (req.query ? `?${req.query}` : '');
  const headers: Record<string, string> = { ...(req.withCredential ? credentialFor(route, world.harness) : {}), ...req.headers };
  // A caller's plain x-request-id is kept: make each unique so the audit log can be matched to answers.
  if ('x-request-id' in req.headers) headers['x-request-id'] = `${req.headers['x-request-id']}${++requestCounter}`;
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung for ${HANG_MS} ms: ${route.method} ${url.slice(0, 300)}`)), HANG_MS);
  });
  try {
    const opts = { method: route.method as 'GET', url, headers, ...(req.body !== null ? { payload: req.body } : {}) };
    // A key stream never ends by itself: it is read through its snapshot, then hung up on.
    const app = world.harness.app;
    const res = await Promise.race([STREAM_ROUTES.includes(route.url) ? injectStream(app, opts) : app.inject(opts), hang]);
    return { res, url };
  } finally {
    clearTimeout(timer);
  }
}

const describeRequest = (route: RouteEntry, url: string, req: HostileRequest, res: Answer): string =>
  `${route.method} ${url.slice(0, 400)}\nheaders: ${JSON.stringify(req.headers).slice(0, 400)} content-type: ${req.contentType}\nbody: ${String(req.body).slice(0, 400)}\n→ ${res.statusCode} ${res.body.slice(0, 600)}`;

for (const engine of ENGINES) {
  describe(`${engine.name}: hostile input on every route`, () => {
    let world: HostileWorld;
    let before: TableRows;
    const sent: Sent[] = [];

    beforeAll(async () => {
      world = await openHostileWorld(engine);
      before = await readTables(world.harness.opened.url);
    }, 60_000);
    afterAll(async () => {
      await world?.harness.close();
    });

    it('enumerates the whole surface: every documented path, every dialect, ops and the dashboard', async () => {
      const fuzzed = new Set(world.routes.map((r) => `${r.method} ${r.url}`));
      const doc = (await world.harness.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, object> };
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) expect(fuzzed).toContain(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
      }
      const surfaces = new Set(world.routes.map((r) => r.surface));
      for (const s of ['native', 'langtrace', 'basic', 'confident', 'braintrust', 'openlayer', 'ops', 'dashboard', 'docs'])
        expect(surfaces).toContain(s);
      // Every path parameter has real values to aim at (an unknown name throws).
      for (const r of world.routes) for (const p of r.params) expect(validParamValues(p, world).length).toBeGreaterThan(0);
    });

    it('answers thousands of generated requests without a 5xx, a hang, a stray error shape, internals or pollution', async () => {
      const clean = prototypeFingerprint();
      // Every route is tried even after one fails, so a run reports every finding at once.
      const failures: string[] = [];
      for (const route of world.routes) {
        // The last failure seen is the smallest shrunk one: report it rather than fast-check's huge value dump.
        let lastProblem = '';
        await fc
          .assert(
            fc.asyncProperty(requestsFor(route, world), async (req) => {
              const { res, url } = await send(world, route, req);
              sent.push({ requestId: String(res.headers['x-request-id']), status: res.statusCode, route });
              const path = new URL(url, 'http://x').pathname;
              const surface =
                route.surface === 'native' || route.surface === 'ops' || route.surface === 'dashboard' || route.surface === 'docs'
                  ? errorSurfaceOf(path)
                  : route.surface;
              const problems = answerProblems(res, surface, route.method, route.surface === 'dashboard' && !DASHBOARD_BUILT);
              if (prototypeFingerprint() !== clean) problems.push('a built-in prototype was polluted');
              if (problems.length > 0) {
                lastProblem = `${problems.join('; ')}\n${describeRequest(route, url, req, res)}`;
                throw new Error(lastProblem);
              }
            }),
            { numRuns: runsFor(route) },
          )
          .catch((err: Error) => failures.push(`${route.method} ${route.url}: ${lastProblem || err.message.slice(0, 2000)}`));
      }
      expect(failures).toEqual([]);
      expect(sent.length).toBeGreaterThanOrEqual(world.routes.reduce((n, r) => n + runsFor(r), 0));
    }, 300_000);

    it('reached past authentication on every route that needs a credential', () => {
      for (const route of world.routes) {
        if (Object.keys(credentialFor(route, world.harness)).length === 0) continue;
        const past = sent.filter((s) => s.route === route && s.status !== 401 && s.status !== 403);
        expect({ route: `${route.method} ${route.url}`, past: past.length > 0 }).toEqual({
          route: `${route.method} ${route.url}`,
          past: true,
        });
      }
    });

    it('changed the database only through requests that answered 2xx, each with its audit event', async () => {
      const after = await readTables(world.harness.opened.url);
      const writes = sent.filter((s) => s.status >= 200 && s.status < 300 && !isReadOnly(s.route.method, s.route.url));
      // The fuzzer must really have written (names with SQL, unicode…), or this proves little.
      expect(writes.length).toBeGreaterThan(20);
      const okIds = new Set(writes.map((s) => s.requestId));
      const oldEvents = new Set(before.audit_events.map((e) => e['id']));
      const events = after.audit_events.filter((e) => !oldEvents.has(e['id']));
      for (const e of events)
        expect(okIds, `audit event ${JSON.stringify(e)} of a request that did not succeed`).toContain(e['request_id']);
      const audited = new Set(events.map((e) => e['request_id']));
      // Revoking a revoked key answers 200 and records nothing (idempotent), nor does revoking the
      // keys of a user who has none live, nor a leak report naming no live key: only these may be silent.
      // A usage report counts verifications as verify does (into the usage buffer, never audited).
      // A redelivery sends an event again; the event's own change was audited when it happened.
      const revokes = (s: Sent) =>
        s.route.method === 'DELETE' ||
        s.route.url === '/v1/org/users/:userId/keys/revoke' ||
        s.route.url === '/v1/keys/leaked' ||
        s.route.url === '/v1/keys/usage/report' ||
        s.route.url.endsWith('/redeliver');
      const silent = writes
        .filter((s) => !audited.has(s.requestId) && !revokes(s))
        .map((s) => `${s.status} ${s.route.method} ${s.route.url}`);
      expect(silent, '2xx writes that left no audit event').toEqual([]);

      const targets = new Set(events.map((e) => String(e['target_id'])));
      for (const table of ['orgs', 'projects', 'api_keys'] as const) {
        const was = rowsById(before[table], ['last_used_at']);
        const now = rowsById(after[table], ['last_used_at']);
        const parents = new Map(after[table].map((r) => [String(r['id']), [r['org_id'], r['project_id']].map(String)]));
        for (const [id, row] of was) {
          expect(now.has(id), `${table} ${id} disappeared`).toBe(true);
          if (now.get(id) === row) continue;
          const touched = targets.has(id) || (parents.get(id) ?? []).some((p) => targets.has(p));
          expect(touched, `${table} ${id} changed without a successful request: ${row} → ${now.get(id)}`).toBe(true);
        }
        for (const id of now.keys())
          if (!was.has(id)) expect(targets, `${table} ${id} appeared without a successful request`).toContain(id);
      }
      expect(after.key_usage).toEqual(before.key_usage);
      const byClass = (lo: number) => sent.filter((s) => s.status >= lo && s.status < lo + 100).length;
      console.info(
        `${engine.name}: ${sent.length} hostile requests on ${world.routes.length} routes: ${byClass(200)} 2xx (${writes.length} writes), ${byClass(300)} 3xx, ${byClass(400)} 4xx, ${byClass(500)} 5xx`,
      );
    });
  });
}
