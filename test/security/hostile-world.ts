import type { RouteOptions } from 'fastify';
import { DIALECTS } from '../../src/http/dialects/index.js';
import { DASHBOARD_PATHS } from '../../src/http/web-ui.js';
import type { TestEngine } from '../helpers/engines.js';
import { Harness, type Wire } from '../http/harness.js';
import type { FieldShape } from './hostile-values.js';

/**
 * The hostile-input suite's world: one app on one engine, every route it registered (seen
 * through the app's onRoute hook, so a route added later is fuzzed without anyone listing
 * it), the credential each route needs, and real ids to put in paths so that handlers and
 * the database are reached, not only the validator.
 */

/** Where a route lives, which decides its credential and its error body. */
export type Surface = 'native' | keyof typeof DIALECTS | 'ops' | 'dashboard' | 'docs';

export interface RouteEntry {
  readonly method: string;
  /** Fastify's pattern, e.g. `/v1/keys/:keyId`. */
  readonly url: string;
  readonly surface: Surface;
  readonly params: readonly string[];
  readonly query: readonly FieldShape[];
  readonly body: readonly FieldShape[] | null;
}

const OPS = ['/healthz', '/metrics', '/openapi.json'];

/**
 * Every path must belong to a known surface: a new top-level path fails here until
 * someone decides which credential and error shape it has.
 */
export function surfaceOf(path: string): Surface {
  if (path === '/v1' || path.startsWith('/v1/')) return 'native';
  const dialect = /^\/compat\/([^/]+)(\/|$)/.exec(path)?.[1];
  if (dialect !== undefined && dialect in DIALECTS) return dialect as keyof typeof DIALECTS;
  if (OPS.includes(path)) return 'ops';
  if (path === '/docs' || path.startsWith('/docs/')) return 'docs';
  if (path.startsWith('/assets/') || DASHBOARD_PATHS.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : p === path))) {
    return 'dashboard';
  }
  throw new Error(`route ${path} belongs to no known surface: teach test/security/hostile-world.ts its credential and error shape`);
}

/** The surface whose error handler answers an arbitrary path (the root's when no scope matches). */
export function errorSurfaceOf(path: string): Surface {
  const dialect = /^\/compat\/([^/]+)\//.exec(path)?.[1];
  if (dialect !== undefined && dialect in DIALECTS) return dialect as keyof typeof DIALECTS;
  return 'native';
}

interface SchemaLike {
  type?: unknown;
  anyOf?: SchemaLike[];
  properties?: Record<string, SchemaLike>;
  required?: string[];
}

function typesOf(s: SchemaLike): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  return (s.anyOf ?? []).flatMap(typesOf);
}

function fieldsOf(schema: unknown): FieldShape[] {
  const s = (schema ?? {}) as SchemaLike;
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, types: typesOf(p), required: (s.required ?? []).includes(name) }));
}

/** Collects routes as the app registers them (HEAD twins included: they are requests too). */
export class RouteCollector {
  readonly #routes = new Map<string, RouteEntry>();

  readonly onRoute = (route: RouteOptions): void => {
    const methods = [route.method].flat();
    const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
    for (const method of methods) {
      const url = route.url;
      this.#routes.set(`${method} ${url}`, {
        method,
        url,
        surface: surfaceOf(url.replace(/:[^/]+|\*/g, 'x')),
        params: [...url.matchAll(/:([A-Za-z_]+)|\*/g)].map((m) => m[1] ?? '*'),
        query: fieldsOf(schema.querystring),
        body: schema.body ? fieldsOf(schema.body) : null,
      });
    }
  };

  get routes(): RouteEntry[] {
    return [...this.#routes.values()];
  }
}

/** Real resources the fuzzer aims at; none of them is the credential the fuzzer uses. */
export interface Targets {
  readonly victimOrgId: string;
  readonly projectIds: readonly string[];
  /** Key uuids (native, Basic and Braintrust keys): never the admin key the fuzzer holds. */
  readonly keyIds: readonly string[];
  /** Confident's integer ids (key numbers in the org) of keys minted through it. */
  readonly keySeqs: readonly string[];
  /** A raw key, for verify bodies to carry sometimes. */
  readonly rawKey: string;
  /** Webhook uuids of the fuzzer's org. */
  readonly webhookIds: readonly string[];
  /** Delivery uuids of the first of those webhooks. */
  readonly deliveryIds: readonly string[];
}

export interface HostileWorld {
  readonly harness: Harness;
  readonly routes: readonly RouteEntry[];
  readonly targets: Targets;
}

