import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { ORG_ROLES } from '../../src/core/roles.js';
import type { ApiKey } from '../../src/core/types.js';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import type { TestEngine } from '../helpers/engines.js';
import { Harness, type Wire } from '../http/harness.js';
import { TestClock } from '../http/test-clock.js';
import { openDatabaseReader, type DatabaseReader } from '../helpers/database-dump.js';
import { injectStream, isStreamPath, type Answer } from './inject-stream.js';

/**
 * The world the security matrix runs in: one real app on one engine with user tokens on
 * (HS256) and a pepper, and two orgs built alike through every surface: projects (live,
 * deleted, made by Confident), keys of every kind, format, origin and state, and org keys
 * of every role. Each org can play attacker or victim.
 */
export const MATRIX_JWT_SECRET = 'matrix-tests-hs256-secret-0123456789abcdef';
const PEPPER = 'matrix-tests-pepper-0123456789abcdef0123456789';

export type Surface = 'native' | 'langtrace' | 'basic' | 'confident' | 'braintrust' | 'openlayer';
export const SURFACES: readonly Surface[] = ['native', 'langtrace', 'basic', 'confident', 'braintrust', 'openlayer'];
/** The dialects whose platform takes a signed-in user's token as well as a key. */
export const USER_TOKEN_SURFACES: readonly Surface[] = ['basic', 'braintrust'];

/** Who calls: a raw key, or a user token signed for `sub` in `orgId` (roles claim, or none). */
export type Credential =
  | { readonly kind: 'key'; readonly label: string; readonly raw: string }
  | {
      readonly kind: 'user';
      readonly label: string;
      readonly sub: string;
      readonly orgId: string;
      readonly roles: readonly string[] | null;
    };

/** A key minted while building the world: its raw value and its stored row. */
export interface WorldKey {
  readonly label: string;
  readonly raw: string;
  readonly key: ApiKey;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly adminKey: string;
  /** A live native project holding keys of every origin and state. */
  readonly project: Wire;
  /** A project deleted after a key was minted in it. */
  readonly deletedProject: Wire;
  /** A project made by Confident's POST /v1/projects (with its "Default Key"). */
  readonly confidentProject: Wire;
  /** A webhook subscribed to key.created (made first, so every key minted here queued a delivery). */
  readonly webhook: Wire;
  /** The id of one of that webhook's deliveries. */
  readonly deliveryId: string;
  /** The user whose tokens act in this org (default roles). */
  readonly userSub: string;
  readonly keys: readonly WorldKey[];
  key(label: string): WorldKey;
}

/** A request on any surface (Confident updates with PUT, which /v1 never uses). */
export interface Req {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  readonly url: string;
  readonly body?: unknown;
}

/** Where each surface reads its credential. */
export function credentialHeaders(surface: Surface, token: string): Record<string, string> {
  if (surface === 'langtrace') return { 'x-api-key': token };
  if (surface === 'confident') return { confident_api_key: token };
  return { authorization: `Bearer ${token}` };
}

export class MatrixWorld {
  #a: Tenant | null = null;
  #b: Tenant | null = null;
  #deletedOrg: Tenant | null = null;
  #root: WorldKey | null = null;

  private constructor(
    readonly h: Harness,
    readonly db: DatabaseReader,
  ) {}

  static async open(engine: TestEngine): Promise<MatrixWorld> {
    const opened = await engine.open();
    const clock = new TestClock();
    // The abuse limits are off: the matrix sends thousands of refused credentials on purpose
    // (test/security/abuse*.test.ts covers the limits themselves).
    // Webhook URLs are taken without resolving them (no delivery loop runs: nothing is sent).
    const deps = buildDeps(
      opened.store,
      { pepper: PEPPER, jwtSecret: MATRIX_JWT_SECRET, jwksUrl: null, webhookAllowPrivate: true, ...NO_ABUSE_LIMITS },
      clock,
    );
    const boot = await bootstrapInstance(deps);
    const app = await buildApp({ deps, logger: false });
    const h = new Harness(engine, app, deps, clock, boot.rootKey, { id: boot.orgId, adminKey: boot.adminKey }, opened);
    const world = new MatrixWorld(h, await openDatabaseReader(opened.url));
    world.#root = { label: 'root', raw: boot.rootKey, key: await world.stored(boot.rootKey) };
    world.#a = await world.#buildTenant('alpha');
    world.#b = await world.#buildTenant('bravo');
    world.#deletedOrg = await world.#buildTenant('deleted');
    await h.expectStatus(h.rootKey, { method: 'DELETE', url: `/v1/orgs/${world.#deletedOrg.id}` }, 204);
    // Past every "expires in a minute" key, well inside every grace period.
    clock.advance(120_000);
    return world;
  }

  get a(): Tenant {
    return this.#a!;
  }
  get b(): Tenant {
    return this.#b!;
  }
  /** The instance's root key: no org's, so foreign to every org. */
  get root(): WorldKey {
    return this.#root!;
  }
  /** An org deleted after it was fully built: its keys are revoked, its tokens refused. */
  get deletedOrg(): Tenant {
    return this.#deletedOrg!;
  }

