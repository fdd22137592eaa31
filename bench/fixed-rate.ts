import { Agent, request } from 'node:http';
import type { Bodies, LoadResult } from './load.js';

export interface FixedRateSpec {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly bodies: Bodies;
  /** Keep-alive connections the requests share (at most this many in flight). */
  readonly connections: number;
  /** Requests a second offered, evenly spaced. */
  readonly rate: number;
  readonly seconds: number;
  /** Sent first at the same rate, not measured. */
  readonly warmUpSeconds: number;
}

/**
 * Latency at a fixed offered load, open loop. At saturation a closed-loop generator (wrk)
 * keeps every connection waiting, so its p99 measures the queue: 50 connections at N
 * requests a second wait 50/N s on average whatever the server does per request. Here
 * request i is due at start + i/rate, whatever the earlier ones did, and its latency runs
 * from when it was due to its last byte (so a stall is counted for every request it
 * delayed, not once: no coordinated omission). autocannon's `overallRate` cannot do this:
 * it lets each connection send its share of a second back to back when the second
 * begins, so the server sees a burst of `rate` requests every second.
 */
export async function fixedRate(spec: FixedRateSpec): Promise<LoadResult> {
  if (spec.warmUpSeconds > 0) await paced({ ...spec, seconds: spec.warmUpSeconds });
  return paced(spec);
}

async function paced(spec: FixedRateSpec): Promise<LoadResult> {
  const total = Math.round(spec.rate * spec.seconds);
  const bodies = spec.bodies.take(total);
  if (bodies.length === 0) throw new Error('a fixed-rate run needs bodies');
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const { hostname, port } = new URL(spec.url);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let failures = 0;
  const start = performance.now();
  const intervalMs = 1000 / spec.rate;

  await new Promise<void>((resolve) => {
    const send = (i: number): void => {
      const due = start + i * intervalMs;
      const body = bodies[i % bodies.length]!;
      let finished = false;
      // Once per request: a socket error can follow a response's end, or come instead of it.
      const finish = (ok: boolean): void => {
        if (finished) return;
        finished = true;
        latencies[i] = performance.now() - due;
        if (!ok) failures++;
        if (++done === total) resolve();
      };
      const req = request(
        {
          agent,
          hostname,
          port,
          path: spec.path,
          method: 'POST',
          headers: { ...spec.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(res.statusCode !== undefined && res.statusCode < 300));
          res.on('error', () => finish(false));
        },
      );
      req.on('error', () => finish(false));
      req.end(body);
    };
    // A 1 ms tick sends every request that has come due (timers are not finer than that).
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) send(sent++);
      if (sent === total) clearInterval(tick);
    }, 1);
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  spec.bodies.used(total);
  const sorted = latencies.sort();
  const at = (p: number): number => Math.round(sorted[Math.min(total - 1, Math.floor((p / 100) * total))]! * 100) / 100;
  return { rps: total / elapsed, p50: at(50), p99: at(99), failures, cpuUs: Number.NaN };
}
