import autocannon from 'autocannon';
import type { Bodies, LoadResult } from './load.js';

export interface FixedRateSpec {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly bodies: Bodies;
  readonly connections: number;
  /** Requests a second offered, shared by all connections. */
  readonly rate: number;
  readonly seconds: number;
}

/**
 * Latency at a fixed offered load (autocannon's `overallRate`; wrk cannot pace). At
 * saturation a closed-loop generator keeps every connection waiting, so its p99 measures
 * the queue: 50 connections at N requests a second wait 50/N seconds on average whatever
 * the server does per request. Below saturation the figure is the service time.
 */
export async function fixedRate(spec: FixedRateSpec): Promise<LoadResult> {
  const bodies = spec.bodies.take(spec.rate * spec.seconds * 2);
  let i = 0;
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    overallRate: spec.rate,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json', ...spec.headers },
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
      },
    ],
  });
  spec.bodies.used(i);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.non2xx + r.errors + r.timeouts };
}
