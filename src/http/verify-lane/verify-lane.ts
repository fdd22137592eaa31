import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import fastJson from 'fast-json-stringify';
import type { KeyCache } from '../../cache/key-cache.js';
import type { Deps, Principal } from '../../core/context.js';
import type { VerifyCode } from '../../core/types.js';
import { verifyKey, verifyKeys, type Verification as DomainVerification, type VerifyInput } from '../../core/use-cases/verify-key.js';
import { errorBody, retryAfterOf, STATUS_BY_CODE, toPublicError } from '../errors.js';
import type { ProxyTrust } from '../client-address.js';
import type { HttpMetrics } from '../metrics.js';
import { requestIdFor } from '../request-id.js';
import { Verification, VerifyBatchResult, verificationToWire } from '../schemas/verification.js';
import { LaneCallers } from './lane-callers.js';
import { LANE_MAX_BATCH_BYTES, LANE_MAX_BODY_BYTES, parseLaneBatchBody, parseLaneBody } from './lane-body.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface VerifyLaneOptions {
  readonly deps: Deps;
  /** The verification cache in front of `deps.store`: the lane answers only callers it holds. */
  readonly cache: KeyCache;
  readonly metrics: HttpMetrics;
  readonly log: FastifyBaseLogger;
  /** The app's own handler: every request the lane does not answer goes there. */
  readonly fallback: RequestHandler;
  /** True once the app has begun to close: Fastify then answers (503, connection: close). */
  readonly isClosing: () => boolean;
  /** KEYWARD_TRUST_PROXY as the app compiled it: the lane names the client exactly as `request.ip` does. */
  readonly trust: ProxyTrust | false;
}

/** The routes the lane serves, as Fastify names them in metrics. */
export const LANE_ROUTE = '/v1/keys/verify';
export const LANE_BATCH_ROUTE = '/v1/keys/verify/batch';

/** A body the lane read but left to the full path; the replay hook (verify-lane-server.ts) gives it to Fastify. */
export const LANE_BODY = Symbol('keyward.verifyLaneBody');
export type LaneRequest = IncomingMessage & { [LANE_BODY]?: Buffer };

const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);
const DIGITS = /^[0-9]{1,6}$/;

/** A verification request the lane may answer: its caller known from memory and trusted. */
interface Admitted {
  readonly principal: Principal;
  readonly length: number;
  readonly requestId: string;
  /** `POST /v1/keys/verify/batch` rather than a single verification. */
  readonly batch: boolean;
}

/**
 * `POST /v1/keys/verify` answered beside Fastify rather than through it: the platform's hot
 * path, where Fastify's per-request work (routing, hooks, the reply object, content-type
 * parsing, validation) cost as much as the verification itself.
 *
 * The lane answers only the plain case, decided from the headers before any byte of the body
 * is read: a JSON body of at most 16 KiB (256 KiB for `POST /v1/keys/verify/batch`, which it
 * answers too) with a Content-Length, and a caller whose key the
 * verification cache holds, usable, with `keys:verify`, and whom the abuse guard trusts.
 * Everything else (another route, a caller to look up or refuse, chunked or odd bodies,
 * an app that is closing) goes to Fastify untouched. A body that turns out not to be plain
 * (`parseLaneBody`) goes to Fastify too, which reads the very same bytes again (the replay
 * hook), so every refusal, error shape and message is the full path's own.
 *
 * What it answers, it answers as the full path would: the same core `verifyKey` (usage,
 * rate limits, the cache), the same serializer and headers, the same error bodies, the same
 * metrics; nothing logged below warn, as on the route. test/http/verify-lane.test.ts
 * compares the two paths answer by answer.
 */
