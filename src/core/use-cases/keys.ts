import { changed, recordAudit } from '../audit-trail.js';
import { isoNow } from '../clock.js';
import type { CallContext, Deps, OrgPrincipal, Principal } from '../context.js';
import { checkCredits, currentCredits, type CreditsInput } from '../credits.js';
import { forbidden, invalid, KeywardError, notFound } from '../errors.js';
import { keywardFormat, type KeyFormat } from '../key-formats.js';
import { checkAllowedIps } from '../ip-allowlist.js';
import { loosenedLimits } from '../key-limits.js';
import { isRevoked } from '../key-state.js';
import { paginate, type PageInput } from '../pagination.js';
import { canGrant } from '../roles.js';
import type { ApiKey, KeyKind, Page, Project, RateLimit } from '../types.js';
import { checkExpiresAt, checkMetadata, checkName, checkOwnerId, checkRateLimit, checkRoles } from '../validate.js';
import { requireRole } from './authenticate.js';
import { carryToDescendants, checkMakerBounds, handOverMadeKeys, makersOf, mayLoosen } from './key-lineage.js';
import { mintKey, type MintedKey } from './mint-key.js';

type KeyDeps = Pick<Deps, 'store' | 'clock' | 'hash'>;

export interface CreateKeyInput {
  readonly name: string;
  readonly roles?: readonly string[] | undefined;
  readonly expiresAt?: string | null | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  readonly rateLimit?: RateLimit | null | undefined;
  readonly ownerId?: string | null | undefined;
  /** Project keys only; null: unlimited. */
  readonly credits?: CreditsInput | null | undefined;
  /** Project keys only; null or []: any address. */
  readonly allowedIps?: readonly string[] | null | undefined;
  /** The key's written form; Keyward's own for the kind unless a dialect mints its platform's. */
  readonly format?: KeyFormat | undefined;
  /** Which surface mints it (`native` by default; a dialect passes its name). */
  readonly origin?: string | undefined;
  /** Give it the org's next key number, its id on a platform with integer ids (Confident). */
  readonly numbered?: boolean | undefined;
}

/** The format, origin and numbering, passed to mintKey only when given. */
const surfaceOf = (input: CreateKeyInput) => ({
  ...(input.format !== undefined ? { format: input.format } : {}),
  ...(input.origin !== undefined ? { origin: input.origin } : {}),
  ...(input.numbered !== undefined ? { numbered: input.numbered } : {}),
});

const cannotGrant = () => forbidden('a key cannot grant roles it does not hold');

/** Mints a project key. The project must be live and in the caller's org (else 404). */
export async function createProjectKey(
  deps: KeyDeps,
  ctx: CallContext<Principal>,
  projectId: string,
  input: CreateKeyInput,
): Promise<MintedKey> {
  const p = requireRole(ctx.principal, 'keys:write');
  const now = deps.clock.now();
  const fields = {
    name: checkName(input.name),
    roles: checkRoles('project', input.roles ?? []),
    expiresAt: checkExpiresAt(input.expiresAt, now),
    metadata: checkMetadata(input.metadata),
    rateLimit: checkRateLimit(input.rateLimit),
    ownerId: checkOwnerId(input.ownerId),
    credits: checkCredits(input.credits, null, now),
    allowedIps: checkAllowedIps(input.allowedIps),
  };
  return deps.store.transaction(async (tx) => {
    const project = await tx.findProject(p.orgId, projectId);
    if (!project) throw notFound('project');
    await checkOwnerCap(tx, project, fields.ownerId, now);
    // A native key takes the project's own prefix, if it has one; a dialect's keys keep its platform's shape.
    const native = input.format === undefined && (input.origin ?? 'native') === 'native';
    const surface = { ...(native ? projectFormat(project) : {}), ...surfaceOf(input) };
    return mintKey({ ...deps, store: tx }, ctx, { kind: 'project', orgId: p.orgId, projectId, ...fields, ...surface });
  });
}

/** The format of a project's new native keys: Keyward's, under the project's prefix when it has one. */
const projectFormat = (project: Project): { format?: KeyFormat } =>
  project.keyPrefix === null ? {} : { format: keywardFormat(project.keyPrefix) };

/**
 * Refuses a key that would give `ownerId` more live keys in the project than its
 * `max_keys_per_owner`. Runs inside the minting transaction: countOwnerKeys holds (project,
 * owner) until it ends, so concurrent mints for one owner cannot both see room for one.
 */
