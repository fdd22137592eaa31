import type { OrgRole } from '../../src/core/roles.js';
import type { Req, Surface } from './matrix-world.js';

/**
 * Every authenticated endpoint of the app, native and dialect, as data: where it lives,
 * which roles it needs, which tenant ids it carries (its "slots") and how to build a valid
 * request from them. The isolation, privilege and credential suites all run over this one
 * table, and `route-coverage` fails when the app registers a route that is neither here
 * nor in EXEMPT_ROUTES, so a new endpoint cannot escape the matrix.
 */
export type SlotKind =
  /** An org id (Openlayer's workspace, Langtrace's team). */
  | 'org'
  /** An org's name (Braintrust's `org_name`). */
  | 'orgName'
  | 'project'
  /** A key's uuid; `origin` says which surface's keys the route manages (for building own requests). */
  | 'key'
  /** A key's integer id (Confident: the key's number in its org). */
  | 'seq'
  /** A raw key, to verify. */
  | 'rawKey'
  /** Any resource id, as an audit filter. */
  | 'targetId'
  /** A webhook's uuid. */
  | 'webhook'
  /** A delivery's uuid (of the webhook in the same request's `webhook` slot). */
  | 'delivery';

export interface Slot {
  readonly kind: SlotKind;
  readonly origin?: 'native' | 'basic' | 'confident' | 'braintrust';
  /** What an allowed caller gets for another org's (or a missing) value here: 404 unless stated. */
  readonly unknownStatus?: number;
}

export type Values = Readonly<Record<string, string | number>>;

export interface MatrixRoute {
  readonly method: Req['method'];
  /** As the app registers it, e.g. `/v1/keys/:keyId`. */
  readonly path: string;
  readonly surface: Surface;
  /** Several entries may test one route, each with its own slots (Braintrust's list filters). */
  readonly variant?: string;
  /** Every role listed is needed; `root` for the root key only; `org-key` for any org key. */
  readonly needs: readonly OrgRole[] | 'root' | 'org-key';
  /** The status of success. */
  readonly ok: number;
  readonly slots: Readonly<Record<string, Slot>>;
  /** Changes state when it succeeds (the privilege suite builds fresh resources for it). */
  readonly writes: boolean;
  build(v: Values): Req;
}

export const routeName = (r: Pick<MatrixRoute, 'method' | 'path' | 'variant'>): string =>
  `${r.method} ${r.path}${r.variant ? ` [${r.variant}]` : ''}`;

const enc = encodeURIComponent;
const v1 = (
  method: Req['method'],
  path: string,
  needs: MatrixRoute['needs'],
  ok: number,
  slots: MatrixRoute['slots'],
  build: MatrixRoute['build'],
  extra: Partial<MatrixRoute> = {},
): MatrixRoute => ({
  method,
  path,
  surface: 'native',
  needs,
  ok,
  slots,
  build,
  writes: method !== 'GET',
  ...extra,
});

