import { createHmac, hash } from 'node:crypto';
import type { Deps, OrgPrincipal, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import type { KeyChange, KeyChangeScope } from '../store.js';
import { requireRole } from './authenticate.js';

/**
 * The change stream that feeds local verifiers (GET /v1/keys/stream; docs/LOCAL-VERIFIER.md):
 * who may open one, over which keys, and what a replica is told about each key. The stream
 * never carries a raw key, a stored hash or the pepper. Trust model: SECURITY.md.
 *
 * How a replica recognises a key without them: without a pepper the stored hash is
 * SHA-256(raw), which the replica can compute from a presented key; the stream sends, per
 * key, `lookup = HMAC-SHA-256(replica key, stored hash)` truncated to 128 bits, and the
 * replica key (derived here from the database's own secret and the replica's credential).
 * So a replica's table matches nothing outside that replica (not the database's hashes, not
 * another replica's table). With a pepper the stored hash is HMAC(pepper, raw), which no
 * replica can compute without the pepper: the stream then sends no lookups and the local
 * verifier verifies every key remotely (stated in `hello.local`).
 */

export interface StreamRequest {
  readonly projectId?: string | undefined;
  /** The last change number the replica holds (0 or absent: send a snapshot). */
  readonly after?: number | undefined;
  /** The `epoch` of the stream the replica resumes; another one means a fresh snapshot. */
  readonly epoch?: string | undefined;
}

export interface OpenedStream {
  readonly scope: KeyChangeScope;
  /** Names this database and this replica credential: a resume against anything else starts over. */
  readonly epoch: string;
  /** Whether the replica can check keys itself (false with a pepper: every key goes remote). */
  readonly local: boolean;
  /** base64url HMAC key for lookups; null when `local` is false. */
  readonly lookupKey: string | null;
  /** Changes above this are sent; 0 is a full snapshot. */
  readonly startAfter: number;
  /** True when the replica must drop what it holds and take the snapshot that follows. */
  readonly reset: boolean;
}

/** Bytes of the lookup digest a replica keeps per key: 128 bits, no collision among any number of keys. */
const LOOKUP_BYTES = 16;

/** A probe to tell whether the instance hashes keys with plain SHA-256 (no pepper). */
const PROBE = 'keyward-local-verifier-probe';

/**
 * Opens a stream for `principal` (role keys:verify): the whole org, or one project of it.
 * A resume (`after`, `epoch`) continues from `after` when it names this database and this
 * credential and is not ahead of it; otherwise the answer asks for a reset.
 */
export async function openKeyStream(
  deps: Pick<Deps, 'store' | 'hash'>,
  principal: Principal,
  request: StreamRequest,
): Promise<OpenedStream> {
  const p = requireRole(principal, 'keys:verify');
  const projectId = request.projectId ?? null;
  if (projectId !== null && !(await deps.store.findProject(p.orgId, projectId))) throw notFound('project');
  const after = request.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw invalid('after', 'must be a non-negative integer');
  const secret = await deps.store.cursorSecret();
  const replica = replicaId(p, projectId);
  const epoch = createHmac('sha256', secret).update(`local-verifier-epoch\0${replica}`).digest('base64url').slice(0, 22);
  const local = deps.hash(PROBE) === hash('sha256', PROBE, 'hex');
  const lookupKey = local ? createHmac('sha256', secret).update(`local-verifier-lookup\0${replica}`).digest('base64url') : null;
  const head = await deps.store.lastKeyChange(p.orgId);
  const resumable = after > 0 && request.epoch === epoch && after <= head;
  return { scope: { orgId: p.orgId, projectId }, epoch, local, lookupKey, startAfter: resumable ? after : 0, reset: !resumable };
}

/** The replica's credential (its key, or its user) and scope: what its lookup key is bound to. */
const replicaId = (p: OrgPrincipal, projectId: string | null): string => `${p.orgId}\0${p.keyId ?? p.actor.id}\0${projectId ?? '*'}`;

/**
 * The replica's digest of a stored hash (see the module comment); null without a lookup key.
 * `lookupKey` is the decoded key: a snapshot computes this 100,000 times.
 */
export function replicaLookup(lookupKey: Buffer | null, storedHash: string): string | null {
  if (lookupKey === null) return null;
  return createHmac('sha256', lookupKey).update(storedHash, 'utf8').digest().subarray(0, LOOKUP_BYTES).toString('base64url');
}

/**
 * Keys whose answer the replica cannot give exactly from a record: a rate limit (its counter
 * lives on the server or in Redis), credits (the balance is the database's), an IP allowlist
 * (kept on the server, one rule in one place). The replica still refuses them locally when
 * they are revoked, expired or disabled: those checks come first.
 */
export const needsRemote = (key: KeyChange): boolean => key.rateLimit !== null || key.credits !== null || key.allowedIps !== null;
