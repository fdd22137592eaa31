import type { Deps, Principal } from '../context.js';
import { checkCost, currentCredits, nextRefillAt } from '../credits.js';
import { invalid, KeywardError } from '../errors.js';
import { digestsEqual } from '../hash-secret.js';
import { isWellFormedKey } from '../key-formats.js';
import { MAX_RAW_KEY_LENGTH } from '../key-format.js';
import type { ImportedKeyIndex } from '../imported-keys.js';
import { unusableReason } from '../key-state.js';
import type { RateLimitDecision } from '../rate-limiter.js';
import { isIpAllowed, parseAddress, type IpAddress } from '../ip-allowlist.js';
import { hasRole, isOrgRole, MAX_ROLES } from '../roles.js';
import type { Credits, KeyRecord, VerifyCode } from '../types.js';
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
      /** The balance after this verification, when its credits were checked (VALID or USAGE_EXCEEDED); else null. */
      readonly credits: CreditBalance | null;
    };

/** The answer about a found key of the caller's org: every check after NOT_FOUND gives one. */
type Judged = Extract<Verification, { readonly key: KeyRecord }>;

export interface CreditBalance {
  readonly remaining: number;
  readonly refillAt: string | null;
}

export interface VerifyInput {
  readonly key: string;
  /** Roles the key must all hold for the answer to be VALID. */
  readonly roles?: readonly string[] | undefined;
  /** Credits a VALID answer spends from a key that has them (default 1; ignored by keys without). */
  readonly cost?: number | undefined;
  /** The address of the platform's own client, checked against the key's allowlist. */
  readonly ip?: string | undefined;
}

type VerifyDeps = Pick<Deps, 'store' | 'clock' | 'hash' | 'rateLimiter' | 'usage' | 'extraKeyFormats' | 'importedKeys' | 'keyAlerts'>;
type JudgeDeps = Pick<Deps, 'store' | 'rateLimiter'>;

/** The input (its cost checked before any lookup) travels as it is: a verification allocates nothing more for it. */
const NO_ROLES: readonly string[] = [];

const MALFORMED: Verification = Object.freeze({ valid: false, code: 'MALFORMED' });
const NOT_FOUND: Verification = Object.freeze({ valid: false, code: 'NOT_FOUND' });

/**
 * Answers without a promise when the store can tell from memory (a cached key with no
 * shared rate limit to ask): the hot path then costs no microtask. Refusals of the caller
 * (FORBIDDEN, VALIDATION) are thrown.
 */
export function verifyKey(deps: VerifyDeps, principal: Principal, input: VerifyInput): Verification | Promise<Verification> {
  const p = requireRole(principal, 'keys:verify');
  return verifyChecked(deps, p.orgId, input, checkedAddress(input));
}

/** The most items one batch verification carries. */
export const MAX_BATCH_ITEMS = 100;

/**
 * Several verifications in one call (gateways that collect keys): each item answered exactly
 * as `verifyKey` answers it, in order, each counting its own usage, rate-limit slot and
 * credits. Every item's input is checked before any is verified, so a batch refused for a
 * bad item (VALIDATION naming `items[i].field`) has counted nothing. Without a promise when
 * every item was answered from memory.
 */
export function verifyKeys(
  deps: VerifyDeps,
  principal: Principal,
  inputs: readonly VerifyInput[],
): readonly Verification[] | Promise<readonly Verification[]> {
  const p = requireRole(principal, 'keys:verify');
  if (inputs.length < 1 || inputs.length > MAX_BATCH_ITEMS) throw invalid('items', `must hold 1 to ${MAX_BATCH_ITEMS} items`);
  const addresses = inputs.map((input, i) => {
    try {
      return checkedAddress(input);
    } catch (err) {
      throw err instanceof KeywardError && err.field !== undefined ? inItem(err, i) : err;
    }
  });
  const results = new Array<Verification>(inputs.length);
  let pending: Promise<void>[] | null = null;
  // Items of one key that wait (for the database, a shared rate limit, credits) wait for the one
  // before them too: their slots and credits are taken in the items' order, as one request after
  // another would take them. Different keys go concurrently.
  let waiting: Map<string, Promise<Verification>> | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const before = waiting?.get(input.key);
    const verify = () => verifyChecked(deps, p.orgId, input, addresses[i]!);
    const result = before === undefined ? verify() : before.then(verify);
    if (result instanceof Promise) {
      (waiting ??= new Map()).set(input.key, result);
      (pending ??= []).push(result.then((r) => void (results[i] = r)));
    } else {
      results[i] = result;
    }
  }
  return pending === null ? results : Promise.all(pending).then(() => results);
}