const NATIVE: readonly MatrixRoute[] = [
  v1('POST', '/v1/orgs', 'root', 201, {}, () => ({ method: 'POST', url: '/v1/orgs', body: { name: 'made by the matrix' } })),
  v1('GET', '/v1/orgs', 'root', 200, {}, () => ({ method: 'GET', url: '/v1/orgs' })),
  v1('GET', '/v1/orgs/:orgId', 'root', 200, { org: { kind: 'org' } }, (v) => ({ method: 'GET', url: `/v1/orgs/${v['org']}` })),
  v1('DELETE', '/v1/orgs/:orgId', 'root', 204, { org: { kind: 'org' } }, (v) => ({ method: 'DELETE', url: `/v1/orgs/${v['org']}` })),
  v1('GET', '/v1/whoami', 'org-key', 200, {}, () => ({ method: 'GET', url: '/v1/whoami' })),
  v1('POST', '/v1/org/keys', ['admin'], 201, {}, () => ({
    method: 'POST',
    url: '/v1/org/keys',
    body: { name: 'm', roles: ['keys:read'] },
  })),
  v1('GET', '/v1/org/keys', ['admin'], 200, {}, () => ({ method: 'GET', url: '/v1/org/keys?include_revoked=true&limit=100' })),
  v1('POST', '/v1/org/users/:userId/keys/revoke', ['admin'], 200, {}, () => ({
    method: 'POST',
    url: '/v1/org/users/matrix-user/keys/revoke',
  })),
  v1('POST', '/v1/projects', ['projects:write'], 201, {}, () => ({
    method: 'POST',
    url: '/v1/projects',
    body: { name: `m ${Math.random()}` },
  })),
  v1('GET', '/v1/projects', ['projects:read'], 200, {}, () => ({ method: 'GET', url: '/v1/projects?limit=100' })),
  v1('GET', '/v1/projects/:projectId', ['projects:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/v1/projects/${v['project']}`,
  })),
  v1('PATCH', '/v1/projects/:projectId', ['projects:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'PATCH',
    url: `/v1/projects/${v['project']}`,
    body: { name: `renamed ${Math.random()}`, description: 'x' },
  })),
  v1('DELETE', '/v1/projects/:projectId', ['projects:write'], 204, { project: { kind: 'project' } }, (v) => ({
    method: 'DELETE',
    url: `/v1/projects/${v['project']}`,
  })),
  v1('POST', '/v1/projects/:projectId/keys', ['keys:write'], 201, { project: { kind: 'project' } }, (v) => ({
    method: 'POST',
    url: `/v1/projects/${v['project']}/keys`,
    body: { name: 'm', roles: ['ingest'] },
  })),
  v1('GET', '/v1/projects/:projectId/keys', ['keys:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/v1/projects/${v['project']}/keys?include_revoked=true`,
  })),
  v1('GET', '/v1/projects/:projectId/usage', ['keys:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/v1/projects/${v['project']}/usage`,
  })),
  v1(
    'POST',
    '/v1/keys/verify',
    ['keys:verify'],
    200,
    { raw: { kind: 'rawKey', unknownStatus: 200 } },
    (v) => ({ method: 'POST', url: '/v1/keys/verify', body: { key: v['raw'] } }),
    { writes: false },
  ),
  v1(
    'POST',
    '/v1/keys/verify/batch',
    ['keys:verify'],
    200,
    { raw: { kind: 'rawKey', unknownStatus: 200 } },
    (v) => ({ method: 'POST', url: '/v1/keys/verify/batch', body: { items: [{ key: v['raw'] }] } }),
    { writes: false },
  ),
  v1('GET', '/v1/keys/:keyId', ['keys:read'], 200, { key: { kind: 'key', origin: 'native' } }, (v) => ({
    method: 'GET',
    url: `/v1/keys/${v['key']}`,
  })),
  v1('PATCH', '/v1/keys/:keyId', ['keys:write'], 200, { key: { kind: 'key', origin: 'native' } }, (v) => ({
    method: 'PATCH',
    url: `/v1/keys/${v['key']}`,
    body: { name: 'patched', enabled: true, metadata: { p: 1 } },
  })),
  v1('DELETE', '/v1/keys/:keyId', ['keys:write'], 200, { key: { kind: 'key', origin: 'native' } }, (v) => ({
    method: 'DELETE',
    url: `/v1/keys/${v['key']}`,
  })),
  v1('POST', '/v1/keys/:keyId/roll', ['keys:write'], 201, { key: { kind: 'key', origin: 'native' } }, (v) => ({
    method: 'POST',
    url: `/v1/keys/${v['key']}/roll`,
    body: { grace_seconds: 60 },
  })),
  v1('GET', '/v1/keys/:keyId/usage', ['keys:read'], 200, { key: { kind: 'key', origin: 'native' } }, (v) => ({
    method: 'GET',
    url: `/v1/keys/${v['key']}/usage`,
  })),
  v1('GET', '/v1/audit', ['audit:read'], 200, { target: { kind: 'targetId', unknownStatus: 200 } }, (v) => ({
    method: 'GET',
    url: `/v1/audit?limit=100&target_id=${enc(String(v['target']))}`,
  })),
  // Issue 16: the caller's own org settings, imports, and its scanners' leak reports.
  v1('GET', '/v1/org', ['admin'], 200, {}, () => ({ method: 'GET', url: '/v1/org' })),
  v1('PATCH', '/v1/org', ['admin'], 200, {}, () => ({ method: 'PATCH', url: '/v1/org', body: { leak_policy: 'revoke' } })),
  v1('POST', '/v1/projects/:projectId/keys/import', ['keys:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'POST',
    url: `/v1/projects/${v['project']}/keys/import`,
    body: { keys: [{ name: 'imported', key: `sk_matrix_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}` }] },
  })),
  // A report names raw keys, not ids: another org's key is acted on by design (leaks.test.ts); here, a key nobody holds.
  v1('POST', '/v1/keys/leaked', ['keys:write'], 200, {}, () => ({
    method: 'POST',
    url: '/v1/keys/leaked',
    body: { keys: ['kw_proj_no_such_key'] },
  })),
  // Issue 14: webhooks (admin only), the local verifiers' change stream and usage reports.
  v1('POST', '/v1/webhooks', ['admin'], 201, {}, () => ({
    method: 'POST',
    url: '/v1/webhooks',
    body: { url: 'https://hooks.example.com/matrix', events: ['key.created', 'key.revoked'] },
  })),
  v1('GET', '/v1/webhooks', ['admin'], 200, {}, () => ({ method: 'GET', url: '/v1/webhooks?limit=100' })),
  v1('GET', '/v1/webhooks/:webhookId', ['admin'], 200, { webhook: { kind: 'webhook' } }, (v) => ({
    method: 'GET',
    url: `/v1/webhooks/${v['webhook']}`,
  })),
  v1('PATCH', '/v1/webhooks/:webhookId', ['admin'], 200, { webhook: { kind: 'webhook' } }, (v) => ({
    method: 'PATCH',
    url: `/v1/webhooks/${v['webhook']}`,
    body: { description: 'patched', enabled: true, events: ['key.created'] },
  })),
  v1('DELETE', '/v1/webhooks/:webhookId', ['admin'], 204, { webhook: { kind: 'webhook' } }, (v) => ({
    method: 'DELETE',
    url: `/v1/webhooks/${v['webhook']}`,
  })),
  v1('POST', '/v1/webhooks/:webhookId/rotate-secret', ['admin'], 201, { webhook: { kind: 'webhook' } }, (v) => ({
    method: 'POST',
    url: `/v1/webhooks/${v['webhook']}/rotate-secret`,
  })),
  v1('GET', '/v1/webhooks/:webhookId/deliveries', ['admin'], 200, { webhook: { kind: 'webhook' } }, (v) => ({
    method: 'GET',
    url: `/v1/webhooks/${v['webhook']}/deliveries`,
  })),
  v1(
    'POST',
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    ['admin'],
    202,
    { webhook: { kind: 'webhook' }, delivery: { kind: 'delivery' } },
    (v) => ({ method: 'POST', url: `/v1/webhooks/${v['webhook']}/deliveries/${v['delivery']}/redeliver` }),
  ),
  // The stream never ends by itself: MatrixWorld.call reads it through its snapshot (`synced`), then hangs up.
  v1('GET', '/v1/keys/stream', ['keys:verify'], 200, {}, () => ({ method: 'GET', url: '/v1/keys/stream' }), { variant: 'org' }),
  v1(
    'GET',
    '/v1/keys/stream',
    ['keys:verify'],
    200,
    { project: { kind: 'project' } },
    (v) => ({ method: 'GET', url: `/v1/keys/stream?project_id=${v['project']}` }),
    { variant: 'project_id' },
  ),
  // Another org's key ids are ignored, not refused (a replica must not retry a batch forever): 200 with `ignored`.
  v1('POST', '/v1/keys/usage/report', ['keys:verify'], 200, { key: { kind: 'key', origin: 'native', unknownStatus: 200 } }, (v) => ({
    method: 'POST',
    url: '/v1/keys/usage/report',
    body: { entries: [{ key_id: v['key'], code: 'VALID', count: 3, at: '2026-01-01T00:00:00.000Z' }] },
  })),
];