export async function checkOwnerCap(tx: Deps['store'], project: Project, ownerId: string | null, now: Date): Promise<void> {
  const cap = project.maxKeysPerOwner;
  if (ownerId === null || cap === null) return;
  const held = await tx.countOwnerKeys(project.id, ownerId, now.toISOString());
  if (held >= cap) {
    throw new KeywardError(
      'CONFLICT',
      `this owner already holds ${held} live keys in the project; max_keys_per_owner is ${cap}`,
      'max_keys_per_owner',
    );
  }
}

/** Mints an org key. Admin only, and never with a role the caller lacks. */
export async function createOrgKey(deps: KeyDeps, ctx: CallContext<Principal>, input: CreateKeyInput): Promise<MintedKey> {
  const p = requireRole(ctx.principal, 'admin');
  const now = deps.clock.now();
  projectKeysOnly('org', input);
  const roles = checkRoles('org', input.roles ?? []);
  if (!canGrant(p.roles, 'org', roles)) throw cannotGrant();
  const fields = {
    name: checkName(input.name),
    roles,
    expiresAt: checkExpiresAt(input.expiresAt, now),
    metadata: checkMetadata(input.metadata),
    rateLimit: checkRateLimit(input.rateLimit),
    ownerId: checkOwnerId(input.ownerId),
  };
  return deps.store.transaction(async (tx) => {
    // Re-read inside the transaction: an org deleted meanwhile must not gain a live key.
    if (!(await tx.findOrg(p.orgId))) throw notFound('org');
    return mintKey({ ...deps, store: tx }, ctx, { kind: 'org', orgId: p.orgId, projectId: null, ...fields, ...surfaceOf(input) });
  });
}

export async function listProjectKeys(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  projectId: string,
  input: PageInput & { includeRevoked?: boolean | undefined; ownerId?: string | undefined },
): Promise<Page<ApiKey>> {
  const p = requireRole(principal, 'keys:read');
  const ownerId = input.ownerId === undefined ? undefined : checkOwnerId(input.ownerId);
  if (!(await deps.store.findProject(p.orgId, projectId))) throw notFound('project');
  const now = deps.clock.now();
  const filter = {
    orgId: p.orgId,
    projectId,
    includeRevoked: input.includeRevoked ?? false,
    now: now.toISOString(),
    ...(ownerId ? { ownerId } : {}),
  };
  const page = await paginate(deps.store, `keys:${p.orgId}:${projectId}`, input, (page) => deps.store.listKeys(filter, page));
  return { ...page, data: page.data.map((key) => withCurrentCredits(key, now)) };
}

export async function listOrgKeys(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  input: PageInput & { includeRevoked?: boolean | undefined },
): Promise<Page<ApiKey>> {
  const p = requireRole(principal, 'admin');
  const filter = { orgId: p.orgId, projectId: null, includeRevoked: input.includeRevoked ?? false, now: isoNow(deps.clock) };
  return paginate(deps.store, `keys:${p.orgId}:org`, input, (page) => deps.store.listKeys(filter, page));
}

export async function getKey(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, keyId: string): Promise<ApiKey> {
  const p = requireRole(principal, 'keys:read');
  const key = await deps.store.findKey(p.orgId, keyId);
  if (!key) throw notFound('key');
  return withCurrentCredits(key, deps.clock.now());
}

/** A key as shown: a refill that is due counts as done (the next spend writes it). */
const withCurrentCredits = (key: ApiKey, now: Date): ApiKey =>
  key.credits === null ? key : { ...key, credits: currentCredits(key.credits, now) };

/** Credits and allowlists apply to the keys a platform verifies, not to Keyward's own org keys. */
function projectKeysOnly(kind: KeyKind, input: { credits?: unknown; allowedIps?: unknown }): void {
  if (kind === 'project') return;
  if (input.credits !== undefined) throw invalid('credits', 'applies to project keys only');
  if (input.allowedIps !== undefined) throw invalid('allowed_ips', 'applies to project keys only');
}

/**
 * Loads a key the caller may change: in its org (else 404) and, for an org key, holding
 * no role the caller lacks, so a `keys:write` key cannot roll or re-scope an admin key.
 */
async function loadWritableKey(tx: Deps['store'], p: OrgPrincipal, keyId: string): Promise<ApiKey> {
  const key = await tx.findKey(p.orgId, keyId);
  if (!key) throw notFound('key');
  if (!canGrant(p.roles, key.kind, key.roles)) throw forbidden('this key cannot change a key that holds roles it lacks');
  return key;
}

