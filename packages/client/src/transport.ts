import { KeywardError } from './errors.js';

/** How failed calls are tried again. Only calls safe to repeat are ever retried (see `Retry`). */
export interface RetryOptions {
  /** Further attempts after the first (default 2; 0 turns retries off). */
  retries?: number;
  /** The first backoff's upper bound in ms (default 100); it doubles per attempt, with full jitter. */
  minDelayMs?: number;
  /** No single wait is longer than this (default 2000 ms), a 503's Retry-After included. */
  maxDelayMs?: number;
}

/** Per call: a caller's AbortSignal and a timeout of its own. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Per attempt, in ms (default: the client's, 5000). */
  timeoutMs?: number;
}

/**
 * Which failures a call may be repeated after:
 * - `idempotent`: reads, updates to absolute values, revokes, verifications. Retried after a
 *   network failure, a timeout, or a 502/503/504.
 * - `once-unless-503`: a non-create POST. Retried after a 503 only (the server refused it unworked).
 * - `never`: a create (or a roll). A second attempt could mint a second org, project or key,
 *   so it is never repeated, even after a 503.
 */
export type Retry = 'idempotent' | 'once-unless-503' | 'never';

export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly body?: unknown;
  readonly retry: Retry;
}

export interface TransportConfig {
  /** The server's root (no trailing slash, no /v1). */
  readonly root: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly fetch: typeof fetch;
}

const RETRIED_STATUS = new Set([502, 503, 504]);

/** One API call with its timeout, abort and bounded, jittered retries. Resolves to the JSON body (undefined for a 204). */
export async function send(config: TransportConfig, call: ApiCall, options: CallOptions = {}): Promise<unknown> {
  const url = urlOf(config.root, call);
  const body = serialize(call.body);
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(config, call, url, body, options);
    if (outcome.ok) return outcome.value;
    const mayRetry = attempt < config.retry.retries && retryable(call.retry, outcome);
    if (!mayRetry) throw outcome.error;
    await sleep(backoff(config.retry, attempt, outcome.retryAfterMs), options.signal);
  }
}

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: KeywardError; kind: 'network' | 'timeout' | 'status' | 'aborted'; retryAfterMs?: number };

function retryable(policy: Retry, outcome: Extract<Outcome, { ok: false }>): boolean {
  if (policy === 'never' || outcome.kind === 'aborted') return false;
  if (outcome.kind === 'status') {
    const status = outcome.error.status ?? 0;
    return policy === 'idempotent' ? RETRIED_STATUS.has(status) : status === 503;
  }
  return policy === 'idempotent';
}

async function attemptOnce(
  config: TransportConfig,
  call: ApiCall,
  url: string,
  body: string | undefined,
  options: CallOptions,
): Promise<Outcome> {
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { authorization: `Bearer ${config.apiKey}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await config.fetch(url, { method: call.method, headers, body, signal });
    text = await res.text();
  } catch (err) {
    if (options.signal?.aborted) {
      return {
        ok: false,
        kind: 'aborted',
        error: new KeywardError({ code: 'ABORTED', message: `${call.method} ${call.path} was aborted`, cause: err }),
      };
    }
    if (timeout.aborted) {
      const message = `${call.method} ${call.path} timed out after ${timeoutMs} ms`;
      return { ok: false, kind: 'timeout', error: new KeywardError({ code: 'TIMEOUT', message, cause: err }) };
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? String(err);
    return {
      ok: false,
      kind: 'network',
      error: new KeywardError({ code: 'UNAVAILABLE', message: `cannot reach ${config.root}: ${why}`, cause: err }),
    };
  }
  if (res.status === 204) return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    const message = `${call.method} ${call.path} answered ${res.status} with a body that is not JSON`;
    const error = new KeywardError({ code: res.ok ? 'BAD_RESPONSE' : `HTTP_${res.status}`, status: res.status, message, cause: err });
    return { ok: false, kind: 'status', error, retryAfterMs: retryAfter(res) };
  }
  if (res.ok) return { ok: true, value: parsed };
  return { ok: false, kind: 'status', error: errorFromBody(res.status, parsed), retryAfterMs: retryAfter(res) };
}

/** The native error body `{error: {code, message, field?, request_id}}` as a KeywardError. */
export function errorFromBody(status: number, body: unknown): KeywardError {
  const e = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (e && typeof e.code === 'string') {
    return new KeywardError({
      code: e.code,
      status,
      message: text(e.message) ?? '',
      field: text(e.field),
      requestId: text(e.request_id),
    });
  }
  return new KeywardError({ code: `HTTP_${status}`, status, message: 'the server answered with an unexpected error body' });
}

function urlOf(root: string, call: ApiCall): string {
  // Concatenate rather than `new URL(path, base)`, which would drop a path prefix such as
  // https://example.com/keyward behind a reverse proxy.
  const url = new URL(root + call.path);
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function serialize(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (err) {
    // A cycle or a BigInt: the caller's input, not a client bug.
    throw new KeywardError({
      code: 'VALIDATION',
      field: 'body',
      message: `the request body cannot be sent as JSON: ${(err as Error).message}`,
    });
  }
}

function retryAfter(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Full jitter: a random wait up to min·2^attempt, never more than maxDelayMs (a Retry-After is honoured up to that bound). */
function backoff(retry: Required<RetryOptions>, attempt: number, retryAfterMs: number | undefined): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempt);
  const jittered = Math.random() * ceiling;
  return Math.min(retry.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): void => {
      clearTimeout(timer);
      reject(new KeywardError({ code: 'ABORTED', message: 'the call was aborted while waiting to retry' }));
    };
    if (signal?.aborted) return aborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
