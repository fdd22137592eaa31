import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verifyKey, verifyKeys } from '../../core/use-cases/verify-key.js';
import { principalOf } from '../auth.js';
import { lazyChildLoggerFactory } from '../logging.js';
import type { HttpMetrics } from '../metrics.js';
import { BEARER, WRITE_ERRORS, errorResponses } from '../schemas/common.js';
import { Verification, VerifyBatchBody, VerifyBatchResult, VerifyBody, verificationToWire } from '../schemas/verification.js';
import type { RouteOptions } from './route-options.js';

/** The platform's hot path: is this key good, for what, with which roles? */
export const verifyRoutes: FastifyPluginAsyncTypebox<RouteOptions & { metrics: HttpMetrics }> = async (app, { deps, metrics }) => {
  app.post(
    '/keys/verify',
    {
      // Two access-log lines per verification cost more than the verification itself at
      // thousands per second; outcomes are counted in /metrics and usage instead, and
      // warnings and errors on this route are still logged.
      logLevel: 'warn',
      // …and the per-request child logger is made only if one of those is logged.
      childLoggerFactory: lazyChildLoggerFactory,
      schema: {
        tags: ['verify'],
        security: BEARER,
        operationId: 'keys.verify',
        summary: 'Verify a key (keys:verify); an invalid key is 200 {valid: false, code}',
        body: VerifyBody,
        response: { 200: Verification, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      const result = await verifyKey(deps, principalOf(request), request.body);
      metrics.countVerification(result.code);
      return verificationToWire(result);
    },
  );

  app.post(
    '/keys/verify/batch',
    {
      // As the single verification: a gateway sends these at volume.
      logLevel: 'warn',
      childLoggerFactory: lazyChildLoggerFactory,
      schema: {
        tags: ['verify'],
        security: BEARER,
        operationId: 'keys.verifyBatch',
        summary: 'Verify 1 to 100 keys at once (keys:verify); each result as POST /v1/keys/verify would answer',
        body: VerifyBatchBody,
        response: { 200: VerifyBatchResult, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      const results = await verifyKeys(deps, principalOf(request), request.body.items);
      for (const result of results) metrics.countVerification(result.code);
      return { results: results.map(verificationToWire) };
    },
  );
};