export interface UpdateKeyInput {
  readonly name?: string | undefined;
  readonly roles?: readonly string[] | undefined;
  readonly enabled?: boolean | undefined;
  readonly expiresAt?: string | null | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  readonly rateLimit?: RateLimit | null | undefined;
  /** null clears it. */
  readonly ownerId?: string | null | undefined;
  /** Given fields replace the key's (`remaining` sets the balance: a key.credits_set event); null: unlimited. */
  readonly credits?: CreditsInput | null | undefined;
  readonly allowedIps?: readonly string[] | null | undefined;
}

export async function updateKey(
  deps: Pick<Deps, 'store' | 'clock'>,
  ctx: CallContext<Principal>,
  keyId: string,
  input: UpdateKeyInput,
): Promise<ApiKey> {
  const p = requireRole(ctx.principal, 'keys:write');
  const now = deps.clock.now();
  const at = now.toISOString();
  // A key's chain of makers, read before the transaction (ids only; a key never changes
  // maker but by a roll of its maker, which leaves the chain as strong): the maker is then
  // locked before the key, parents first as a cascade takes them, so the two cannot deadlock.
  const before = await deps.store.findKey(p.orgId, keyId);
  const makers = before ? await makersOf(deps.store, p.orgId, before) : [];
  return deps.store.transaction(async (tx) => {
    const heldMaker = makers[0] !== undefined ? await tx.findKey(p.orgId, makers[0]) : null;
    const key = await loadWritableKey(tx, p, keyId);
    // Its maker was rolled meanwhile (the key handed to the successor): follow it.
    const moved = key.makerId !== (makers[0] ?? null);
    const maker = key.makerId === null ? null : moved ? await tx.findKey(p.orgId, key.makerId) : heldMaker;
    if (isRevoked(key, now)) throw forbidden('a revoked key cannot be changed');
    const roles = input.roles !== undefined ? checkRoles(key.kind, input.roles) : undefined;
    if (roles && !canGrant(p.roles, key.kind, roles)) throw cannotGrant();
    projectKeysOnly(key.kind, input);
    const change = {
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.expiresAt !== undefined ? { expiresAt: checkExpiresAt(input.expiresAt, now) } : {}),
      ...(input.rateLimit !== undefined ? { rateLimit: checkRateLimit(input.rateLimit) } : {}),
    };
    const loosened = loosenedLimits(key, change);
    if (loosened.length > 0 && !mayLoosen(p, key, moved ? await makersOf(tx, p.orgId, key) : makers)) {
      const field = loosened[0]!;
      throw new KeywardError(
        'FORBIDDEN',
        `${field}: only a principal above this key (an admin for a non-admin key, or a key that made it) may loosen its limits`,
        field,
      );
    }
    checkMakerBounds(key, maker, { ...change, ...(roles ? { roles } : {}) }, now);
    const ownerId = input.ownerId !== undefined ? checkOwnerId(input.ownerId) : undefined;
    if (ownerId && ownerId !== key.ownerId && key.projectId !== null) {
      // Handing a key to another owner counts against that owner's cap like a new key.
      const project = await tx.findProject(p.orgId, key.projectId);
      if (project) await checkOwnerCap(tx, project, ownerId, now);
    }
    // The balance before, as of now (read under the key's lock on PostgreSQL: no spend lands in between).
    const balance = key.credits === null ? null : currentCredits(key.credits, now);
    const credits = input.credits !== undefined ? checkCredits(input.credits, balance, now) : undefined;
    const updated = await tx.updateKey(p.orgId, keyId, {
      ...(input.name !== undefined ? { name: checkName(input.name) } : {}),
      ...(roles ? { roles } : {}),
      ...change,
      ...(input.metadata !== undefined ? { metadata: checkMetadata(input.metadata) } : {}),
      ...(ownerId !== undefined ? { ownerId } : {}),
      ...(credits !== undefined ? { credits } : {}),
      ...(input.allowedIps !== undefined ? { allowedIps: checkAllowedIps(input.allowedIps) } : {}),
      updatedAt: at,
    });
    if (!updated) throw notFound('key');
    await recordAudit(tx, ctx, p.orgId, 'key.update', { type: 'key', id: keyId }, at, changed('owner_id', key.ownerId, updated.ownerId));
    if (input.credits === null ? balance !== null : input.credits?.remaining !== undefined) {
      // Balances only (null: unlimited): what an operator needs to reconcile a dispute.
      const details = { from: balance?.remaining ?? null, to: credits?.remaining ?? null };
      await recordAudit(tx, ctx, p.orgId, 'key.credits_set', { type: 'key', id: keyId }, at, undefined, details);
    }
    await carryToDescendants(tx, ctx, p.orgId, updated, at);
    return withCurrentCredits(updated, now);
  });
}

