import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { VerifyCode } from '../core/types.js';
import { FastCounter, FastHistogram, type CounterCell, type HistogramCell } from './request-metrics.js';

/** The counter and the histogram of one method, route pattern and status. */
export class RequestCells {
  constructor(
    readonly count: CounterCell,
    readonly latency: HistogramCell,
  ) {}

  /** One answered request that took `seconds`. */
  observe(seconds: number): void {
    this.count.inc();
    this.latency.observe(seconds);
  }
}

/**
 * The app's own Prometheus registry (never prom-client's global one), so that several
 * apps in one process, as in the tests, each count only their own traffic. The per-request
 * metrics are request-metrics.ts cells (a few array writes each); process metrics are
 * prom-client's.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  readonly #requests = new FastCounter(
    'keyward_http_requests_total',
    'HTTP requests answered, by method, route pattern and status',
    ['method', 'route', 'status'],
    this.registry,
  );
  readonly #latency = new FastHistogram(
    'keyward_http_request_duration_seconds',
    'Time from request to response, by method, route pattern and status',
    ['method', 'route', 'status'],
    this.registry,
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  readonly #verifications = new FastCounter('keyward_verifications_total', 'Key verifications, by outcome code', ['code'], this.registry);
  readonly #lane = new FastCounter(
    'keyward_verify_lane_requests_total',
    'POST /v1/keys/verify requests the verify lane answered itself, or declined and left to the full request path',
    ['outcome'],
    this.registry,
  );
  /** Verify lane outcomes (http/verify-lane/): how much verification traffic takes the short path. */
  readonly laneAnswered = this.#lane.cell('answered');
  readonly laneDeclined = this.#lane.cell('declined');

  /** Cells per route, method and status, resolved once. */
  readonly #cells = new Map<string, Map<string, Map<number, RequestCells>>>();
  readonly #codes = new Map<VerifyCode, CounterCell>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
  }

  countVerification(code: VerifyCode): void {
    let cell = this.#codes.get(code);
    if (cell === undefined) this.#codes.set(code, (cell = this.#verifications.cell(code)));
    cell.inc();
  }

  /** Counts every answered request; `route` is the pattern, so ids do not explode the label set. */
  observeRequests(app: FastifyInstance): void {
    // A callback hook, not an async one: no promise per request on the hot path.
    app.addHook('onResponse', (request, reply, done) => {
      this.requestCells(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode).observe(reply.elapsedTime / 1000);
      done();
    });
  }

  /** The cells of one method, route pattern and status (the verify lane keeps its own). */
  requestCells(method: string, route: string, status: number): RequestCells {
    let byMethod = this.#cells.get(route);
    if (byMethod === undefined) this.#cells.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let cells = byStatus.get(status);
    if (cells === undefined) {
      const labels = [method, route, String(status)];
      byStatus.set(status, (cells = new RequestCells(this.#requests.cell(...labels), this.#latency.cell(...labels))));
    }
    return cells;
  }
}
