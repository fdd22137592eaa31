import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { TrustProxy } from '../config.js';
import type { Deps } from '../core/context.js';
import type { WiredDeps } from '../deps.js';
import { requireBearerKey } from './auth.js';
import { proxyTrust } from './client-address.js';
import { installErrorHandling } from './errors.js';
import { answerClientError } from './client-errors.js';
import { acceptJsonBodiesOnly } from './json-body.js';
import { loggerOptions } from './logging.js';
import { HttpMetrics } from './metrics.js';
import { registerDialects } from './dialects/index.js';
import { answerFrameworkError } from './dialects/shared/dialect-errors.js';
import { describeApi } from './openapi.js';
import { echoRequestId, requestIdFor } from './request-id.js';
import { validatorCompiler } from './validator.js';
import { VerifyLaneServer } from './verify-lane/verify-lane-server.js';
import { webUi } from './web-ui.js';
import { auditRoutes } from './routes/audit.js';
import { keyRoutes } from './routes/keys.js';
import { keyStreamRoutes } from './routes/key-stream.js';
import { opsRoutes } from './routes/ops.js';
import { orgKeyRoutes } from './routes/org-keys.js';
import { orgRoutes } from './routes/orgs.js';
import { projectKeyRoutes } from './routes/project-keys.js';
import { projectRoutes } from './routes/projects.js';
import { webhookRoutes } from './routes/webhooks.js';
import { usageRoutes } from './routes/usage.js';
import { verifyRoutes } from './routes/verify.js';
import { whoamiRoutes } from './routes/whoami.js';
import { keyImportRoutes } from './routes/key-import.js';
import { leakedKeyRoutes, leakReportRoutes } from './routes/leaks.js';
import type { ScanningKey } from '../core/leak-report-signature.js';

/** 1 MiB: far above any legitimate body (metadata is capped at 16 KiB), small enough to refuse floods. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * How long a connection may hold the server without completing a request. Without these,
 * Fastify's defaults leave `requestTimeout` off, so a client trickling a body (or headers)
 * one byte at a time held its socket and a request slot forever (slowloris).
 */
export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this (Node's requestTimeout; a 408 after). */
  readonly requestMs: number;
  /** The headers must arrive within this (Node's headersTimeout). */
  readonly headersMs: number;
  /** A socket with no traffic at all is closed after this (Fastify's connectionTimeout). */
  readonly idleMs: number;
  /** How often Node checks the two deadlines above: they are enforced to within this. */
  readonly checkEveryMs: number;
}

/**
 * Slow-client deadlines, set on Fastify and on Node's server alike. Fastify's defaults leave
 * the request timeout off, so a body trickled in a byte at a time held a socket for as long as
 * the client liked. Constants rather than settings: no deployment has needed others, and
 * tests shorten them through `buildApp({ timeouts })`.
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { requestMs: 30_000, headersMs: 15_000, idleMs: 60_000, checkEveryMs: 1_000 };

export interface AppOptions {
  /** With `cachedStore` (buildDeps sets it), the verify lane answers from its cache. */
  readonly deps: Deps & Partial<Pick<WiredDeps, 'cachedStore'>>;
  /** Fastify's logger option (pino options, e.g. `{ level, stream }`); redaction is always added. */
  readonly logger?: FastifyServerOptions['logger'] | boolean;
  /**
   * Behind a proxy, whose X-Forwarded-For names the client (audit log, abuse limits):
   * KEYWARD_TRUST_PROXY (`true` is one hop; a list, only those proxies). See client-address.ts.
   */
  readonly trustProxy?: TrustProxy;
  /** Also export Node process metrics (off in tests: they are process-wide). */
  readonly processMetrics?: boolean;
  /** Shown in the OpenAPI document. */
  readonly version?: string;
  /** Sees every route as it is added (tests enumerate the whole surface with it, so none escapes). */
  readonly onRoute?: (route: RouteOptions) => void;
  /** Slow-client deadlines (DEFAULT_HTTP_TIMEOUTS unless given; tests shorten them). */
  readonly timeouts?: Partial<HttpTimeouts>;
  /**
   * Answer plain verifications beside Fastify (http/verify-lane/): what a listening server
   * does. Off by default, so `inject()` (which never reaches a server) sees the same app.
   */
  readonly verifyLane?: boolean;
  /** KEYWARD_SECRET_SCANNING_KEYS and KEYWARD_LEAK_REPORTS_PER_MINUTE (none: leak reports are refused; 60). */
  readonly leakReports?: { readonly scanningKeys: readonly ScanningKey[]; readonly perMinute: number };
}

/**
 * Builds the whole HTTP app without listening (fastify/demo style): tests drive it with
 * `app.inject()`, and only server.ts opens a port.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...opts.timeouts };
  const lane = opts.verifyLane ? new VerifyLaneServer() : null;
  const trust = proxyTrust(opts.trustProxy);
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // genReqId reads (and vets) x-request-id itself; Fastify must not take it unchecked.
    requestIdHeader: false,
    trustProxy: trust,
    // Errors the router raises before any hook runs (a bad percent-encoding): our shapes, not Fastify's.
    // A block body: a FastifyReply is thenable, and this hook's result is ignored.
    frameworkErrors: (err, request, reply) => {
      answerFrameworkError(err, request, reply);
    },
    // Requests Node's parser refuses before Fastify sees them (a NUL in a header): the native error.
    clientErrorHandler: answerClientError,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    ...(lane ? { serverFactory: lane.serverFactory } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);

  app.setValidatorCompiler(validatorCompiler);
  acceptJsonBodiesOnly(app);
  installErrorHandling(app);
  echoRequestId(app);

  const metrics = new HttpMetrics({ processMetrics: opts.processMetrics ?? false });
  metrics.observeRequests(app);
  const { deps } = opts;
  lane?.open(app, deps, metrics, trust);

  await describeApi(app, opts.version ?? '0.1.0');

  await app.register(opsRoutes, { deps, metrics });
  // The dashboard at / (its own pages only; every other path keeps its JSON 404).
  await app.register(webUi);
  await app.register(
    async (v1) => {
      requireBearerKey(v1, deps);
      await v1.register(orgRoutes, { deps });
      await v1.register(whoamiRoutes, { deps });
      await v1.register(projectRoutes, { deps });
      await v1.register(projectKeyRoutes, { deps });
      await v1.register(orgKeyRoutes, { deps });
      await v1.register(keyRoutes, { deps });
      await v1.register(verifyRoutes, { deps, metrics });
      await v1.register(usageRoutes, { deps });
      await v1.register(auditRoutes, { deps });
      await v1.register(webhookRoutes, { deps });
      await v1.register(keyStreamRoutes, { deps });
      await v1.register(keyImportRoutes, { deps });
      await v1.register(leakedKeyRoutes, { deps });
    },
    { prefix: '/v1' },
  );
  // Signed by a secret scanner, not by a Keyward key: outside the bearer scope.
  await app.register(leakReportRoutes, {
    deps,
    prefix: '/v1',
    scanningKeys: opts.leakReports?.scanningKeys ?? [],
    perMinute: opts.leakReports?.perMinute ?? 60,
  });
  // The platform dialects (Langtrace, Basic, Confident, Braintrust, Openlayer) at /compat/<name>.
  await app.register(registerDialects, { deps, prefix: '/compat' });
  return app;
}