export const MAX_GRACE_SECONDS = 30 * 86_400;

/**
 * Replaces a key with a new one of the same name, roles, metadata, limits and expiry.
 * The old key keeps working for `graceSeconds` (its revocation is dated in the future),
 * so a fleet can switch over without an outage; 0 revokes it at once.
 */
export async function rollKey(
  deps: KeyDeps,
  ctx: CallContext<Principal>,
  keyId: string,
  input: { graceSeconds?: number | undefined },
): Promise<MintedKey> {
  const p = requireRole(ctx.principal, 'keys:write');
  const grace = input.graceSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
    throw invalid('grace_seconds', `must be an integer from 0 to ${MAX_GRACE_SECONDS}`);
  }
  // Only the key's project is read here, and a key never changes project.
  const project = (await deps.store.findKey(p.orgId, keyId))?.projectId ?? null;
  return deps.store.transaction(async (tx) => {
    // The parents are held before the key, in the order a delete takes them: a project or
    // org deleted at the same moment then either waits for this roll and revokes its new key
    // too, or has already revoked the old one (so the roll is refused). Holding the key first
    // would let the successor be minted into a project whose delete had already passed it.
    const parent = project === null ? null : await tx.findProject(p.orgId, project);
    const parentsLive = (await tx.findOrg(p.orgId)) !== null && (project === null || parent !== null);
    const old = await loadWritableKey(tx, p, keyId);
    if (!parentsLive) throw forbidden('a revoked key cannot be rolled');
    // The clock is read once the key is held (loadWritableKey locks it on PostgreSQL), so a
    // revocation committed by another instance while this one waited counts as past.
    const now = deps.clock.now();
    if (isRevoked(old, now)) throw forbidden('a revoked key cannot be rolled');
    const graceEnd = new Date(now.getTime() + grace * 1000).toISOString();
    // A revocation already scheduled earlier (an earlier roll) is kept: rolling never extends a key's life.
    const revokedAt = old.revokedAt !== null && old.revokedAt < graceEnd ? old.revokedAt : graceEnd;
    await tx.updateKey(p.orgId, old.id, { revokedAt, updatedAt: now.toISOString() });
    await recordAudit(tx, ctx, p.orgId, 'key.roll', { type: 'key', id: old.id }, now.toISOString());
    const minted = await mintKey({ ...deps, store: tx }, ctx, {
      kind: old.kind,
      orgId: old.orgId,
      projectId: old.projectId,
      name: old.name,
      roles: old.roles,
      metadata: old.metadata,
      rateLimit: old.rateLimit,
      // The successor carries the balance as of now; the old key spends its own during the grace.
      credits: old.credits === null ? null : currentCredits(old.credits, now),
      allowedIps: old.allowedIps,
      expiresAt: old.expiresAt,
      origin: old.origin,
      owner: old.owner,
      // Same owner; a successor replaces its key, so it is not counted against the owner's cap.
      ownerId: old.ownerId,
      // A native project key's successor takes the project's prefix of today (a new key).
      ...(parent !== null && old.origin === 'native' ? projectFormat(parent) : {}),
      // The successor of a numbered key gets a number of its own: both are listed during a grace period.
      numbered: old.orgNumber !== null,
      // The successor is the same key under a new secret: same maker, same state, and the
      // keys the old one made are now its (key-lineage.ts).
      makerId: old.makerId,
      enabled: old.enabled,
    });
    if (old.kind === 'org' && old.orgId !== null) await handOverMadeKeys(tx, old.orgId, old.id, minted.key.id, now.toISOString());
    return minted;
  });
}

/** Revokes a key now. Revoking a revoked key returns it unchanged (idempotent, no new event). */
export async function revokeKey(deps: Pick<Deps, 'store' | 'clock'>, ctx: CallContext<Principal>, keyId: string): Promise<ApiKey> {
  const p = requireRole(ctx.principal, 'keys:write');
  return deps.store.transaction(async (tx) => {
    const key = await loadWritableKey(tx, p, keyId);
    // Read once the key is held: a concurrent revoke that committed first makes this one a no-op.
    const now = deps.clock.now();
    const at = now.toISOString();
    if (isRevoked(key, now)) return key;
    const revoked = await tx.updateKey(p.orgId, keyId, { revokedAt: at, updatedAt: at });
    if (!revoked) throw notFound('key');
    await recordAudit(tx, ctx, p.orgId, 'key.revoke', { type: 'key', id: keyId }, at);
    await carryToDescendants(tx, ctx, p.orgId, revoked, at);
    return revoked;
  });
}
