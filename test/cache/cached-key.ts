import { randomUUID } from 'node:crypto';
import type { ApiKey } from '../../src/core/types.js';
import { aKey, T0 } from '../store/fixtures.js';

/** The clock lru-cache and the compact table measure TTLs on, moved by hand: no test sleeps. */
export class ManualPerf {
  t = 1_000;
  now(): number {
    return this.t;
  }
}

export const T = T0;

/** A project key as the store would return it (with its seq), with fresh ids and hash. */
export const aCachedKey = (over: Partial<ApiKey> = {}): ApiKey => ({
  ...aKey({ orgId: randomUUID(), projectId: randomUUID() }),
  seq: 1,
  ...over,
});
