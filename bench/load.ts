import { cpuSecondsOf } from './processes.js';
import { wrk } from './wrk.js';

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers other than 2xx, and connection errors or timeouts. */
  readonly failures: number;
  /**
   * The server's CPU time per request, µs (all its threads; NaN without `pid`). Unlike req/s,
   * it does not depend on whether the load generator or the server ran out of CPU first.
   */
  readonly cpuUs: number;
}

/** Where a run's request bodies come from. */
export interface Bodies {
  /** Bodies for a run of at most `max` requests, sent in turn (wrk cycles through them). */
  take(max: number): readonly string[];
  /** The run sent `count` requests. */
  used(count: number): void;
}

export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly bodies: Bodies;
  readonly connections: number;
  readonly seconds: number;
  /** The server's process, whose CPU time the run measures (`cpuUs`). */
  readonly pid?: number;
}

/** More requests a second than this machine serves: the most bodies a run can need. */
const MAX_RPS = 40_000;

/** The same bodies over and over (a hot working set, or a constant body). */
export function cycling(bodies: readonly string[]): Bodies {
  return { take: () => bodies, used: () => {} };
}

/**
 * Each body once, across runs: a cold run never repeats a key an earlier one sent. Fails
 * (rather than quietly measuring cached keys) if a run sent more than it was given.
 */
export function onceEach(all: readonly string[], start = 0): Bodies {
  let at = start;
  let given = 0;
  return {
    take(max) {
      const bodies = all.slice(at, at + max);
      if (bodies.length === 0) throw new Error('no bodies left for a cold run: seed more keys');
      given = bodies.length;
      return bodies;
    },
    used(count) {
      if (count > given) throw new Error(`a cold run sent ${count} requests but had ${given} distinct bodies: seed more keys`);
      at += count;
    },
  };
}

/** One wrk run. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const bodies = spec.bodies.take(spec.seconds * MAX_RPS);
  const cpuBefore = spec.pid === undefined ? Number.NaN : cpuSecondsOf(spec.pid);
  const r = await wrk({
    url: spec.url,
    path: spec.path,
    headers: spec.headers,
    bodies,
    connections: spec.connections,
    seconds: spec.seconds,
  });
  spec.bodies.used(r.requests);
  const cpuUs = spec.pid === undefined ? Number.NaN : ((cpuSecondsOf(spec.pid) - cpuBefore) * 1e6) / r.requests;
  return { rps: r.rps, p50: r.p50, p99: r.p99, failures: r.failures, cpuUs };
}

/** Runs `spec` `times` times after one warm-up run; returns the median of each figure. */
export async function measure(spec: LoadSpec, times: number, warmUpSeconds: number): Promise<LoadResult> {
  if (warmUpSeconds > 0) await load({ ...spec, seconds: warmUpSeconds });
  const runs: LoadResult[] = [];
  for (let i = 0; i < times; i++) runs.push(await load(spec));
  return medianOf(runs);
}

/**
 * `target` measured beside `baseline` (the raw handler): a warm-up of each, then `times`
 * runs of each in alternating order (baseline first, then target first, …), so both see
 * the same minutes of a shared machine. Returns the medians of each.
 */
export async function measureBeside(
  target: LoadSpec,
  baseline: LoadSpec,
  times: number,
  warmUpSeconds: number,
): Promise<{ target: LoadResult; baseline: LoadResult }> {
  if (warmUpSeconds > 0) {
    await load({ ...baseline, seconds: warmUpSeconds });
    await load({ ...target, seconds: warmUpSeconds });
  }
  const targets: LoadResult[] = [];
  const baselines: LoadResult[] = [];
  for (let i = 0; i < times; i++) {
    if (i % 2 === 0) baselines.push(await load(baseline));
    targets.push(await load(target));
    if (i % 2 === 1) baselines.push(await load(baseline));
  }
  return { target: medianOf(targets), baseline: medianOf(baselines) };
}

function medianOf(runs: readonly LoadResult[]): LoadResult {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failures: runs.reduce((n, r) => n + r.failures, 0),
    cpuUs: median(runs.map((r) => r.cpuUs)),
  };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
