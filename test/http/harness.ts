import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import type { Deps } from '../../src/core/context.js';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps, type DepsConfig } from '../../src/deps.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import type { Store } from '../../src/core/store.js';
import { openDatabaseReader, type DatabaseDump, type DatabaseReader } from '../helpers/database-dump.js';
import type { OpenedStore, TestEngine } from '../helpers/engines.js';
import { TestClock } from './test-clock.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Req {
  readonly method: Method;
  readonly url: string;
  readonly body?: unknown;
}

/** An org and the admin key that acts in it. */
export interface OrgHandle {
  readonly id: string;
  readonly adminKey: string;
}

/** Wire shapes, loosely typed: tests assert on them field by field. */
export type Wire = Record<string, any>;

/**
 * One real app on one real engine, bootstrapped like a first start (root key, org
 * `default`, its admin key), plus helpers that act through the API itself.
 */
export class Harness {
  readonly #keyCache = new Map<string, string>();
  #otherOrg: Promise<OrgHandle> | null = null;
  #reader: Promise<DatabaseReader> | null = null;

  constructor(
    readonly engine: TestEngine,
    readonly app: FastifyInstance,
    readonly deps: Deps,
    readonly clock: TestClock,
    readonly rootKey: string,
    readonly org: OrgHandle,
    readonly opened: OpenedStore,
  ) {}

  get store(): Store {
    return this.deps.store;
  }

  /**
   * `depsConfig` as buildDeps takes it. The abuse limits are off unless it sets them: route
   * suites send the same bad credentials to every route on purpose (test/security/abuse.test.ts
   * turns them on).
   */
  static async open(engine: TestEngine, appOptions: Partial<AppOptions> = {}, depsConfig: Partial<DepsConfig> = {}): Promise<Harness> {
    const opened = await engine.open();
    const clock = new TestClock();
    const deps = buildDeps(opened.store, { pepper: null, ...NO_ABUSE_LIMITS, ...depsConfig }, clock);
    const boot = await bootstrapInstance(deps);
    const app = await buildApp({ deps, ...appOptions });
    return new Harness(engine, app, deps, clock, boot.rootKey, { id: boot.orgId, adminKey: boot.adminKey }, opened);
  }

  async close(): Promise<void> {
    await this.app.close();
    await (await this.#reader?.catch(() => null))?.close();
    await this.opened.cleanup();
  }

  /**
   * Every row of every table, read on a second connection straight from the database (not
   * through the app or its cache): what "wrote nothing" is checked against.
   */
  async dumpDatabase(): Promise<DatabaseDump> {
    this.#reader ??= openDatabaseReader(this.opened.url);
    return (await this.#reader).dump();
  }

  /** Sends a request with `key` as the bearer credential (none when null). */
  send(key: string | null, req: Req, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: req.method,
      url: req.url,
      headers: { ...(key !== null ? { authorization: `Bearer ${key}` } : {}), ...headers },
      ...(req.body !== undefined ? { payload: req.body as object } : {}),
    });
  }

  /** Sends and insists on `status`, returning the parsed body (or null for an empty one). */
  async expectStatus(key: string | null, req: Req, status: number): Promise<Wire> {
    const res = await this.send(key, req);
    if (res.statusCode !== status) {
      throw new Error(`${req.method} ${req.url}: expected ${status}, got ${res.statusCode} ${res.body}`);
    }
    return res.body === '' ? (null as unknown as Wire) : (res.json() as Wire);
  }

  /** A second org (made by the root key through the API), for cross-tenant checks. */
  otherOrg(): Promise<OrgHandle> {
    this.#otherOrg ??= this.expectStatus(this.rootKey, { method: 'POST', url: '/v1/orgs', body: { name: 'other' } }, 201).then((b) => ({
      id: b['org'].id as string,
      adminKey: b['admin_key'].key as string,
    }));
    return this.#otherOrg;
  }

  createProject(org: OrgHandle = this.org, name = `project ${Math.random().toString(36).slice(2, 8)}`): Promise<Wire> {
    return this.expectStatus(org.adminKey, { method: 'POST', url: '/v1/projects', body: { name } }, 201);
  }

  mintProjectKey(projectId: string, org: OrgHandle = this.org, body: Wire = {}): Promise<Wire> {
    const req = { method: 'POST' as const, url: `/v1/projects/${projectId}/keys`, body: { name: 'key', ...body } };
    return this.expectStatus(org.adminKey, req, 201);
  }

  mintOrgKey(roles: readonly string[], org: OrgHandle = this.org, body: Wire = {}): Promise<Wire> {
    const req = { method: 'POST' as const, url: '/v1/org/keys', body: { name: `holds ${roles.join(' ')}`, roles, ...body } };
    return this.expectStatus(org.adminKey, req, 201);
  }

  /** A raw org key of this org holding exactly `roles`, minted once per harness. */
  async keyWith(...roles: string[]): Promise<string> {
    const id = [...roles].sort().join(',');
    let key = this.#keyCache.get(id);
    if (!key) {
      key = (await this.mintOrgKey(roles))['key'] as string;
      this.#keyCache.set(id, key);
    }
    return key;
  }
}

/** One harness per engine for a describe block: opened before its tests, closed after. */
export function useHarness(engine: TestEngine, appOptions: Partial<AppOptions> = {}, depsConfig: Partial<DepsConfig> = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await Harness.open(engine, appOptions, depsConfig);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('harness used outside a test');
    return harness;
  };
}
