import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VerifyCode } from '../core/types.js';

type RequestLabels = Readonly<{ method: string; route: string; status: string }>;

/**
 * The app's own Prometheus registry (never prom-client's global one), so that several
 * apps in one process, as in the tests, each count only their own traffic.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: 'keyward_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly #latency = new Histogram({
    name: 'keyward_http_request_duration_seconds',
    help: 'Time from request to response, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly #verifications = new Counter({
    name: 'keyward_verifications_total',
    help: 'Key verifications, by outcome code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  /** Label objects per route, method and status, made once: prom-client hashes them per call anyway. */
  readonly #labels = new Map<string, Map<string, Map<number, RequestLabels>>>();
  readonly #codeLabels = new Map<VerifyCode, { code: VerifyCode }>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
  }

  countVerification(code: VerifyCode): void {
    let labels = this.#codeLabels.get(code);
    if (labels === undefined) this.#codeLabels.set(code, (labels = { code }));
    this.#verifications.inc(labels);
  }

  /** Counts every answered request; `route` is the pattern, so ids do not explode the label set. */
  observeRequests(app: FastifyInstance): void {
    // A callback hook, not an async one: no promise per request on the hot path.
    app.addHook('onResponse', (request, reply, done) => {
      const labels = this.#labelsOf(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
      this.#requests.inc(labels);
      this.#latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  #labelsOf(method: string, route: string, status: number): RequestLabels {
    let byMethod = this.#labels.get(route);
    if (byMethod === undefined) this.#labels.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let labels = byStatus.get(status);
    if (labels === undefined) byStatus.set(status, (labels = Object.freeze({ method, route, status: String(status) })));
    return labels;
  }
}
