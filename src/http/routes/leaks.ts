import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RateLimitedError, retryAfterSeconds } from '../../core/abuse-guard.js';
import { clientNetwork } from '../../core/abuse-network.js';
import { KeywardError } from '../../core/errors.js';
import { isSignedReport, type ScanningKey } from '../../core/leak-report-signature.js';
import { InProcessRateLimiter } from '../../core/rate-limiter.js';
import { handleLeakReports, reportLeakedKeys } from '../../core/use-cases/leaks.js';
import { callContext } from '../auth.js';
import { jsonBodyParser } from '../json-body.js';
import { BEARER, WRITE_ERRORS, described, errorResponses } from '../schemas/common.js';
import { LeakedKeysAnswer, LeakedKeysBody, LeakReportAnswer, LeakReportBody } from '../schemas/leaks.js';
import type { RouteOptions } from './route-options.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the leak report's body parser once the body's signature verified. */
    leakReportSigned?: boolean;
  }
}

export interface LeakReportOptions extends RouteOptions {
  /** KEYWARD_SECRET_SCANNING_KEYS; none: every report is refused. */
  readonly scanningKeys: readonly ScanningKey[];
  /** Reports per client network and minute; 0: no limit. */
  readonly perMinute: number;
}

const unsigned = () => new KeywardError('UNAUTHORIZED', 'the report is not signed by a configured secret scanning key');
const WINDOW_MS = 60_000;

/**
 * `POST /v1/leaks/report`: GitHub's secret scanning partner endpoint. It takes no Keyward
 * credential: the report's ECDSA signature over the exact body bytes is the credential, so
 * this plugin reads the body itself (a parser of its own, for this route only) and checks
 * the signature before parsing a byte of JSON. Limited per client network before that.
 */
export const leakReportRoutes: FastifyPluginAsyncTypebox<LeakReportOptions> = async (app, { deps, scanningKeys, perMinute }) => {
  const limiter = perMinute > 0 ? new InProcessRateLimiter(100_000) : null;
  const parse = jsonBodyParser(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    if (!isSignedReport(scanningKeys, header('github-public-key-identifier'), header('github-public-key-signature'), bytes)) {
      done(unsigned(), undefined);
      return;
    }
    request.leakReportSigned = true;
    parse(request, bytes, done);
  });
  // Any other body: unsigned comes first (401), then the content type (400), as for JSON.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const signed = isSignedReport(
      scanningKeys,
      String(request.headers['github-public-key-identifier'] ?? ''),
      String(request.headers['github-public-key-signature'] ?? ''),
      body as Buffer,
    );
    done(signed ? new KeywardError('VALIDATION', 'body: Content-Type must be application/json', 'body') : unsigned(), undefined);
  });
  app.addHook('onRequest', async (request) => {
    if (!limiter) return;
    const now = deps.clock.now();
    const decision = await limiter.consume(`leak-report:${clientNetwork(request.ip)}`, { limit: perMinute, windowMs: WINDOW_MS }, now);
    if (!decision.allowed) {
      const seconds = retryAfterSeconds(decision, now);
      throw new RateLimitedError(`too many leak reports from this address; retry after ${seconds} s`, seconds);
    }
  });
  // A body-less request never reaches the parser: unsigned all the same.
  app.addHook('preValidation', async (request) => {
    if (request.leakReportSigned !== true) throw unsigned();
  });

  app.post(
    '/leaks/report',
    {
      schema: {
        tags: ['leaks'],
        security: [{ secretScanningSignature: [] }],
        operationId: 'leaks.report',
        summary: "Report leaked keys, signed (GitHub's secret scanning partner payload); no Keyward credential",
        description:
          'Headers Github-Public-Key-Identifier and Github-Public-Key-Signature (ECDSA P-256 SHA-256, base64 DER, over the raw body), ' +
          'verified against KEYWARD_SECRET_SCANNING_KEYS. Each true positive is acted on in its own org by its leak_policy.',
        body: LeakReportBody,
        response: { 200: described(LeakReportAnswer, 'A label per token, in order'), ...errorResponses(400, 401, 413, 429) },
      },
    },
    async (request) => {
      const reports = request.body;
      const labels = await handleLeakReports(deps, { kind: 'scanner', requestId: request.id, ip: request.ip }, reports);
      return reports.map((r, i) => ({ token_raw: r.token, token_type: r.type ?? '', label: labels[i]! }));
    },
  );
};

/** `POST /v1/keys/leaked`: the same for a platform's own scanners, with an org key (`keys:write`). */
export const leakedKeyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.post(
    '/keys/leaked',
    {
      schema: {
        tags: ['leaks'],
        security: BEARER,
        operationId: 'keys.leaked',
        summary: 'Report raw keys found leaked (keys:write); each live key is acted on in its own org by its leak_policy',
        body: LeakedKeysBody,
        response: {
          200: described(LeakedKeysAnswer, 'true_positive or false_positive per key, in order'),
          ...errorResponses(...WRITE_ERRORS),
        },
      },
    },
    async (request) => {
      const labels = await reportLeakedKeys(deps, callContext(request), request.body.keys);
      return { data: labels.map((label, index) => ({ index, label })) };
    },
  );
};