/** `roles: …` about item 3 → `items[3].roles: …`. */
const inItem = (err: KeywardError, i: number): KeywardError =>
  new KeywardError(err.code, `items[${i}].${err.message}`, `items[${i}].${err.field ?? ''}`);

/** The input's own checks beyond its schema, before any lookup; the address parsed, or null when none was given. */
function checkedAddress(input: VerifyInput): IpAddress | null {
  if ((input.roles?.length ?? 0) > MAX_ROLES) throw invalid('roles', `must hold at most ${MAX_ROLES} roles`);
  if (input.cost !== undefined) checkCost(input.cost);
  const ip = input.ip === undefined ? null : parseAddress(input.ip);
  if (ip === null && input.ip !== undefined) throw invalid('ip', 'must be an IPv4 or IPv6 address');
  return ip;
}

function verifyChecked(deps: VerifyDeps, orgId: string, input: VerifyInput, ip: IpAddress | null): Verification | Promise<Verification> {
  // The checksum rejects typos and invented keys before any lookup: a flood of random
  // strings costs a CRC each, not a database query. A string in no format may still be an
  // imported key: looked up only when the in-memory index of imported hashes says it may be.
  if (!isWellFormedKey(input.key, deps.extraKeyFormats)) {
    if (!deps.importedKeys || input.key.length > MAX_RAW_KEY_LENGTH) return MALFORMED;
    return verifyImported(deps, deps.importedKeys, orgId, input, ip);
  }

  const hash = deps.hash(input.key);
  const known = deps.store.peekKeyByHash?.(hash);
  if (known !== undefined) return verifyFound(deps, orgId, input, ip, hash, known);
  return deps.store.findKeyByHash(hash).then((key) => verifyFound(deps, orgId, input, ip, hash, key));
}

/**
 * A key in no known format: one of the imported keys, or MALFORMED as before. An imported key
 * still held under the platform's digest is re-hashed into Keyward's own on its first
 * verification (the weaker digest does not stay at rest); a key of another org is not
 * re-hashed by this caller's guess, and answers NOT_FOUND like any other org's key.
 */
async function verifyImported(
  deps: VerifyDeps,
  index: ImportedKeyIndex,
  orgId: string,
  input: VerifyInput,
  ip: IpAddress | null,
): Promise<Verification> {
  const found = await findImported(deps, index, input.key);
  if (found === null) return MALFORMED;
  if (found.key.orgId === orgId) await rehashImported(deps, index, found);
  return verifyFound(deps, orgId, input, ip, found.hash, found.key);
}

/** The imported key `raw` is, with the hash it was found under; null when it is none. */
export async function findImported(
  deps: Pick<Deps, 'store' | 'hash'>,
  index: ImportedKeyIndex,
  raw: string,
): Promise<{ key: KeyRecord; hash: string; native: string } | null> {
  await index.refresh();
  const native = deps.hash(raw);
  for (const hash of index.candidates(raw, native)) {
    const key = await deps.store.findKeyByHash(hash);
    if (key && digestsEqual(key.hash, hash)) return { key, hash, native };
  }
  return null;
}

/** Replaces a digest by Keyward's hash; a concurrent re-hash (or a failure) leaves the key as it is, still found. */
export async function rehashImported(
  deps: Pick<Deps, 'store' | 'clock'>,
  index: ImportedKeyIndex,
  found: { key: KeyRecord; hash: string; native: string },
): Promise<void> {
  if (found.hash === found.native) return;
  try {
    if (await deps.store.replaceKeyHash(found.key.id, found.hash, found.native, deps.clock.now().toISOString())) index.note(found.native);
  } catch {
    // Tried again on the next verification; the key verifies under its digest meanwhile.
  }
}

function verifyFound(
  deps: Pick<Deps, 'store' | 'clock' | 'rateLimiter' | 'usage' | 'keyAlerts'>,
  orgId: string,
  input: VerifyInput,
  ip: IpAddress | null,
  hash: string,
  key: KeyRecord | null,
): Verification | Promise<Verification> {
  // Another org's key, or the root key, is indistinguishable from a missing one.
  if (!key || key.orgId !== orgId || key.kind === 'root' || !digestsEqual(key.hash, hash)) return NOT_FOUND;
  const now = deps.clock.now();
  const judged = judge(deps, key, input, ip, now);
  if (judged instanceof Promise) {
    return judged.then((result) => {
      deps.usage.record(key.id, result.code, now, spentBy(result, input));
      // A code comparison (and for a qualifying answer a Map lookup); any write it starts is not awaited.
      deps.keyAlerts?.observe(result, now);
      return result;
    });
  }
  deps.usage.record(key.id, judged.code, now);
  deps.keyAlerts?.observe(judged, now);
  return judged;
}

