import { KeywardError } from './errors.js';
import type { LocalTransport, LocalVerifier, LocalVerifierOptions } from './local/index.js';
import { send, type ApiCall, type CallOptions, type RetryOptions, type Retry, type TransportConfig } from './transport.js';
import type * as T from './types.js';
import { requireArray, requireCallOptions, requireCount, requireId, requireObject, requireQuery, requireString } from './validate.js';

export interface KeywardOptions {
  /** The server's root, e.g. http://127.0.0.1:8080 (a trailing /v1 is accepted too). */
  baseUrl: string;
  /** An org key (kw_org_…) or the root key (kw_root_…). */
  apiKey: string | undefined;
  /** Per attempt, in ms (default 5000). */
  timeoutMs?: number;
  /** Retry settings, or false for none. */
  retry?: RetryOptions | false;
  /** A fetch to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch;
}

/** The server's root: trailing slashes dropped, and a trailing `/v1` too (people paste the API's base URL). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

const seg = (value: unknown, field: string): string => encodeURIComponent(requireId(value, field));

/**
 * The Keyward API, one method per native route, grouped as the operationIds of /openapi.json
 * are (`keys.create` → `kw.keys.create`). Every method takes a last `options` argument with an
 * AbortSignal and a timeout; every failure is a KeywardError.
 */
export class Keyward {
  readonly #config: TransportConfig;

