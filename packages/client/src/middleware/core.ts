import { KeywardError } from '../errors.js';
import type { Keyward } from '../keyward.js';
import type { LocalVerifier } from '../local/index.js';
import type { Verification } from '../types.js';

/**
 * What every middleware takes: who verifies (`client`: a call to the server per request;
 * `local`: a local verifier's memory), the roles a key must hold, and where the key is.
 */
export interface KeywardMiddlewareOptions {
  client?: Keyward;
  local?: LocalVerifier;
  /** Roles the key must hold; a key lacking one is refused with 403 INSUFFICIENT_ROLES. */
  roles?: string[];
  /**
   * The header that carries the key (`Authorization` means its `Bearer` token). Default:
   * `Authorization: Bearer …`, then `x-api-key`.
   */
  header?: string;
}

/** The answer to a refused request: a status, headers, and the native error body. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string; request_id: string } };
}

export type Decision = { ok: true; verification: Verification } | { ok: false; refusal: Refusal };

/** A header by lower-case name, as each framework reads it. */
export type HeaderReader = (name: string) => string | null | undefined;

const MESSAGES: Record<string, string> = {
  MISSING: 'an API key is required: send Authorization: Bearer <key> or x-api-key',
  NOT_FOUND: 'the API key is not valid',
  MALFORMED: 'the API key is malformed',
  REVOKED: 'the API key is revoked',
  EXPIRED: 'the API key has expired',
  DISABLED: 'the API key is disabled',
  IP_NOT_ALLOWED: 'the API key may not be used from this address',
  INSUFFICIENT_ROLES: 'the API key lacks a role this route requires',
  RATE_LIMITED: 'the API key is over its rate limit',
  USAGE_EXCEEDED: 'the API key has no credits left',
  UNAVAILABLE: 'the API key cannot be checked right now',
};

/** Checks the options once, when the middleware is made, so a mistake fails at start-up. */
export function checkOptions(
  options: KeywardMiddlewareOptions,
): Required<Pick<KeywardMiddlewareOptions, 'roles'>> & KeywardMiddlewareOptions {
  const invalid = (field: string, message: string) => new KeywardError({ code: 'VALIDATION', field, message });
  if (typeof options !== 'object' || options === null) throw invalid('options', 'options must be an object with client or local');
  const { client, local, roles = [], header } = options;
  if ((client === undefined) === (local === undefined))
    throw invalid('client', 'give exactly one of client (a Keyward) and local (a local verifier)');
  if (client !== undefined && typeof client.keys?.verify !== 'function') throw invalid('client', 'client must be a Keyward');
  if (local !== undefined && typeof local.verify !== 'function') throw invalid('local', 'local must be a local verifier');
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) throw invalid('roles', 'roles must be an array of strings');
  if (header !== undefined && (typeof header !== 'string' || header === '')) throw invalid('header', 'header must be a header name');
  return { ...options, roles };
}

/** The presented key: from the configured header, or `Authorization: Bearer`, then `x-api-key`. */
export function keyFrom(read: HeaderReader, header: string | undefined): string | undefined {
  const names = header === undefined ? ['authorization', 'x-api-key'] : [header.toLowerCase()];
  for (const name of names) {
    const value = read(name)?.trim();
    if (!value) continue;
    if (name !== 'authorization') return value;
    const match = /^Bearer\s+(\S+)$/i.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

/** Verifies the request's key and decides: through, or the refusal to send. Never throws. */
export async function decide(options: KeywardMiddlewareOptions, read: HeaderReader, requestId = newRequestId()): Promise<Decision> {
  const key = keyFrom(read, options.header);
  if (key === undefined) return refuse(401, 'UNAUTHORIZED', MESSAGES.MISSING!, requestId);
  let verification: Verification;
  try {
    const roles = options.roles?.length ? options.roles : undefined;
    verification = options.local ? await options.local.verify(key, { roles }) : await options.client!.keys.verify({ key, roles });
  } catch (err) {
    // Keyward unreachable (and the local verifier too stale): fail closed, and say it is ours, not the caller's.
    const why = err instanceof KeywardError ? err.code : 'UNAVAILABLE';
    return refuse(503, 'UNAVAILABLE', `${MESSAGES.UNAVAILABLE!} (${why})`, requestId);
  }
  if (verification.valid) return { ok: true, verification };
  const code = verification.code;
  const message = MESSAGES[code] ?? 'the API key is not valid';
  if (code === 'INSUFFICIENT_ROLES') return refuse(403, code, message, requestId);
  if (code === 'RATE_LIMITED') return refuse(429, code, message, requestId, { 'retry-after': String(retryAfterSeconds(verification)) });
  return refuse(401, code, message, requestId);
}

function refuse(status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): Decision {
  return { ok: false, refusal: { status, headers, body: { error: { code, message, request_id: requestId } } } };
}

/** Whole seconds until the rate-limit window resets (at least 1). */
function retryAfterSeconds(v: Verification): number {
  const resetAt = v.rate_limit?.reset_at ? Date.parse(v.rate_limit.reset_at) : NaN;
  return Number.isFinite(resetAt) ? Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) : 1;
}

function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}