export function createVerifyLane(options: VerifyLaneOptions): RequestHandler {
  const { deps, metrics, fallback } = options;
  const serialize = fastJson(Verification);
  const ok = metrics.requestCells('POST', LANE_ROUTE, 200);
  const callers = new LaneCallers(deps, options.cache, options.trust);
  const answers = new AnswerMemo(serialize);

  const serializeBatch = fastJson(VerifyBatchResult);
  const batchOk = metrics.requestCells('POST', LANE_BATCH_ROUTE, 200);

  const admit = (req: IncomingMessage): Admitted | null => {
    if (req.method !== 'POST') return null;
    const batch = req.url === LANE_BATCH_ROUTE;
    if (!batch && req.url !== LANE_ROUTE) return null;
    const length = options.isClosing() ? null : plainJsonLength(req.headers, batch ? LANE_MAX_BATCH_BYTES : LANE_MAX_BODY_BYTES);
    const principal = length === null ? null : callers.callerOf(req);
    if (principal === null) {
      metrics.laneDeclined.inc();
      return null;
    }
    return { principal, length: length!, requestId: requestIdFor(req), batch };
  };

  const send = (res: ServerResponse, admitted: Admitted, json: string): void => {
    res.writeHead(200, {
      'x-request-id': admitted.requestId,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };

  /** `fromMemory`: the key was in the cache (a hot key, worth remembering the answer of). */
  const answer = (res: ServerResponse, admitted: Admitted, started: number, result: DomainVerification, fromMemory: boolean): void => {
    metrics.laneAnswered.inc();
    metrics.countVerification(result.code);
    send(res, admitted, fromMemory ? answers.of(result) : serialize(verificationToWire(result)));
    ok.observe((performance.now() - started) / 1000);
  };

  /** A batch answered from memory is its items' remembered answers joined: the bytes `serializeBatch` would write. */
  const answerBatch = (
    res: ServerResponse,
    admitted: Admitted,
    started: number,
    results: readonly DomainVerification[],
    fromMemory: boolean,
  ): void => {
    metrics.laneAnswered.inc();
    for (const result of results) metrics.countVerification(result.code);
    const json = fromMemory
      ? `{"results":[${results.map((r) => answers.of(r)).join(',')}]}`
      : serializeBatch({ results: results.map(verificationToWire) });
    send(res, admitted, json);
    batchOk.observe((performance.now() - started) / 1000);
  };

  const refuse = (res: ServerResponse, admitted: Admitted, started: number, err: unknown): void => {
    metrics.laneAnswered.inc();
    const error = toPublicError(err);
    // As the route's error handler: an internal error is logged with its request id; refusals
    // are logged at info, below this route's level.
    if (error.code === 'INTERNAL') options.log.child({ reqId: admitted.requestId }).error({ err }, 'request failed');
    const status = STATUS_BY_CODE[error.code];
    const json = JSON.stringify(errorBody(error, admitted.requestId));
    const retryAfter = retryAfterOf(error);
    res.writeHead(status, {
      'x-request-id': admitted.requestId,
      ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}),
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
    metrics.requestCells('POST', admitted.batch ? LANE_BATCH_ROUTE : LANE_ROUTE, status).observe((performance.now() - started) / 1000);
  };

  const serveBatch = (res: ServerResponse, admitted: Admitted, started: number, inputs: readonly VerifyInput[]): void => {
    let results: readonly DomainVerification[] | Promise<readonly DomainVerification[]>;
    try {
      results = verifyKeys(deps, admitted.principal, inputs);
    } catch (err) {
      refuse(res, admitted, started, err);
      return;
    }
    if (results instanceof Promise) {
      results.then(
        (r) => answerBatch(res, admitted, started, r, false),
        (err: unknown) => refuse(res, admitted, started, err),
      );
    } else {
      answerBatch(res, admitted, started, results, true);
    }
  };

  const serve = (res: ServerResponse, admitted: Admitted, started: number, input: VerifyInput): void => {
    let result: DomainVerification | Promise<DomainVerification>;
    try {
      result = verifyKey(deps, admitted.principal, input);
    } catch (err) {
      refuse(res, admitted, started, err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (r) => answer(res, admitted, started, r, false),
        (err: unknown) => refuse(res, admitted, started, err),
      );
    } else {
      answer(res, admitted, started, result, true);
    }
  };

  return (req, res) => {
    const started = performance.now();
    const admitted = admit(req);
    if (admitted === null) {
      fallback(req, res);
      return;
    }
    readBody(req, (bytes) => {
      const whole = bytes.length === admitted.length;
      if (admitted.batch) {
        const inputs = whole ? parseLaneBatchBody(bytes) : null;
        if (inputs !== null) {
          serveBatch(res, admitted, started, inputs);
          return;
        }
      } else {
        const input = whole ? parseLaneBody(bytes) : null;
        if (input !== null) {
          serve(res, admitted, started, input);
          return;
        }
      }
      metrics.laneDeclined.inc();
      (req as LaneRequest)[LANE_BODY] = bytes;
      fallback(req, res);
    });
  };
}

/**
 * The serialized answer of a verification that depends only on the key and the code (no
 * rate limit or credit balance to report): a hot key is answered thousands of times a second with the same
 * bytes. Kept per cached key object (frozen, replaced by the cache when the key changes),
 * so it goes with the key.
 */
class AnswerMemo {
  readonly #serialize: (wire: ReturnType<typeof verificationToWire>) => string;
  readonly #byKey = new WeakMap<object, { readonly code: VerifyCode; readonly json: string }>();

  constructor(serialize: (wire: ReturnType<typeof verificationToWire>) => string) {
    this.#serialize = serialize;
  }

  of(result: DomainVerification): string {
    if (!('key' in result) || result.rateLimit !== null || result.credits !== null) return this.#serialize(verificationToWire(result));
    const kept = this.#byKey.get(result.key);
    if (kept !== undefined && kept.code === result.code) return kept.json;
    const json = this.#serialize(verificationToWire(result));
    this.#byKey.set(result.key, { code: result.code, json });
    return json;
  }
}

/** The body's declared length when it is a plain JSON body the lane reads; null otherwise. */
function plainJsonLength(headers: IncomingHttpHeaders, max: number): number | null {
  const type = headers['content-type'];
  if (type === undefined || !JSON_TYPES.has(type.toLowerCase())) return null;
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined || headers.expect !== undefined) return null;
  const declared = headers['content-length'];
  if (declared === undefined || !DIGITS.test(declared)) return null;
  const length = Number(declared);
  return length >= 1 && length <= max ? length : null;
}

/**
 * Collects the body (Node's parser frames it by Content-Length, which the lane bounded). A
 * client that goes away mid-body gets no answer, as with Fastify; `done` is not called.
 */
function readBody(req: IncomingMessage, done: (bytes: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  });
  req.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
  // A broken connection: nothing to answer, and no unhandled 'error' event.
  req.on('error', () => {});
}