  constructor(options: KeywardOptions) {
    requireObject(options, 'options');
    const baseUrl = requireString(options.baseUrl, 'baseUrl');
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
      throw new KeywardError({ code: 'VALIDATION', field: 'baseUrl', message: `baseUrl must be an http(s) URL, got "${baseUrl}"` });
    }
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new KeywardError({ code: 'VALIDATION', field: 'apiKey', message: 'apiKey must be a Keyward org key (kw_org_…) or root key' });
    }
    const timeoutMs = options.timeoutMs ?? 5000;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw new KeywardError({ code: 'VALIDATION', field: 'timeoutMs', message: 'timeoutMs must be a positive number of milliseconds' });
    }
    const retry = options.retry === false ? { retries: 0 } : (requireObject(options.retry, 'retry', true) ?? {});
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new KeywardError({
        code: 'VALIDATION',
        field: 'fetch',
        message: 'no fetch: pass options.fetch on a runtime without a global fetch',
      });
    }
    this.#config = {
      root: serverRoot(baseUrl),
      apiKey: options.apiKey,
      timeoutMs,
      retry: {
        retries: requireCount(retry.retries, 'retry.retries', 0, 2),
        minDelayMs: requireCount(retry.minDelayMs, 'retry.minDelayMs', 0, 100),
        maxDelayMs: requireCount(retry.maxDelayMs, 'retry.maxDelayMs', 0, 2000),
      },
      fetch: fetchImpl,
    };
  }

  /** The server's root URL this client calls. */
  get baseUrl(): string {
    return this.#config.root;
  }

  /**
   * Any native call by method and path (`/v1/…`), for a route newer than this client. Retried
   * only as `retry` allows (default: never).
   */
  async request(call: Omit<ApiCall, 'retry'> & { retry?: Retry }, options?: CallOptions): Promise<unknown> {
    requireObject(call, 'call');
    requireString(call.method, 'call.method');
    if (!requireString(call.path, 'call.path').startsWith('/')) {
      throw new KeywardError({ code: 'VALIDATION', field: 'call.path', message: 'call.path must start with / (e.g. /v1/whoami)' });
    }
    return send(
      this.#config,
      { ...call, query: requireQuery(call.query, 'call.query'), retry: call.retry ?? 'never' },
      requireCallOptions(options),
    );
  }

  // Methods are async so that a bad argument rejects the promise (like every other failure) rather than throwing.
  #call<R>(call: ApiCall, options: unknown): Promise<R> {
    return send(this.#config, call, requireCallOptions(options)) as Promise<R>;
  }

  /** Every item of every page, fetching the next page when the last one is used up. */
  async *#all<I>(list: (cursor: string | undefined) => Promise<T.Page<I>>): AsyncGenerator<I, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      yield* page.data;
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Which org and roles this client's key acts with. */
  async whoami(options?: CallOptions): Promise<T.Whoami> {
    return this.#call({ method: 'GET', path: '/v1/whoami', retry: 'idempotent' }, options);
  }

  /** Organizations (root key). */
  readonly orgs = {
    create: async (body: T.CreateOrgBody, options?: CallOptions): Promise<T.CreatedOrg> =>
      this.#call({ method: 'POST', path: '/v1/orgs', body: requireObject(body, 'body'), retry: 'never' }, options),
    list: async (query?: T.OrgListQuery, options?: CallOptions): Promise<T.Page<T.Org>> =>
      this.#call({ method: 'GET', path: '/v1/orgs', query: requireQuery(query), retry: 'idempotent' }, options),
    listAll: (query?: Omit<T.OrgListQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.Org, void, undefined> => {
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.orgs.list({ ...q, cursor }, options));
    },
    get: async (orgId: string, options?: CallOptions): Promise<T.Org> =>
      this.#call({ method: 'GET', path: `/v1/orgs/${seg(orgId, 'orgId')}`, retry: 'idempotent' }, options),
    delete: async (orgId: string, options?: CallOptions): Promise<void> =>
      this.#call({ method: 'DELETE', path: `/v1/orgs/${seg(orgId, 'orgId')}`, retry: 'idempotent' }, options),
  };

  /** The caller's own org and its settings (admin). */
  readonly org = {
    get: async (options?: CallOptions): Promise<T.OrgSettings> =>
      this.#call({ method: 'GET', path: '/v1/org', retry: 'idempotent' }, options),
    /** Changes settings, e.g. `{ leak_policy: 'disable' }`. */
    update: async (body: T.UpdateOrgBody, options?: CallOptions): Promise<T.OrgSettings> =>
      this.#call({ method: 'PATCH', path: '/v1/org', body: requireObject(body, 'body'), retry: 'idempotent' }, options),
  };

  /** Projects of the key's org. */
  readonly projects = {
    create: async (body: T.CreateProjectBody, options?: CallOptions): Promise<T.Project> =>
      this.#call({ method: 'POST', path: '/v1/projects', body: requireObject(body, 'body'), retry: 'never' }, options),
    list: async (query?: T.ProjectListQuery, options?: CallOptions): Promise<T.Page<T.Project>> =>
      this.#call({ method: 'GET', path: '/v1/projects', query: requireQuery(query), retry: 'idempotent' }, options),
    listAll: (query?: Omit<T.ProjectListQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.Project, void, undefined> => {
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.projects.list({ ...q, cursor }, options));
    },
    get: async (projectId: string, options?: CallOptions): Promise<T.Project> =>
      this.#call({ method: 'GET', path: `/v1/projects/${seg(projectId, 'projectId')}`, retry: 'idempotent' }, options),
    update: async (projectId: string, body: T.UpdateProjectBody, options?: CallOptions): Promise<T.Project> =>
      this.#call(
        { method: 'PATCH', path: `/v1/projects/${seg(projectId, 'projectId')}`, body: requireObject(body, 'body'), retry: 'idempotent' },
        options,
      ),
    delete: async (projectId: string, options?: CallOptions): Promise<void> =>
      this.#call({ method: 'DELETE', path: `/v1/projects/${seg(projectId, 'projectId')}`, retry: 'idempotent' }, options),
    /** Verifications per day and outcome of every key of the project. */
    usage: async (projectId: string, query?: T.UsageQuery, options?: CallOptions): Promise<T.Usage> =>
      this.#call(
        { method: 'GET', path: `/v1/projects/${seg(projectId, 'projectId')}/usage`, query: requireQuery(query), retry: 'idempotent' },
        options,
      ),
  };

  /** Project keys, any key by id, and verification. */
  readonly keys = {
    /** Mints a project key; `key` of the answer is the raw secret, shown this once. Never retried. */
    create: async (projectId: string, body: T.CreateKeyBody, options?: CallOptions): Promise<T.KeyWithSecret> =>
      this.#call(
        { method: 'POST', path: `/v1/projects/${seg(projectId, 'projectId')}/keys`, body: requireObject(body, 'body'), retry: 'never' },
        options,
      ),
    list: async (projectId: string, query?: T.KeyListQuery, options?: CallOptions): Promise<T.Page<T.Key>> =>
      this.#call(
        { method: 'GET', path: `/v1/projects/${seg(projectId, 'projectId')}/keys`, query: requireQuery(query), retry: 'idempotent' },
        options,
      ),
    listAll: (projectId: string, query?: Omit<T.KeyListQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.Key, void, undefined> => {
      requireId(projectId, 'projectId');
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.keys.list(projectId, { ...q, cursor }, options));
    },
    get: async (keyId: string, options?: CallOptions): Promise<T.Key> =>
      this.#call({ method: 'GET', path: `/v1/keys/${seg(keyId, 'keyId')}`, retry: 'idempotent' }, options),
    update: async (keyId: string, body: T.UpdateKeyBody, options?: CallOptions): Promise<T.Key> =>
      this.#call(
        { method: 'PATCH', path: `/v1/keys/${seg(keyId, 'keyId')}`, body: requireObject(body, 'body'), retry: 'idempotent' },
        options,
      ),
    /** Replaces a key with a new one (its secret in `key`, shown once). Never retried: a retry would roll twice. */
    roll: async (keyId: string, body?: T.RollKeyBody, options?: CallOptions): Promise<T.KeyWithSecret> =>
      this.#call(
        { method: 'POST', path: `/v1/keys/${seg(keyId, 'keyId')}/roll`, body: requireObject(body, 'body', true) ?? {}, retry: 'never' },
        options,
      ),
    /** Revokes now; revoking twice answers the same key. */
    revoke: async (keyId: string, options?: CallOptions): Promise<T.Key> =>
      this.#call({ method: 'DELETE', path: `/v1/keys/${seg(keyId, 'keyId')}`, retry: 'idempotent' }, options),
    /** Verifications per day and outcome of one key. */
    usage: async (keyId: string, query?: T.UsageQuery, options?: CallOptions): Promise<T.Usage> =>
      this.#call(
        { method: 'GET', path: `/v1/keys/${seg(keyId, 'keyId')}/usage`, query: requireQuery(query), retry: 'idempotent' },
        options,
      ),
    /** An invalid key is not an error: it resolves to `{valid: false, code}`. */
    verify: async (body: T.VerifyBody, options?: CallOptions): Promise<T.Verification> => {
      requireString(requireObject(body, 'body')?.key, 'key');
      return this.#call({ method: 'POST', path: '/v1/keys/verify', body, retry: 'idempotent' }, options);
    },
    /** Many verifications in one call (`POST /v1/keys/verify/batch`, 1 to 100 items), answered in their order. */
    verifyBatch: async (items: T.VerifyBatchItem[], options?: CallOptions): Promise<T.VerifyBatchResult> => {
      requireArray(items, 'items').forEach((item, i) => requireString(requireObject(item, `items.${i}`)?.key, `items.${i}.key`));
      const body: T.VerifyBatchBody = { items };
      return this.#call({ method: 'POST', path: '/v1/keys/verify/batch', body, retry: 'idempotent' }, options);
    },
    /**
     * Counts verifications answered elsewhere (a local verifier sends these itself) into the
     * usage chart and `last_used_at`. Retried after a 503 only: a repeat would count twice.
     */
    reportUsage: async (body: T.UsageReportBody, options?: CallOptions): Promise<T.UsageReportResult> => {
      requireArray(requireObject(body, 'body')?.entries, 'entries').forEach((entry, i) => requireObject(entry, `entries.${i}`));
      return this.#call({ method: 'POST', path: '/v1/keys/usage/report', body, retry: 'once-unless-503' }, options);
    },
    /**
     * Brings keys a platform already issued (raw or as sha256/sha512 digests) into a project;
     * each item answers its new id or why it was refused. Never retried: a retry could import twice.
     */
    import: async (projectId: string, body: T.ImportKeysBody, options?: CallOptions): Promise<T.ImportKeysResult> => {
      const path = `/v1/projects/${seg(projectId, 'projectId')}/keys/import`;
      requireArray(requireObject(body, 'body')?.keys, 'keys');
      return this.#call({ method: 'POST', path, body, retry: 'never' }, options);
    },
    /**
     * Reports raw keys found leaked (your own scanners); each live one is acted on by its org's
     * leak policy. Retried after a 503 only. (GitHub's signed POST /v1/leaks/report, leaks.report,
     * takes no Keyward credential and has no method here: GitHub calls it, not a platform.)
     */
    leaked: async (body: T.LeakedKeysBody, options?: CallOptions): Promise<T.LeakedKeysResult> => {
      requireArray(requireObject(body, 'body')?.keys, 'keys').forEach((key, i) => requireString(key, `keys.${i}`));
      return this.#call({ method: 'POST', path: '/v1/keys/leaked', body, retry: 'once-unless-503' }, options);
    },
    // GET /v1/keys/stream (keys.stream) has no method here: it is an NDJSON stream whose one
    // consumer is the local verifier, so `kw.localVerifier()` is its API.
  };

  /** The org's own management keys (admin). */
  readonly orgKeys = {
    create: async (body: T.CreateOrgKeyBody, options?: CallOptions): Promise<T.KeyWithSecret> =>
      this.#call({ method: 'POST', path: '/v1/org/keys', body: requireObject(body, 'body'), retry: 'never' }, options),
    list: async (query?: T.OrgKeyListQuery, options?: CallOptions): Promise<T.Page<T.Key>> =>
      this.#call({ method: 'GET', path: '/v1/org/keys', query: requireQuery(query), retry: 'idempotent' }, options),
    listAll: (query?: Omit<T.OrgKeyListQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.Key, void, undefined> => {
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.orgKeys.list({ ...q, cursor }, options));
    },
    /** Revokes every personal key a user (a user token's sub) made in the org, and the keys those made. */
    revokeUserKeys: async (userId: string, options?: CallOptions): Promise<{ revoked: number }> =>
      this.#call({ method: 'POST', path: `/v1/org/users/${seg(userId, 'userId')}/keys/revoke`, retry: 'once-unless-503' }, options),
  };

  /** Verification counts per day and outcome. */
  readonly usage = {
    byKey: async (keyId: string, query?: T.UsageQuery, options?: CallOptions): Promise<T.Usage> => this.keys.usage(keyId, query, options),
    byProject: async (projectId: string, query?: T.UsageQuery, options?: CallOptions): Promise<T.Usage> =>
      this.projects.usage(projectId, query, options),
  };

  /** The org's audit log, newest first. */
  readonly audit = {
    list: async (query?: T.AuditQuery, options?: CallOptions): Promise<T.Page<T.AuditEvent>> =>
      this.#call({ method: 'GET', path: '/v1/audit', query: requireQuery(query), retry: 'idempotent' }, options),
    listAll: (query?: Omit<T.AuditQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.AuditEvent, void, undefined> => {
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.audit.list({ ...q, cursor }, options));
    },
  };

  /** The org's signed webhooks and their deliveries (admin; docs/WEBHOOKS.md). */
  readonly webhooks = {
    /** Creates an endpoint; `secret` of the answer is its signing secret, shown this once. Never retried. */
    create: async (body: T.CreateWebhookBody, options?: CallOptions): Promise<T.WebhookWithSecret> =>
      this.#call({ method: 'POST', path: '/v1/webhooks', body: requireObject(body, 'body'), retry: 'never' }, options),
    list: async (query?: T.WebhookListQuery, options?: CallOptions): Promise<T.Page<T.Webhook>> =>
      this.#call({ method: 'GET', path: '/v1/webhooks', query: requireQuery(query), retry: 'idempotent' }, options),
    listAll: (query?: Omit<T.WebhookListQuery, 'cursor'>, options?: CallOptions): AsyncGenerator<T.Webhook, void, undefined> => {
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.webhooks.list({ ...q, cursor }, options));
    },
    get: async (webhookId: string, options?: CallOptions): Promise<T.Webhook> =>
      this.#call({ method: 'GET', path: `/v1/webhooks/${seg(webhookId, 'webhookId')}`, retry: 'idempotent' }, options),
    update: async (webhookId: string, body: T.UpdateWebhookBody, options?: CallOptions): Promise<T.Webhook> =>
      this.#call(
        { method: 'PATCH', path: `/v1/webhooks/${seg(webhookId, 'webhookId')}`, body: requireObject(body, 'body'), retry: 'idempotent' },
        options,
      ),
    /** Deletes an endpoint and its deliveries. */
    delete: async (webhookId: string, options?: CallOptions): Promise<void> =>
      this.#call({ method: 'DELETE', path: `/v1/webhooks/${seg(webhookId, 'webhookId')}`, retry: 'idempotent' }, options),
    /** Replaces the signing secret (the new one in `secret`, shown once). Never retried: a retry would rotate twice. */
    rotateSecret: async (webhookId: string, options?: CallOptions): Promise<T.WebhookWithSecret> =>
      this.#call({ method: 'POST', path: `/v1/webhooks/${seg(webhookId, 'webhookId')}/rotate-secret`, retry: 'never' }, options),
    /** One page of an endpoint's deliveries with their attempts, newest first. */
    deliveries: async (webhookId: string, query?: T.DeliveryListQuery, options?: CallOptions): Promise<T.Page<T.WebhookDelivery>> =>
      this.#call(
        {
          method: 'GET',
          path: `/v1/webhooks/${seg(webhookId, 'webhookId')}/deliveries`,
          query: requireQuery(query),
          retry: 'idempotent',
        },
        options,
      ),
    /** Every delivery of an endpoint, page after page. */
    deliveriesAll: (
      webhookId: string,
      query?: Omit<T.DeliveryListQuery, 'cursor'>,
      options?: CallOptions,
    ): AsyncGenerator<T.WebhookDelivery, void, undefined> => {
      requireId(webhookId, 'webhookId');
      const q = requireQuery(query);
      requireCallOptions(options);
      return this.#all((cursor) => this.webhooks.deliveries(webhookId, { ...q, cursor }, options));
    },
    /** Sends a delivery again now, with a fresh retry window. Retried after a 503 only (it queues a send). */
    redeliver: async (webhookId: string, deliveryId: string, options?: CallOptions): Promise<T.WebhookDelivery> =>
      this.#call(
        {
          method: 'POST',
          path: `/v1/webhooks/${seg(webhookId, 'webhookId')}/deliveries/${seg(deliveryId, 'deliveryId')}/redeliver`,
          retry: 'once-unless-503',
        },
        options,
      ),
  };

  /**
   * A verifier that answers from memory, fed by the server's change stream; resolves once it
   * holds a snapshot. Keys it cannot decide exactly (credits, rate limits) it verifies remotely.
   */
  async localVerifier(options: LocalVerifierOptions = {}): Promise<LocalVerifier> {
    requireObject(options, 'options');
    if (options.projectId !== undefined) requireId(options.projectId, 'projectId');
    // Loaded on first use, so a client that never verifies locally never loads it.
    const { startLocalVerifier } = await import('./local/index.js');
    const transport: LocalTransport = {
      baseUrl: this.#config.root,
      apiKey: this.#config.apiKey,
      fetch: this.#config.fetch,
      remoteVerify: (body, signal) => this.keys.verify(body, { signal }),
    };
    return startLocalVerifier(transport, options);
  }
}
