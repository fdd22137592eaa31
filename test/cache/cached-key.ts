import { randomUUID } from 'node:crypto';
import type { KeyRecord } from '../../src/core/types.js';
import { aKey, recordOf, T0 } from '../store/fixtures.js';

export { recordOf };

/** The clock lru-cache and the compact table measure TTLs on, moved by hand: no test sleeps. */
export class ManualPerf {
  t = 1_000;
  now(): number {
    return this.t;
  }
}

export const T = T0;

/** A key's record as the store reads it by hash (what the cache holds), with fresh ids and hash. */
export const aCachedKey = (over: Partial<KeyRecord> = {}): KeyRecord =>
  recordOf({ ...aKey({ orgId: randomUUID(), projectId: randomUUID() }), seq: 1, ...over });
