import type {
  AuditAction,
  AuditEvent,
  CreateKeyInput,
  CreateOrgKeyInput,
  CreateProjectInput,
  ErrorBody,
  ErrorCode,
  ImportAnswer,
  Key,
  KeyWithSecret,
  LeakPolicy,
  Org,
  OrgCreated,
  OrgSettings,
  Page,
  PageQuery,
  Project,
  UpdateKeyInput,
  UpdateProjectInput,
  UsageRow,
  Verification,
  WhoAmI,
  Webhook,
  WebhookDelivery,
  WebhookInput,
  WebhookWithSecret,
} from './types.js';

/** What the server said when it refused: its code, message and (for a 400) the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly field: string | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && typeof (body as ErrorBody).error?.message === 'string';

export interface ClientOptions {
  /** The org or root key every call is made with. */
  readonly apiKey: string;
  /** Called on any 401: the key no longer works (revoked, expired, disabled). */
  readonly onUnauthorized?: (error: ApiError) => void;
  /** Defaults to the page's own origin: the server that serves the dashboard. */
  readonly baseUrl?: string;
}

/**
 * A small typed client for Keyward's native API v1: one method per endpoint the dashboard
 * uses, with the wire (snake_case) shapes of the contract. Any non-2xx answer becomes an
 * ApiError carrying the server's own message.
 */
export class KeywardClient {
  readonly #apiKey: string;
  readonly #baseUrl: string;
  readonly #onUnauthorized: ((error: ApiError) => void) | undefined;

  constructor(options: ClientOptions) {
    this.#apiKey = options.apiKey;
    this.#baseUrl = options.baseUrl ?? '';
    this.#onUnauthorized = options.onUnauthorized;
  }

  async #call<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#apiKey}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.#baseUrl + path + queryString(options.query), {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Could not reach the Keyward server. Check that it is running and try again.');
    }
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (response.ok) return body as T;
    const error = isErrorBody(body)
      ? new ApiError(response.status, body.error.code, body.error.message, body.error.field ?? null, body.error.request_id)
      : new ApiError(response.status, 'INTERNAL', `The server answered ${response.status} ${response.statusText}`.trim());
    if (response.status === 401) this.#onUnauthorized?.(error);
    throw error;
  }

  // --- the calling key and orgs (root) ----------------------------------------------------
  whoami = () => this.#call<WhoAmI>('GET', '/v1/whoami');
  listOrgs = (page: PageQuery = {}) => this.#call<Page<Org>>('GET', '/v1/orgs', { query: { ...page } });
  createOrg = (name: string) => this.#call<OrgCreated>('POST', '/v1/orgs', { body: { name } });
  deleteOrg = (orgId: string) => this.#call<null>('DELETE', `/v1/orgs/${enc(orgId)}`);

  // --- projects -------------------------------------------------------------------------
  listProjects = (page: PageQuery = {}) => this.#call<Page<Project>>('GET', '/v1/projects', { query: { ...page } });
  getProject = (projectId: string) => this.#call<Project>('GET', `/v1/projects/${enc(projectId)}`);
  createProject = (input: CreateProjectInput) => this.#call<Project>('POST', '/v1/projects', { body: input });
  updateProject = (projectId: string, input: UpdateProjectInput) =>
    this.#call<Project>('PATCH', `/v1/projects/${enc(projectId)}`, { body: input });
  deleteProject = (projectId: string) => this.#call<null>('DELETE', `/v1/projects/${enc(projectId)}`);

  // --- keys -----------------------------------------------------------------------------
  listProjectKeys = (projectId: string, page: PageQuery & { include_revoked?: boolean; owner_id?: string | null } = {}) =>
    this.#call<Page<Key>>('GET', `/v1/projects/${enc(projectId)}/keys`, { query: { ...page } });
  createProjectKey = (projectId: string, input: CreateKeyInput) =>
    this.#call<KeyWithSecret>('POST', `/v1/projects/${enc(projectId)}/keys`, { body: input });
  listOrgKeys = (page: PageQuery & { include_revoked?: boolean } = {}) =>
    this.#call<Page<Key>>('GET', '/v1/org/keys', { query: { ...page } });
  createOrgKey = (input: CreateOrgKeyInput) => this.#call<KeyWithSecret>('POST', '/v1/org/keys', { body: input });
  getKey = (keyId: string) => this.#call<Key>('GET', `/v1/keys/${enc(keyId)}`);
  updateKey = (keyId: string, input: UpdateKeyInput) => this.#call<Key>('PATCH', `/v1/keys/${enc(keyId)}`, { body: input });
  rollKey = (keyId: string, graceSeconds: number) =>
    this.#call<KeyWithSecret>('POST', `/v1/keys/${enc(keyId)}/roll`, { body: { grace_seconds: graceSeconds } });
  revokeKey = (keyId: string) => this.#call<Key>('DELETE', `/v1/keys/${enc(keyId)}`);
  verifyKey = (key: string, roles?: string[]) =>
    this.#call<Verification>('POST', '/v1/keys/verify', { body: roles ? { key, roles } : { key } });

  // --- usage and audit ------------------------------------------------------------------
  keyUsage = (keyId: string, days: number) => this.#call<{ data: UsageRow[] }>('GET', `/v1/keys/${enc(keyId)}/usage`, { query: { days } });
  projectUsage = (projectId: string, days: number) =>
    this.#call<{ data: UsageRow[] }>('GET', `/v1/projects/${enc(projectId)}/usage`, { query: { days } });
  listAudit = (query: PageQuery & { action?: AuditAction | null; target_id?: string | null } = {}) =>
    this.#call<Page<AuditEvent>>('GET', '/v1/audit', { query: { ...query } });

  // --- webhooks (admin) -----------------------------------------------------------------
  listWebhooks = (page: PageQuery = {}) => this.#call<Page<Webhook>>('GET', '/v1/webhooks', { query: { ...page } });
  createWebhook = (input: WebhookInput & { url: string; events: string[] }) =>
    this.#call<WebhookWithSecret>('POST', '/v1/webhooks', { body: input });
  updateWebhook = (webhookId: string, input: WebhookInput) =>
    this.#call<Webhook>('PATCH', `/v1/webhooks/${enc(webhookId)}`, { body: input });
  deleteWebhook = (webhookId: string) => this.#call<null>('DELETE', `/v1/webhooks/${enc(webhookId)}`);
  listWebhookDeliveries = (webhookId: string, page: PageQuery = {}) =>
    this.#call<Page<WebhookDelivery>>('GET', `/v1/webhooks/${enc(webhookId)}/deliveries`, { query: { ...page } });
  redeliverWebhook = (webhookId: string, deliveryId: string) =>
    this.#call<WebhookDelivery>('POST', `/v1/webhooks/${enc(webhookId)}/deliveries/${enc(deliveryId)}/redeliver`);
  // Issue 16: the caller's own org settings and key import.
  getOwnOrg = () => this.#call<OrgSettings>('GET', '/v1/org');
  setLeakPolicy = (leakPolicy: LeakPolicy) => this.#call<OrgSettings>('PATCH', '/v1/org', { body: { leak_policy: leakPolicy } });
  importKeys = (projectId: string, keys: readonly unknown[]) =>
    this.#call<ImportAnswer>('POST', `/v1/projects/${enc(projectId)}/keys/import`, { body: { keys } });
}

const enc = encodeURIComponent;

/** Follows next_cursor until the list ends or `max` items are in hand. */
export async function fetchAll<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  max: number,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null && items.length < max);
  return { items, truncated: cursor !== null };
}
