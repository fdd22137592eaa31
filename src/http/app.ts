import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Deps } from '../core/context.js';
import { requireBearerKey } from './auth.js';
import { installErrorHandling } from './errors.js';
import { acceptJsonBodiesOnly } from './json-body.js';
import { loggerOptions } from './logging.js';
import { HttpMetrics } from './metrics.js';
import { registerDialects } from './dialects/index.js';
import { describeApi } from './openapi.js';
import { echoRequestId, requestIdFor } from './request-id.js';
import { validatorCompiler } from './validator.js';
import { webUi } from './web-ui.js';
import { auditRoutes } from './routes/audit.js';
import { keyRoutes } from './routes/keys.js';
import { opsRoutes } from './routes/ops.js';
import { orgKeyRoutes } from './routes/org-keys.js';
import { orgRoutes } from './routes/orgs.js';
import { projectKeyRoutes } from './routes/project-keys.js';
import { projectRoutes } from './routes/projects.js';
import { usageRoutes } from './routes/usage.js';
import { verifyRoutes } from './routes/verify.js';
import { whoamiRoutes } from './routes/whoami.js';

/** 1 MiB: far above any legitimate body (metadata is capped at 16 KiB), small enough to refuse floods. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  readonly deps: Deps;
  /** Fastify's logger option (pino options, e.g. `{ level, stream }`); redaction is always added. */
  readonly logger?: FastifyServerOptions['logger'] | boolean;
  /** Behind a proxy, trust its X-Forwarded-For so the audit log records the client's IP. */
  readonly trustProxy?: FastifyServerOptions['trustProxy'];
  /** Also export Node process metrics (off in tests: they are process-wide). */
  readonly processMetrics?: boolean;
  /** Shown in the OpenAPI document. */
  readonly version?: string;
}

/**
 * Builds the whole HTTP app without listening (fastify/demo style): tests drive it with
 * `app.inject()`, and only server.ts opens a port.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // genReqId reads (and vets) x-request-id itself; Fastify must not take it unchecked.
    requestIdHeader: false,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  acceptJsonBodiesOnly(app);
  installErrorHandling(app);
  echoRequestId(app);

  const metrics = new HttpMetrics({ processMetrics: opts.processMetrics ?? false });
  metrics.observeRequests(app);

  await describeApi(app, opts.version ?? '0.1.0');

  const { deps } = opts;
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
    },
    { prefix: '/v1' },
  );
  // The platform dialects (Langtrace, Basic, Confident, Braintrust, Openlayer) at /compat/<name>.
  await app.register(registerDialects, { deps, prefix: '/compat' });
  return app;
}
