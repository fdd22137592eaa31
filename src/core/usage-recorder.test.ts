import { describe, expect, it } from 'vitest';
import { UsageRecorder } from './usage-recorder.js';
import type { UsageBatch } from './store.js';

describe('usage recorder', () => {
  it('aggregates counts per key, UTC day and code, and keeps the latest VALID use', async () => {
    const rec = new UsageRecorder();
    rec.record('k1', 'VALID', new Date('2026-01-01T23:59:00Z'));
    rec.record('k1', 'VALID', new Date('2026-01-02T00:01:00Z'));
    rec.record('k1', 'REVOKED', new Date('2026-01-02T00:02:00Z'));
    rec.record('k1', 'VALID', new Date('2026-01-02T00:03:00Z'));
    const batches: UsageBatch[] = [];
    await rec.flush({ recordUsage: async (b) => void batches.push(b) });
    expect(batches[0]!.lastUsed).toEqual([{ keyId: 'k1', at: '2026-01-02T00:03:00.000Z' }]);
    expect([...batches[0]!.counts].sort((a, b) => (a.day + a.code).localeCompare(b.day + b.code))).toEqual([
      { keyId: 'k1', day: '2026-01-01', code: 'VALID', count: 1, spent: 0 },
      { keyId: 'k1', day: '2026-01-02', code: 'REVOKED', count: 1, spent: 0 },
      { keyId: 'k1', day: '2026-01-02', code: 'VALID', count: 2, spent: 0 },
    ]);
    expect(rec.pending).toBe(0);
  });

  it('keeps a failed batch for the next flush instead of losing it', async () => {
    const rec = new UsageRecorder();
    rec.record('k1', 'VALID', new Date('2026-01-01T00:00:00Z'));
    await expect(rec.flush({ recordUsage: async () => Promise.reject(new Error('db down')) })).rejects.toThrow('db down');
    rec.record('k1', 'VALID', new Date('2026-01-01T00:00:01Z'));
    const batches: UsageBatch[] = [];
    await rec.flush({ recordUsage: async (b) => void batches.push(b) });
    expect(batches[0]!.counts).toEqual([{ keyId: 'k1', day: '2026-01-01', code: 'VALID', count: 2, spent: 0 }]);
    expect(batches[0]!.lastUsed).toEqual([{ keyId: 'k1', at: '2026-01-01T00:00:01.000Z' }]);
  });

  it('adds the credits spent per key and day to the VALID row, also across a failed flush', async () => {
    const rec = new UsageRecorder();
    rec.record('k1', 'VALID', new Date('2026-01-01T10:00:00Z'), 5);
    rec.record('k1', 'USAGE_EXCEEDED', new Date('2026-01-01T10:00:01Z'));
    await expect(rec.flush({ recordUsage: async () => Promise.reject(new Error('db down')) })).rejects.toThrow('db down');
    rec.record('k1', 'VALID', new Date('2026-01-01T11:00:00Z'), 2);
    const batches: UsageBatch[] = [];
    await rec.flush({ recordUsage: async (b) => void batches.push(b) });
    expect([...batches[0]!.counts].sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { keyId: 'k1', day: '2026-01-01', code: 'USAGE_EXCEEDED', count: 1, spent: 0 },
      { keyId: 'k1', day: '2026-01-01', code: 'VALID', count: 2, spent: 7 },
    ]);
  });

  it('does not write when nothing happened', async () => {
    const rec = new UsageRecorder();
    let calls = 0;
    await rec.flush({ recordUsage: async () => void calls++ });
    expect(calls).toBe(0);
  });
});
