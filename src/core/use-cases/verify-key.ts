import type { Deps, Principal } from '../context.js';
import { invalid } from '../errors.js';
import { digestsEqual } from '../hash-secret.js';
import { isWellFormedKey } from '../key-formats.js';
import { unusableReason } from '../key-state.js';
import type { RateLimitDecision } from '../rate-limiter.js';
import { hasRole, isOrgRole, MAX_ROLES } from '../roles.js';
import type { KeyRecord, VerifyCode } from '../types.js';
import { requireRole } from './authenticate.js';

/**
 * A verification is a result, never an exception: a bad key is `{valid: false, code}`
 * so that a 401 on the verify endpoint always means the *caller's* credential is wrong.
 * When the key is unknown (or another org's) only `valid` and `code` are known.
 */
export type Verification =
  | { readonly valid: false; readonly code: 'NOT_FOUND' | 'MALFORMED' }
  | {
      readonly valid: boolean;
      readonly code: VerifyCode;
      readonly key: KeyRecord;
      readonly rateLimit: RateLimitDecision | null;
    };

export interface VerifyInput {
  readonly key: string;
  /** Roles the key must all hold for the answer to be VALID. */
  readonly roles?: readonly string[] | undefined;
}

type VerifyDeps = Pick<Deps, 'store' | 'clock' | 'hash' | 'rateLimiter' | 'usage' | 'extraKeyFormats'>;

const MALFORMED: Verification = Object.freeze({ valid: false, code: 'MALFORMED' });
const NOT_FOUND: Verification = Object.freeze({ valid: false, code: 'NOT_FOUND' });

/**
 * Answers without a promise when the store can tell from memory (a cached key with no
 * shared rate limit to ask): the hot path then costs no microtask. Refusals of the caller
 * (FORBIDDEN, VALIDATION) are thrown.
 */
export function verifyKey(deps: VerifyDeps, principal: Principal, input: VerifyInput): Verification | Promise<Verification> {
  const p = requireRole(principal, 'keys:verify');
  const wanted = input.roles ?? [];
  if (wanted.length > MAX_ROLES) throw invalid('roles', `must hold at most ${MAX_ROLES} roles`);

  // The checksum rejects typos and invented keys before any lookup: a flood of random
  // strings costs a CRC each, not a database query.
  if (!isWellFormedKey(input.key, deps.extraKeyFormats)) return MALFORMED;

  const hash = deps.hash(input.key);
  const known = deps.store.peekKeyByHash?.(hash);
  if (known !== undefined) return verifyFound(deps, p.orgId, wanted, hash, known);
  return deps.store.findKeyByHash(hash).then((key) => verifyFound(deps, p.orgId, wanted, hash, key));
}

function verifyFound(
  deps: Pick<Deps, 'clock' | 'rateLimiter' | 'usage'>,
  orgId: string,
  wanted: readonly string[],
  hash: string,
  key: KeyRecord | null,
): Verification | Promise<Verification> {
  // Another org's key, or the root key, is indistinguishable from a missing one.
  if (!key || key.orgId !== orgId || key.kind === 'root' || !digestsEqual(key.hash, hash)) return NOT_FOUND;
  const now = deps.clock.now();
  const judged = judge(deps, key, wanted, now);
  if (judged instanceof Promise) {
    return judged.then((result) => {
      deps.usage.record(key.id, result.code, now);
      return result;
    });
  }
  deps.usage.record(key.id, judged.code, now);
  return judged;
}

function judge(
  deps: Pick<Deps, 'rateLimiter'>,
  key: KeyRecord,
  wanted: readonly string[],
  now: Date,
): Verification | Promise<Verification> {
  const unusable = unusableReason(key, now);
  if (unusable) return { valid: false, code: unusable, key, rateLimit: null };
  if (!holdsAll(key, wanted)) return { valid: false, code: 'INSUFFICIENT_ROLES', key, rateLimit: null };
  if (key.rateLimit) {
    const decision = deps.rateLimiter.consume(rateLimitCounter(key), key.rateLimit, now);
    return decision instanceof Promise ? decision.then((d) => limited(key, d)) : limited(key, decision);
  }
  return { valid: true, code: 'VALID', key, rateLimit: null };
}

function limited(key: KeyRecord, decision: RateLimitDecision): Verification {
  return { valid: decision.allowed, code: decision.allowed ? 'VALID' : 'RATE_LIMITED', key, rateLimit: decision };
}

/**
 * Whose counter a verification counts against: the key's own, or with scope `owner` the one
 * every key of the key's owner in its project shares (`o:<project id>:<owner id>`; the
 * project id is a fixed-length UUID, so no two pairs spell the same counter, and no key id
 * starts with `o:`). A key without an owner has nobody to share with: its own counter.
 */
function rateLimitCounter(key: KeyRecord): string {
  if (key.rateLimit?.scope !== 'owner' || key.ownerId === null) return key.id;
  return `o:${key.projectId ?? key.orgId ?? ''}:${key.ownerId}`;
}

/** An org key's `admin` implies every org role; project roles are matched exactly. */
function holdsAll(key: KeyRecord, wanted: readonly string[]): boolean {
  return wanted.every((r) => (key.kind === 'org' && isOrgRole(r) ? hasRole(key.roles, r) : key.roles.includes(r)));
}
