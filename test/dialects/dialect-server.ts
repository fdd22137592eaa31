import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Deps } from '../../src/core/context.js';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import type { OpenedStore, TestEngine } from '../helpers/engines.js';
import { TestClock } from '../http/test-clock.js';
import { expectValid, type Contract } from './contract.js';

/** The HS256 secret the dialect tests configure (KEYWARD_JWT_SECRET), and sign their user tokens with. */
export const JWT_SECRET = 'dialect-tests-hs256-secret-0123456789abcdef';

/** KEYWARD_JWT_SECRET (JWT_SECRET unless null: no HS256) and KEYWARD_JWKS_URL for a test server. */
export type UserTokenConfig = Partial<Pick<Config, 'jwtSecret' | 'jwksUrl' | 'jwtMaxAgeSeconds'>>;

export interface OrgHandle {
  readonly id: string;
  readonly adminKey: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

export interface Exchange {
  readonly method: string;
  /** Path under the server, e.g. `/compat/basic/project/…/key?x=1`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/**
 * A real Keyward listening on 127.0.0.1 (every test talks HTTP to it, like a platform's
 * client would), bootstrapped like a first start, on one engine, with an injected clock
 * and user tokens on (HS256, plus a JWKS URL when given).
 */
export class DialectServer {
  readonly #keys = new Map<string, string>();
  #other: Promise<OrgHandle> | null = null;

  constructor(
    readonly url: string,
    readonly app: FastifyInstance,
    readonly deps: Deps,
    readonly clock: TestClock,
    readonly rootKey: string,
    readonly org: OrgHandle,
    readonly opened: OpenedStore,
  ) {}

  static async start(engine: TestEngine, config: UserTokenConfig = {}): Promise<DialectServer> {
    const opened = await engine.open();
    const clock = new TestClock();
    const jwtSecret = config.jwtSecret === undefined ? JWT_SECRET : config.jwtSecret;
    const maxAge = config.jwtMaxAgeSeconds === undefined ? {} : { jwtMaxAgeSeconds: config.jwtMaxAgeSeconds };
    const deps = buildDeps(opened.store, { pepper: null, jwtSecret, jwksUrl: config.jwksUrl ?? null, ...maxAge }, clock);
    const boot = await bootstrapInstance(deps);
    const app = await buildApp({ deps, logger: false });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return new DialectServer(url, app, deps, clock, boot.rootKey, { id: boot.orgId, adminKey: boot.adminKey }, opened);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.opened.cleanup();
  }

  /** Sends one request over HTTP; a JSON body is sent as JSON unless a string is given. */
  async send(ex: Exchange): Promise<Answer> {
    const body = ex.body === undefined ? undefined : typeof ex.body === 'string' ? ex.body : JSON.stringify(ex.body);
    const headers = { ...(body !== undefined && typeof ex.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...ex.headers };
    const res = await fetch(`${this.url}${ex.path}`, { method: ex.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  /**
   * Sends a request checked against the contract and insists on `status`: the request
   * body valid under the platform's request schema (unless `requestValid` is false: a
   * test that sends a bad body on purpose), the answer JSON and valid under the schema
   * for its status.
   */
  async exchange(contract: Contract, ex: Exchange, status: number, requestValid = true): Promise<Answer> {
    if (contract.request && ex.body !== undefined && typeof ex.body !== 'string') {
      expect({ body: ex.body, valid: contract.request(ex.body) }).toEqual({ body: ex.body, valid: requestValid });
    }
    const answer = await this.send(ex);
    expect({ status: answer.status, body: answer.text }).toMatchObject({ status });
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const validate = contract.responses[status];
    if (!validate) throw new Error(`the contract has no schema for ${status}`);
    expectValid(validate, answer.body, `${ex.method} ${ex.path} → ${status}`);
    expect(answer.text).not.toMatch(/\bat .+:\d+:\d+/); // never a stack trace
    return answer;
  }

  /** A native /v1 call with a bearer key, insisting on `status`. */
  async native(key: string, method: string, path: string, body: unknown, status: number): Promise<any> {
    const answer = await this.send({ method, path: `/v1${path}`, headers: { authorization: `Bearer ${key}` }, body });
    expect({ status: answer.status, body: answer.text }).toMatchObject({ status });
    return answer.body;
  }

  /** The native verification of a raw key by an org's admin: what the platform's backend would ask. */
  verify(raw: string, org: OrgHandle = this.org): Promise<any> {
    return this.native(org.adminKey, 'POST', '/keys/verify', { key: raw }, 200);
  }

  otherOrg(): Promise<OrgHandle> {
    this.#other ??= this.native(this.rootKey, 'POST', '/orgs', { name: `other ${randomBytes(3).toString('hex')}` }, 201).then((b) => ({
      id: b.org.id as string,
      adminKey: b.admin_key.key as string,
    }));
    return this.#other;
  }

  async createProject(org: OrgHandle = this.org): Promise<{ id: string; name: string }> {
    return this.native(org.adminKey, 'POST', '/projects', { name: `project ${randomBytes(4).toString('hex')}` }, 201);
  }

  /** An org key of this org holding exactly `roles`, minted once. */
  async keyWith(...roles: string[]): Promise<string> {
    const id = [...roles].sort().join(',');
    let key = this.#keys.get(id);
    if (!key) {
      key = (await this.native(this.org.adminKey, 'POST', '/org/keys', { name: `holds ${id}`, roles }, 201)).key as string;
      this.#keys.set(id, key);
    }
    return key;
  }

  /** A revoked org admin key: a well-formed credential that must never open anything. */
  async revokedKey(): Promise<string> {
    const minted = await this.native(this.org.adminKey, 'POST', '/org/keys', { name: 'soon revoked', roles: ['admin'] }, 201);
    await this.native(this.org.adminKey, 'DELETE', `/keys/${minted.id}`, undefined, 200);
    return minted.key as string;
  }

  /** An HS256 user token for this server, expiring an hour from the server's clock unless `exp` is given. */
  signUser(claims: Record<string, unknown>, options: { secret?: string; exp?: number } = {}): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now)
      .setExpirationTime(options.exp ?? now + 3600)
      .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
  }
}

export function useDialectServer(engine: TestEngine, config: () => UserTokenConfig = () => ({})): () => DialectServer {
  let server: DialectServer | undefined;
  beforeAll(async () => {
    server = await DialectServer.start(engine, config());
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('dialect server used outside a test');
    return server;
  };
}
