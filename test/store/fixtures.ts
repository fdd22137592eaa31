import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { KEY_RECORD_FIELDS, type ApiKey, type AuditEvent, type KeyRecord, type Organization, type Project } from '../../src/core/types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';
import type { TestEngine } from '../helpers/engines.js';

/** Fixed instants: the store never reads the clock, so tests pass times explicitly. */
export const T0 = '2025-03-01T12:00:00.000Z';
export const minutesAfterT0 = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** A fresh migrated store per test, closed and deleted afterwards. */
export function useFreshStore(engine: TestEngine): () => Store {
  return useFreshDatabase(engine).store;
}

/** As useFreshStore, with the database's URL too (to watch it from outside, e.g. for lock waits). */
export function useFreshDatabase(engine: TestEngine): { store: () => Store; url: () => string } {
  let current: { store: Store; url: string; cleanup(): Promise<void> } | undefined;
  beforeEach(async () => {
    current = await engine.open();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  const need = () => {
    if (!current) throw new Error('store used outside a test');
    return current;
  };
  return { store: () => need().store, url: () => need().url };
}

/**
 * A fresh store per test and a second store on the same database (another connection sees
 * only what is committed), both closed afterwards.
 */
export function useStoreWithObserver(engine: TestEngine): { store: () => Store; other: () => Store } {
  let current: { store: Store; url: string; cleanup(): Promise<void> } | undefined;
  let observer: Store | undefined;
  beforeEach(async () => {
    current = await engine.open();
    observer = await openStore(current.url);
  });
  afterEach(async () => {
    await observer?.close();
    await current?.cleanup();
    current = observer = undefined;
  });
  const need = <T>(v: T | undefined): T => {
    if (!v) throw new Error('store used outside a test');
    return v;
  };
  return { store: () => need(current).store, other: () => need(observer) };
}

export const anOrg = (over: Partial<Organization> = {}): Organization => ({
  id: randomUUID(),
  name: 'Acme',
  createdAt: T0,
  updatedAt: T0,
  leakPolicy: 'revoke',
  ...over,
});

export const aProject = (orgId: string, over: Partial<Project> = {}): Project => ({
  id: randomUUID(),
  orgId,
  name: `project-${randomBytes(3).toString('hex')}`,
  description: null,
  keyPrefix: null,
  maxKeysPerOwner: null,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

export const aKey = (over: Partial<Omit<ApiKey, 'seq'>> = {}): Omit<ApiKey, 'seq'> => ({
  id: randomUUID(),
  kind: 'project',
  orgId: null,
  projectId: null,
  name: 'ingest',
  roles: ['ingest'],
  hash: randomBytes(32).toString('hex'),
  preview: 'kw_proj_…a1B2',
  enabled: true,
  metadata: {},
  rateLimit: null,
  credits: null,
  allowedIps: null,
  createdBy: { type: 'key', id: randomUUID() },
  owner: null,
  ownerId: null,
  origin: 'native',
  createdAt: T0,
  updatedAt: T0,
  lastUsedAt: null,
  orgNumber: null,
  makerId: null,
  expiresAt: null,
  revokedAt: null,
  imported: false,
  ...over,
});

export const anAuditEvent = (orgId: string | null, over: Partial<Omit<AuditEvent, 'seq'>> = {}): Omit<AuditEvent, 'seq'> => ({
  id: randomUUID(),
  orgId,
  actor: { type: 'key', id: randomUUID() },
  action: 'project.create',
  target: { type: 'project', id: randomUUID() },
  createdAt: T0,
  requestId: 'req-1',
  ip: '203.0.113.7',
  details: null,
  ...over,
});

/** An org with one project, stored. */
export async function seedOrgAndProject(store: Store): Promise<{ org: Organization; project: Project }> {
  const org = anOrg();
  const project = aProject(org.id);
  await store.insertOrg(org);
  await store.insertProject(project);
  return { org, project };
}

export const projectKey = (org: Organization, project: Project, over: Partial<Omit<ApiKey, 'seq'>> = {}) =>
  aKey({ kind: 'project', orgId: org.id, projectId: project.id, ...over });

export const orgKey = (org: Organization, over: Partial<Omit<ApiKey, 'seq'>> = {}) =>
  aKey({ kind: 'org', orgId: org.id, projectId: null, roles: ['admin'], preview: 'kw_org_…Zz99', ...over });

export const FIRST_PAGE = { limit: 100, beforeSeq: null } as const;

/** The record of a whole key: what `findKeyByHash` answers for it. */
export const recordOf = (key: KeyRecord | ApiKey): KeyRecord => {
  const record = Object.fromEntries(KEY_RECORD_FIELDS.map((f) => [f, key[f]])) as unknown as KeyRecord;
  // A record says that a key has credits and how they refill, never the balance.
  return { ...record, credits: key.credits === null ? null : { refill: key.credits.refill } };
};