export async function openHostileWorld(engine: TestEngine): Promise<HostileWorld> {
  const collector = new RouteCollector();
  // Webhook URLs are taken without resolving them (no network; no delivery loop runs, nothing is sent).
  const h = await Harness.open(engine, { onRoute: collector.onRoute }, { webhookAllowPrivate: true });
  await h.app.ready();
  const webhookIds: string[] = [];
  for (const events of [['key.created'], ['key.revoked', 'project.deleted']]) {
    const made = await h.expectStatus(
      h.org.adminKey,
      { method: 'POST', url: '/v1/webhooks', body: { url: 'https://hooks.example.com/h', events } },
      201,
    );
    webhookIds.push(made['webhook'].id);
  }
  const victim = await h.expectStatus(h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name: 'victim' } }, 201);
  const projects: Wire[] = [];
  for (let i = 0; i < 3; i++) projects.push(await h.createProject(h.org, `target ${i}`));
  const p0 = projects[0]!['id'] as string;
  const keyIds: string[] = [];
  const native = await h.mintProjectKey(p0);
  keyIds.push(native['id'], (await h.mintProjectKey(projects[1]!['id']))['id'], (await h.mintOrgKey(['keys:read']))['id']);
  const bearer = { authorization: `Bearer ${h.org.adminKey}` };
  const basic = await h.app.inject({
    method: 'POST',
    url: `/compat/basic/project/${p0}/key`,
    headers: bearer,
    payload: { label: 'b', roles: '' },
  });
  keyIds.push(basic.json().key.id);
  const braintrust = await h.app.inject({ method: 'POST', url: '/compat/braintrust/v1/api_key', headers: bearer, payload: { name: 'bt' } });
  keyIds.push(braintrust.json().id);
  const confident = await h.app.inject({
    method: 'POST',
    url: `/compat/confident/v1/projects/${p0}/api-keys`,
    headers: { confident_api_key: h.org.adminKey },
    payload: { name: 'c' },
  });
  const keySeqs = [String(confident.json().data.apiKey.id)];
  // Every key minted above queued a key.created delivery to the first webhook.
  const deliveries = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/webhooks/${webhookIds[0]}/deliveries` }, 200);
  const deliveryIds = (deliveries['data'] as Wire[]).slice(0, 3).map((d) => d['id'] as string);
  for (const r of [basic, braintrust, confident]) if (r.statusCode >= 300) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
  return {
    harness: h,
    routes: collector.routes,
    targets: {
      victimOrgId: victim['org'].id,
      projectIds: projects.map((p) => p['id'] as string),
      keyIds,
      keySeqs,
      rawKey: native['key'],
      webhookIds,
      deliveryIds,
    },
  };
}

/** Real values for a path parameter, by its name; an unknown name fails so a new route is aimed at too. */
export function validParamValues(name: string, world: HostileWorld): readonly string[] {
  const t = world.targets;
  switch (name) {
    case 'orgId':
      return [t.victimOrgId];
    case 'workspaceId':
      return [world.harness.org.id];
    case 'projectId':
    case 'id':
      return t.projectIds;
    case 'keyId':
    case 'key_id':
    case 'api_key_id':
      return t.keyIds;
    case 'apiKeyId':
      return t.keySeqs;
    case 'webhookId':
      return t.webhookIds;
    case 'deliveryId':
      return t.deliveryIds;
    case 'userId':
      // A user token's sub: free text (POST /v1/org/users/:userId/keys/revoke).
      return ['user-1', 'auth0|5f1c', 'ada@example.com'];
    case '*':
      return ['index.js', 'x/../../package.json', '..%2f..%2fpackage.json', 'static/index.html', '.env', 'projects'];
    default:
      throw new Error(`path parameter :${name} has no real values: add them in test/security/hostile-world.ts`);
  }
}

/** The credential a caller allowed on the route sends (the org admin; the root key for /v1/orgs). */
export function credentialFor(route: RouteEntry, h: Harness): Record<string, string> {
  const admin = h.org.adminKey;
  // Signed by a secret scanner (ECDSA over the body), not sent with a key: no credential to give.
  if (route.url === '/v1/leaks/report') return {};
  switch (route.surface) {
    case 'native':
      return { authorization: `Bearer ${route.url.startsWith('/v1/orgs') ? h.rootKey : admin}` };
    case 'langtrace':
      return { 'x-api-key': admin };
    case 'confident':
      return { confident_api_key: admin };
    case 'basic':
    case 'braintrust':
    case 'openlayer':
      return { authorization: `Bearer ${admin}` };
    case 'ops':
    case 'dashboard':
    case 'docs':
      return {};
  }
}

/** Routes that read (and so must change nothing even when they answer 2xx). */
export function isReadOnly(method: string, url: string): boolean {
  return method === 'GET' || method === 'HEAD' || url.endsWith('/verify') || url.endsWith('/verify/batch');
}