const dialect = (
  surface: Exclude<Surface, 'native'>,
  method: Req['method'],
  path: string,
  needs: readonly OrgRole[],
  ok: number,
  slots: MatrixRoute['slots'],
  build: MatrixRoute['build'],
  extra: Partial<MatrixRoute> = {},
): MatrixRoute => ({
  method,
  path: `/compat/${surface}${path}`,
  surface,
  needs,
  ok,
  slots,
  writes: method !== 'GET',
  build: (v) => {
    const req = build(v);
    return { ...req, url: `/compat/${surface}${req.url}` };
  },
  ...extra,
});

const LANGTRACE: readonly MatrixRoute[] = [
  dialect(
    'langtrace',
    'POST',
    '/api/api-key',
    ['admin'],
    200,
    { project: { kind: 'project' } },
    (v) => ({ method: 'POST', url: `/api/api-key?project_id=${v['project']}` }),
    { variant: 'project_id' },
  ),
  dialect(
    'langtrace',
    'POST',
    '/api/api-key',
    ['admin'],
    200,
    { org: { kind: 'org' } },
    (v) => ({ method: 'POST', url: `/api/api-key?team_id=${v['org']}` }),
    { variant: 'team_id' },
  ),
];

const basicKey = { kind: 'key', origin: 'basic' } as const;
const BASIC: readonly MatrixRoute[] = [
  dialect('basic', 'POST', '/project/:id/key', ['keys:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'POST',
    url: `/project/${v['project']}/key`,
    body: { label: 'm', roles: 'read' },
  })),
  dialect('basic', 'GET', '/project/:id/key', ['keys:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/project/${v['project']}/key`,
  })),
  dialect('basic', 'GET', '/project/:id/key/:key_id', ['keys:read'], 200, { project: { kind: 'project' }, key: basicKey }, (v) => ({
    method: 'GET',
    url: `/project/${v['project']}/key/${v['key']}`,
  })),
  dialect('basic', 'DELETE', '/project/:id/key/:key_id', ['keys:write'], 200, { project: { kind: 'project' }, key: basicKey }, (v) => ({
    method: 'DELETE',
    url: `/project/${v['project']}/key/${v['key']}`,
  })),
  dialect(
    'basic',
    'POST',
    '/project/:id/key/verify',
    ['keys:verify'],
    200,
    { project: { kind: 'project' }, key: { ...basicKey, unknownStatus: 200 } },
    (v) => ({ method: 'POST', url: `/project/${v['project']}/key/verify`, body: { key: v['key:raw'], key_id: v['key'] } }),
    { writes: false },
  ),
];

