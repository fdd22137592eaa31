import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.js';
import { unusableReason } from '../../core/key-state.js';
import { needsRemote, openKeyStream, replicaLookup, type OpenedStream } from '../../core/use-cases/key-stream.js';
import { reportUsage } from '../../core/use-cases/report-usage.js';
import type { Principal } from '../../core/context.js';
import { principalOf } from '../auth.js';
import { KeyChangeBell } from '../key-change-bell.js';
import { BEARER, READ_ERRORS, WRITE_ERRORS, errorResponses } from '../schemas/common.js';
import { KeyStreamLine, KeyStreamQuery, UsageReportBody, UsageReportResult, streamedKeyToWire } from '../schemas/key-stream.js';
import type { RouteOptions } from './route-options.js';

/** Keys per `keys` line, and per read: a 100,000-key snapshot is a hundred reads. */
const PAGE = 1000;
/** How often a stream re-reads without a signal: the bound on a change nobody signalled (an insert). */
const POLL_MS = 250;

/**
 * The feed of local verifiers (docs/LOCAL-VERIFIER.md): GET /v1/keys/stream streams NDJSON
 * (a snapshot, then every change, numbered, with heartbeats), and POST /v1/keys/usage/report
 * takes the counts of the verifications they answered from memory.
 */
export const keyStreamRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const bell = new KeyChangeBell(deps.store);
  // Open streams end when the server closes, or they would hold it open forever.
  app.addHook('preClose', async () => bell.close());

  app.get(
    '/keys/stream',
    {
      logLevel: 'warn',
      schema: {
        tags: ['verify'],
        security: BEARER,
        operationId: 'keys.stream',
        summary: "A change stream of the org's (or a project's) verification records, for local verifiers (keys:verify)",
        querystring: KeyStreamQuery,
        produces: ['application/x-ndjson'],
        response: { 200: KeyStreamLine, ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const principal = principalOf(request);
      const opened = await openKeyStream(deps, principal, { projectId: q.project_id, after: q.after, epoch: q.epoch });
      const abort = new AbortController();
      reply.raw.on('close', () => abort.abort());
      const body = Readable.from(lines(deps, principal, opened, q.heartbeat_ms ?? 5000, bell, abort.signal), { objectMode: false });
      return reply
        .type('application/x-ndjson')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(body as never); // a stream: sent as it is, never serialized against the schema
    },
  );

  app.post(
    '/keys/usage/report',
    {
      logLevel: 'warn',
      schema: {
        tags: ['verify'],
        security: BEARER,
        operationId: 'keys.reportUsage',
        summary: 'Count verifications a local verifier answered from memory (keys:verify)',
        body: UsageReportBody,
        response: { 200: UsageReportResult, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) =>
      reportUsage(
        deps,
        principalOf(request),
        request.body.entries.map((e) => ({ keyId: e.key_id, code: e.code, count: e.count, at: e.at })),
      ),
  );
};

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/**
 * The stream's lines. Reads changes above the last number sent, page by page, until caught
 * up (the first time: `synced`), then waits for a signal or its poll period; a heartbeat
 * when nothing was sent for `heartbeatMs`, after checking the caller's own key is still
 * usable (a revoked replica credential ends its stream). A failing read ends the stream:
 * the replica reconnects and resumes from its last number.
 */
async function* lines(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  opened: OpenedStream,
  heartbeatMs: number,
  bell: KeyChangeBell,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const { epoch, local, lookupKey, reset, startAfter, scope } = opened;
  yield line({
    type: 'hello',
    org_id: scope.orgId,
    project_id: scope.projectId,
    epoch,
    local,
    lookup_key: lookupKey,
    reset,
    seq: startAfter,
    heartbeat_ms: heartbeatMs,
  });
  const secret = lookupKey === null ? null : Buffer.from(lookupKey, 'base64url');
  let last = startAfter;
  let synced = false;
  let lastSent = Date.now();
  while (!signal.aborted && !bell.closed) {
    const batch = await deps.store.keyChangesSince(scope, last, PAGE);
    if (batch.length > 0) {
      last = batch[batch.length - 1]!.changeSeq;
      const keys = batch.map((k) => streamedKeyToWire(k, replicaLookup(secret, k.hash), needsRemote(k)));
      yield line({ type: 'keys', seq: last, keys });
      lastSent = Date.now();
      if (batch.length === PAGE) continue;
    }
    if (!synced) {
      synced = true;
      yield line({ type: 'synced', seq: last });
    }
    const due = lastSent + heartbeatMs - Date.now();
    if (due <= 0) {
      if (!(await callerStillUsable(deps, principal))) return;
      yield line({ type: 'heartbeat', seq: last });
      lastSent = Date.now();
      continue;
    }
    await bell.wait(Math.min(due, POLL_MS), signal);
  }
}

async function callerStillUsable(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal): Promise<boolean> {
  if (principal.keyId === null) return true;
  const key = await deps.store.findKey(principal.orgId, principal.keyId);
  return key !== null && unusableReason(key, deps.clock.now()) === null;
}