/** Only a VALID answer whose credits were checked took any. */
const spentBy = (result: Verification, input: VerifyInput): number =>
  result.valid && 'credits' in result && result.credits !== null ? checkCost(input.cost) : 0;

/**
 * The checks in their documented order: MALFORMED → NOT_FOUND (above) → REVOKED → EXPIRED →
 * DISABLED → IP_NOT_ALLOWED → INSUFFICIENT_ROLES → RATE_LIMITED → USAGE_EXCEEDED. A refusal
 * stops there: nothing later is consumed (a refused key takes no rate-limit slot and no
 * credit). Credits come last because they are the one check that writes to the database,
 * so only a verification that passed everything else pays it; a USAGE_EXCEEDED answer has
 * therefore taken its rate-limit slot.
 */
function judge(deps: JudgeDeps, key: KeyRecord, input: VerifyInput, ip: IpAddress | null, now: Date): Judged | Promise<Judged> {
  const unusable = unusableReason(key, now);
  if (unusable) return refused(unusable, key);
  if (key.allowedIps !== null && !isIpAllowed(key.allowedIps, ip)) return refused('IP_NOT_ALLOWED', key);
  if (!holdsAll(key, input.roles ?? NO_ROLES)) return refused('INSUFFICIENT_ROLES', key);
  if (key.rateLimit) {
    const decision = deps.rateLimiter.consume(rateLimitCounter(key), key.rateLimit, now);
    return decision instanceof Promise ? decision.then((d) => limited(deps, key, input, now, d)) : limited(deps, key, input, now, decision);
  }
  if (key.credits !== null) return spend(deps, key, input, now, null);
  return { valid: true, code: 'VALID', key, rateLimit: null, credits: null };
}

const refused = (code: VerifyCode, key: KeyRecord): Judged => ({ valid: false, code, key, rateLimit: null, credits: null });

function limited(deps: JudgeDeps, key: KeyRecord, input: VerifyInput, now: Date, decision: RateLimitDecision): Judged | Promise<Judged> {
  if (!decision.allowed) return { valid: false, code: 'RATE_LIMITED', key, rateLimit: decision, credits: null };
  if (key.credits !== null) return spend(deps, key, input, now, decision);
  return { valid: true, code: 'VALID', key, rateLimit: decision, credits: null };
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

/**
 * The balance is always the database's: one atomic statement spends or refuses (never a
 * cached balance). `key.credits` from the cache only says that the key spends and when it
 * refills; a key whose credits were removed meanwhile (a stale record) spends nothing.
 */
async function spend(
  deps: Pick<Deps, 'store'>,
  key: KeyRecord,
  input: VerifyInput,
  now: Date,
  rateLimit: RateLimitDecision | null,
): Promise<Judged> {
  const refill = key.credits?.refill ?? null;
  // Without a refill the key's boundary is never reached: `now` goes in as the epoch, so a
  // stale record cannot trigger a refill it does not know the next boundary of.
  const at = refill === null ? EPOCH : now;
  const next = refill === null ? EPOCH : nextRefillAt(refill, now);
  const cost = checkCost(input.cost);
  const outcome = await deps.store.spendCredits(key.id, { cost, now: at.toISOString(), nextRefillAt: next.toISOString() });
  if (outcome === null) return { valid: true, code: 'VALID', key, rateLimit, credits: null };
  const credits = balanceOf(outcome.spent ? outcome.credits : currentCredits(outcome.credits, now));
  return outcome.spent
    ? { valid: true, code: 'VALID', key, rateLimit, credits }
    : { valid: false, code: 'USAGE_EXCEEDED', key, rateLimit, credits };
}

const EPOCH = new Date(0);

const balanceOf = (c: Credits): CreditBalance => ({ remaining: c.remaining, refillAt: c.refillAt });

/** An org key's `admin` implies every org role; project roles are matched exactly. */
function holdsAll(key: KeyRecord, wanted: readonly string[]): boolean {
  return wanted.every((r) => (key.kind === 'org' && isOrgRole(r) ? hasRole(key.roles, r) : key.roles.includes(r)));
}