const btKey = { kind: 'key', origin: 'braintrust' } as const;
const BRAINTRUST: readonly MatrixRoute[] = [
  dialect('braintrust', 'POST', '/v1/api_key', ['keys:write'], 200, { org: { kind: 'orgName', unknownStatus: 400 } }, (v) => ({
    method: 'POST',
    url: '/v1/api_key',
    body: { name: 'm', org_name: v['org'] },
  })),
  dialect(
    'braintrust',
    'GET',
    '/v1/api_key',
    ['keys:read'],
    200,
    { org: { kind: 'orgName', unknownStatus: 400 } },
    (v) => ({ method: 'GET', url: `/v1/api_key?org_name=${enc(String(v['org']))}` }),
    { variant: 'org_name' },
  ),
  dialect(
    'braintrust',
    'GET',
    '/v1/api_key',
    ['keys:read'],
    200,
    { key: { ...btKey, unknownStatus: 200 } },
    (v) => ({ method: 'GET', url: `/v1/api_key?ids=${v['key']}` }),
    { variant: 'ids' },
  ),
  dialect(
    'braintrust',
    'GET',
    '/v1/api_key',
    ['keys:read'],
    200,
    { key: { ...btKey, unknownStatus: 400 } },
    (v) => ({ method: 'GET', url: `/v1/api_key?starting_after=${v['key']}` }),
    { variant: 'starting_after' },
  ),
  dialect(
    'braintrust',
    'GET',
    '/v1/api_key',
    ['keys:read'],
    200,
    { key: { ...btKey, unknownStatus: 400 } },
    (v) => ({ method: 'GET', url: `/v1/api_key?ending_before=${v['key']}` }),
    { variant: 'ending_before' },
  ),
  dialect('braintrust', 'GET', '/v1/api_key/:api_key_id', ['keys:read'], 200, { key: btKey }, (v) => ({
    method: 'GET',
    url: `/v1/api_key/${v['key']}`,
  })),
  dialect('braintrust', 'DELETE', '/v1/api_key/:api_key_id', ['keys:write'], 200, { key: btKey }, (v) => ({
    method: 'DELETE',
    url: `/v1/api_key/${v['key']}`,
  })),
];

