import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers other than 2xx, and connection errors or timeouts. */
  readonly failures: number;
}

export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The next request body; called once per request. */
  readonly body: () => string;
  readonly connections: number;
  readonly seconds: number;
}

/** One autocannon run; each request's body comes from `spec.body()`. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json', ...spec.headers },
        setupRequest: (req) => ({ ...req, body: spec.body() }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Runs `spec` `times` times after one warm-up run; returns the median of each figure. */
export async function measure(spec: LoadSpec, times: number, warmUpSeconds: number): Promise<LoadResult> {
  if (warmUpSeconds > 0) await load({ ...spec, seconds: warmUpSeconds });
  const runs: LoadResult[] = [];
  for (let i = 0; i < times; i++) runs.push(await load(spec));
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failures: runs.reduce((n, r) => n + r.failures, 0),
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