  async close(): Promise<void> {
    await this.db.close();
    await this.h.close();
  }

  /** The raw credential to send: the key itself, or a user token signed now (valid an hour). */
  async token(cred: Credential): Promise<string> {
    if (cred.kind === 'key') return cred.raw;
    return this.signUser({ sub: cred.sub, org_id: cred.orgId, ...(cred.roles !== null ? { roles: [...cred.roles] } : {}) });
  }

  signUser(claims: Record<string, unknown>, expiresInSeconds = 3600, secret = MATRIX_JWT_SECRET): Promise<string> {
    const now = Math.floor(this.h.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(new TextEncoder().encode(secret));
  }

  /** Sends `req` on `surface` with `cred` where that surface reads it (no credential when null). */
  async call(surface: Surface, cred: Credential | string | null, req: Req): Promise<Answer> {
    const token = cred === null ? null : typeof cred === 'string' ? cred : await this.token(cred);
    const opts = {
      method: req.method,
      url: req.url,
      headers: token === null ? {} : credentialHeaders(surface, token),
      ...(req.body !== undefined ? { payload: req.body as object } : {}),
    };
    // A key stream never ends by itself: read through its snapshot, then hang up.
    return isStreamPath(req.url) ? injectStream(this.h.app, opts) : this.h.app.inject(opts);
  }

  /** Like `call`, insisting on `status`; returns the parsed body. */
  async expect(surface: Surface, cred: Credential | string, req: Req, status: number): Promise<Wire> {
    const res = await this.call(surface, cred, req);
    if (res.statusCode !== status) throw new Error(`${req.method} ${req.url}: expected ${status}, got ${res.statusCode} ${res.body}`);
    return res.body === '' ? (null as unknown as Wire) : (res.json() as Wire);
  }

  /** The stored key of a raw key (found through the app's own hash). */
  async stored(raw: string): Promise<ApiKey> {
    const found = await this.h.store.findKeyByHash(this.h.deps.hash(raw));
    const key = found && (await this.h.store.findKey(found.orgId, found.id));
    if (!key) throw new Error('a key minted by the world is not stored');
    return key;
  }

  /** An org key of `tenant` holding exactly `roles`, minted by its admin. */
  async orgKey(tenant: Pick<Tenant, 'adminKey'>, roles: readonly string[], body: Wire = {}): Promise<{ id: string; raw: string }> {
    const b = await this.expect(
      'native',
      tenant.adminKey,
      { method: 'POST', url: '/v1/org/keys', body: { name: `holds ${roles.join(' ') || 'nothing'}`, roles, ...body } },
      201,
    );
    return { id: b['id'], raw: b['key'] };
  }

  async project(tenant: Pick<Tenant, 'adminKey'>): Promise<Wire> {
    return this.expect(
      'native',
      tenant.adminKey,
      { method: 'POST', url: '/v1/projects', body: { name: `p ${randomBytes(5).toString('hex')}` } },
      201,
    );
  }

  async #buildTenant(name: string): Promise<Tenant> {
    const h = this.h;
    const created = await h.expectStatus(h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name } }, 201);
    const id = created['org'].id as string;
    const admin = created['admin_key'].key as string;
    const userSub = `user-of-${name}`;
    const user: Credential = { kind: 'user', label: 'user', sub: userSub, orgId: id, roles: null };
    const raws: Array<[string, string]> = [['admin', admin]];
    const native = (req: Req, status: number) => this.expect('native', admin, req, status);

    const webhook = (
      await native(
        { method: 'POST', url: '/v1/webhooks', body: { url: `https://hooks.example.com/${name}`, events: ['key.created'] } },
        201,
      )
    )['webhook'] as Wire;
    const project = await this.project({ adminKey: admin });
    const deletedProject = await this.project({ adminKey: admin });
    const keys = `/v1/projects/${project['id']}/keys`;
    const mint = async (label: string, body: Wire = {}, at = keys) => {
      const b = await native({ method: 'POST', url: at, body: { name: label, ...body } }, 201);
      raws.push([label, b['key']]);
      return b;
    };

    await mint('project live', { roles: ['ingest', 'admin'], metadata: { tenant: name } });
    const revoked = await mint('project revoked');
    await native({ method: 'DELETE', url: `/v1/keys/${revoked['id']}` }, 200);
    const disabled = await mint('project disabled');
    await native({ method: 'PATCH', url: `/v1/keys/${disabled['id']}`, body: { enabled: false } }, 200);
    await mint('project expired', { expires_at: h.clock.isoIn(60_000) });
    const rolled = await mint('project rolled past grace');
    raws.push([
      'project rolled successor',
      (await native({ method: 'POST', url: `/v1/keys/${rolled['id']}/roll`, body: { grace_seconds: 0 } }, 201))['key'],
    ]);
    const graced = await mint('project in grace');
    raws.push([
      'project graced successor',
      (await native({ method: 'POST', url: `/v1/keys/${graced['id']}/roll`, body: { grace_seconds: 3600 } }, 201))['key'],
    ]);
    await mint('project of deleted project', {}, `/v1/projects/${deletedProject['id']}/keys`);
    await native({ method: 'DELETE', url: `/v1/projects/${deletedProject['id']}` }, 204);

    for (const role of ORG_ROLES) raws.push([`org ${role}`, (await this.orgKey({ adminKey: admin }, [role])).raw]);
    raws.push([
      'org all but admin',
      (
        await this.orgKey(
          { adminKey: admin },
          ORG_ROLES.filter((r) => r !== 'admin'),
        )
      ).raw,
    ]);
    const revokedAdmin = await this.orgKey({ adminKey: admin }, ['admin']);
    await native({ method: 'DELETE', url: `/v1/keys/${revokedAdmin.id}` }, 200);
    raws.push(['org revoked admin', revokedAdmin.raw]);
    const disabledAdmin = await this.orgKey({ adminKey: admin }, ['admin']);
    await native({ method: 'PATCH', url: `/v1/keys/${disabledAdmin.id}`, body: { enabled: false } }, 200);
    raws.push(['org disabled admin', disabledAdmin.raw]);

    // Every dialect mints through its own surface, as its platform's clients would.
    const basicUrl = `/compat/basic/project/${project['id']}/key`;
    raws.push([
      'basic',
      (await this.expect('basic', admin, { method: 'POST', url: basicUrl, body: { label: 'basic', roles: 'read,write' } }, 200))['key']
        .value,
    ]);
    raws.push([
      'basic by user',
      (await this.expect('basic', user, { method: 'POST', url: basicUrl, body: { label: 'basic by user', roles: 'read' } }, 200))['key']
        .value,
    ]);
    // Confident's integer ids count per org, so bravo's key #1 would be the number of alpha's own
    // #1, which alpha rightly reaches. Other tenants first spend two numbers (minted, revoked):
    // their keys then bear numbers alpha has never handed out, and asking for them must find nothing.
    if (name !== 'alpha') {
      for (let i = 0; i < 2; i++) {
        const spent = await this.expect(
          'confident',
          admin,
          { method: 'POST', url: `/compat/confident/v1/projects/${project['id']}/api-keys`, body: { name: 'spent' } },
          200,
        );
        await this.expect(
          'confident',
          admin,
          { method: 'DELETE', url: `/compat/confident/v1/projects/${project['id']}/api-keys/${spent['data'].apiKey.id}` },
          200,
        );
      }
    }
    const cp = await this.expect(
      'confident',
      admin,
      { method: 'POST', url: '/compat/confident/v1/projects', body: { name: `confident ${name}` } },
      200,
    );
    raws.push(['confident default', cp['data'].apiKey.value]);
    const ck = await this.expect(
      'confident',
      admin,
      { method: 'POST', url: `/compat/confident/v1/projects/${project['id']}/api-keys`, body: { name: 'confident' } },
      200,
    );
    raws.push(['confident', ck['data'].apiKey.value]);
    const lt = (query: string) => this.expect('langtrace', admin, { method: 'POST', url: `/compat/langtrace/api/api-key?${query}` }, 200);
    raws.push(['langtrace project', (await lt(`project_id=${project['id']}`))['apiKey']]);
    raws.push(['langtrace team', (await lt(`team_id=${id}`))['apiKey']]);
    raws.push([
      'braintrust',
      (await this.expect('braintrust', admin, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'braintrust' } }, 200))[
        'key'
      ],
    ]);
    raws.push([
      'braintrust by user',
      (
        await this.expect(
          'braintrust',
          user,
          { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'braintrust by user' } },
          200,
        )
      )['key'],
    ]);
    raws.push([
      'openlayer',
      (
        await this.expect(
          'openlayer',
          admin,
          { method: 'POST', url: `/compat/openlayer/v1/workspaces/${id}/api-keys`, body: { name: 'openlayer' } },
          201,
        )
      )['secureKey'],
    ]);

    const deliveries = await native({ method: 'GET', url: `/v1/webhooks/${webhook['id']}/deliveries?limit=1` }, 200);
    const deliveryId = deliveries['data'][0].id as string;

    const worldKeys: WorldKey[] = [];
    for (const [label, raw] of raws) worldKeys.push({ label, raw, key: await this.stored(raw) });
    const byLabel = new Map(worldKeys.map((k) => [k.label, k]));
    return {
      id,
      name,
      adminKey: admin,
      project,
      deletedProject,
      confidentProject: cp['data'].project,
      webhook,
      deliveryId,
      userSub,
      keys: worldKeys,
      key(label) {
        const k = byLabel.get(label);
        if (!k) throw new Error(`no key labelled ${label}`);
        return k;
      },
    };
  }
}

/** One world per engine for a describe block. */
export function useMatrixWorld(engine: TestEngine): () => MatrixWorld {
  let world: MatrixWorld | undefined;
  beforeAll(async () => {
    world = await MatrixWorld.open(engine);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('matrix world used outside a test');
    return world;
  };
}