const cfSeq = { kind: 'seq', origin: 'confident' } as const;
const CONFIDENT: readonly MatrixRoute[] = [
  dialect('confident', 'GET', '/v1/projects', ['projects:read'], 200, {}, () => ({ method: 'GET', url: '/v1/projects' })),
  dialect('confident', 'POST', '/v1/projects', ['projects:write', 'keys:write'], 200, {}, () => ({
    method: 'POST',
    url: '/v1/projects',
    body: { name: `m ${Math.random()}` },
  })),
  dialect('confident', 'GET', '/v1/projects/:projectId', ['projects:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/v1/projects/${v['project']}`,
  })),
  dialect('confident', 'PUT', '/v1/projects/:projectId', ['projects:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'PUT',
    url: `/v1/projects/${v['project']}`,
    body: { name: `renamed ${Math.random()}` },
  })),
  dialect('confident', 'DELETE', '/v1/projects/:projectId', ['projects:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'DELETE',
    url: `/v1/projects/${v['project']}`,
  })),
  dialect('confident', 'GET', '/v1/projects/:projectId/api-keys', ['keys:read'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'GET',
    url: `/v1/projects/${v['project']}/api-keys`,
  })),
  dialect('confident', 'POST', '/v1/projects/:projectId/api-keys', ['keys:write'], 200, { project: { kind: 'project' } }, (v) => ({
    method: 'POST',
    url: `/v1/projects/${v['project']}/api-keys`,
    body: { name: 'm' },
  })),
  dialect(
    'confident',
    'GET',
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    ['keys:read'],
    200,
    { project: { kind: 'project' }, seq: cfSeq },
    (v) => ({ method: 'GET', url: `/v1/projects/${v['project']}/api-keys/${v['seq']}` }),
  ),
  dialect(
    'confident',
    'PUT',
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    ['keys:write'],
    200,
    { project: { kind: 'project' }, seq: cfSeq },
    (v) => ({ method: 'PUT', url: `/v1/projects/${v['project']}/api-keys/${v['seq']}`, body: { valid: false } }),
  ),
  dialect(
    'confident',
    'DELETE',
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    ['keys:write'],
    200,
    { project: { kind: 'project' }, seq: cfSeq },
    (v) => ({ method: 'DELETE', url: `/v1/projects/${v['project']}/api-keys/${v['seq']}` }),
  ),
];

const OPENLAYER: readonly MatrixRoute[] = [
  dialect('openlayer', 'POST', '/v1/workspaces/:workspaceId/api-keys', ['keys:write'], 201, { org: { kind: 'org' } }, (v) => ({
    method: 'POST',
    url: `/v1/workspaces/${v['org']}/api-keys`,
    body: { name: 'm' },
  })),
];

export const MATRIX_ROUTES: readonly MatrixRoute[] = [...NATIVE, ...LANGTRACE, ...BASIC, ...BRAINTRUST, ...CONFIDENT, ...OPENLAYER];

/**
 * Routes outside the matrix, each with the reason. Keyed `METHOD path` as the app
 * registers them; HEAD routes are Fastify's automatic twins of GET routes (the same
 * handler and hooks, without a body) and are exempt as a class, checked once in the
 * isolation suite.
 */
export const EXEMPT_ROUTES: Readonly<Record<string, string>> = {
  'GET /healthz': 'unauthenticated liveness; answers only ok/unavailable',
  'POST /v1/leaks/report': 'no Keyward credential: signed by a secret scanner (ECDSA); refused 401 unless signed (test/http/leaks.test.ts)',
  'GET /metrics': 'unauthenticated Prometheus text; counts by route pattern and verify code, no ids',
  'GET /openapi.json': 'unauthenticated API description; generated from schemas, no data',
  'GET /docs': 'the OpenAPI UI (static)',
  'GET /docs/': 'the OpenAPI UI (static)',
  'HEAD /docs/': 'the OpenAPI UI (static; @fastify/swagger-ui registers this HEAD itself)',
  'GET /docs/static/index.html': 'the OpenAPI UI (static)',
  'GET /docs/static/swagger-initializer.js': 'the OpenAPI UI (static)',
  'GET /docs/static/*': 'the OpenAPI UI assets (static)',
  'GET /docs/json': 'the OpenAPI document again (static)',
  'GET /docs/yaml': 'the OpenAPI document again (static)',
  'GET /assets/*': "the dashboard's built assets (static files; present once the dashboard is built)",
  'GET /': "a dashboard page (static index.html; the page calls /v1 with the user's own key)",
  'GET /sign-in': 'a dashboard page (static index.html)',
  'GET /orgs': 'a dashboard page (static index.html)',
  'GET /org-keys': 'a dashboard page (static index.html)',
  'GET /audit': 'a dashboard page (static index.html)',
  'GET /projects': 'a dashboard page (static index.html)',
  'GET /projects/*': 'a dashboard page (static index.html)',
  'GET /keys/*': 'a dashboard page (static index.html)',
  'GET /webhooks': 'a dashboard page (static index.html)',
};
