import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiKey } from '../../src/core/types.js';

/** The clock lru-cache and the compact table measure TTLs on, moved by hand: no test sleeps. */
export class ManualPerf {
  t = 1_000;
  now(): number {
    return this.t;
  }
}

export const T = '2025-03-01T12:00:00.000Z';

/** A project key as the store would return it, with a fresh id and hash. */
export const aCachedKey = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: randomUUID(),
  seq: 1,
  kind: 'project',
  orgId: randomUUID(),
  projectId: randomUUID(),
  name: 'ingest',
  roles: ['ingest'],
  hash: randomBytes(32).toString('hex'),
  preview: 'kw_proj_…a1B2',
  enabled: true,
  metadata: {},
  rateLimit: null,
  createdBy: { type: 'key', id: randomUUID() },
  owner: null,
  origin: 'native',
  createdAt: T,
  updatedAt: T,
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...over,
});
