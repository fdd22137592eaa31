import type { CallContext, Deps, OrgPrincipal, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { isRevoked } from '../key-state.js';
import type { OrgRole } from '../roles.js';
import type { ApiKey } from '../types.js';
import type { KeyFilter } from '../store.js';
import { requireRole } from './authenticate.js';
import { revokeKey, updateKey, type UpdateKeyInput } from './keys.js';
import { verifyKey } from './verify-key.js';

/**
 * The keys a dialect manages: those minted through it (`origin`), in one project or at
 * org level (`projectId` null), and for platforms that show people only their own keys
 * (Braintrust) only those the caller created. A key outside the scope answers 404, like
 * a key of another org, and a revoked key is gone: the platforms delete what Keyward revokes.
 * Every change still goes through the native use cases (roles, audit, tenancy).
 */
export interface KeyScope {
  readonly projectId: string | null;
  readonly origin: string;
  readonly ownOnly?: boolean;
}

/** A key by its uuid, or by its number in the org (`ApiKey.orgNumber`) for platforms with integer ids. */
export type KeyRef = { readonly id: string } | { readonly orgNumber: number };

/** Lists are not paged by these platforms (or page with a limit): at most this many keys per answer. */
export const MAX_SCOPED_LIST = 1000;

const isInScope = (key: ApiKey, p: OrgPrincipal, scope: KeyScope): boolean =>
  key.projectId === scope.projectId &&
  (scope.projectId !== null || key.kind === 'org') &&
  key.origin === scope.origin &&
  (!scope.ownOnly || (key.createdBy.type === p.actor.type && key.createdBy.id === p.actor.id));

async function requireProjectOf(deps: Pick<Deps, 'store'>, p: OrgPrincipal, scope: KeyScope): Promise<void> {
  if (scope.projectId !== null && !(await deps.store.findProject(p.orgId, scope.projectId))) throw notFound('project');
}

async function findScoped(deps: Pick<Deps, 'store'>, p: OrgPrincipal, scope: KeyScope, ref: KeyRef): Promise<ApiKey | null> {
  const key = 'id' in ref ? await deps.store.findKey(p.orgId, ref.id) : await deps.store.findKeyByNumber(p.orgId, ref.orgNumber);
  return key && isInScope(key, p, scope) ? key : null;
}

async function resolve(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  role: OrgRole,
  scope: KeyScope,
  ref: KeyRef,
): Promise<ApiKey> {
  const p = requireRole(principal, role);
  await requireProjectOf(deps, p, scope);
  const key = await findScoped(deps, p, scope, ref);
  if (!key || isRevoked(key, deps.clock.now())) throw notFound('key');
  return key;
}

export function getScopedKey(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, scope: KeyScope, ref: KeyRef): Promise<ApiKey> {
  return resolve(deps, principal, 'keys:read', scope, ref);
}

export async function updateScopedKey(
  deps: Pick<Deps, 'store' | 'clock'>,
  ctx: CallContext<Principal>,
  scope: KeyScope,
  ref: KeyRef,
  input: UpdateKeyInput,
): Promise<ApiKey> {
  const key = await resolve(deps, ctx.principal, 'keys:write', scope, ref);
  return updateKey(deps, ctx, key.id, input);
}

export async function revokeScopedKey(
  deps: Pick<Deps, 'store' | 'clock'>,
  ctx: CallContext<Principal>,
  scope: KeyScope,
  ref: KeyRef,
): Promise<ApiKey> {
  const key = await resolve(deps, ctx.principal, 'keys:write', scope, ref);
  return revokeKey(deps, ctx, key.id);
}

export interface ScopedListInput {
  /** At most this many (0 to MAX_SCOPED_LIST; more is capped); all up to the cap when absent. */
  readonly limit?: number | undefined;
  /** Id of a key in this list: the page after it (older keys). */
  readonly startingAfter?: string | undefined;
  /** Id of a key in this list: the page before it (newer keys). */
  readonly endingBefore?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly name?: string | undefined;
}

/** Live keys of the scope, newest first, optionally paged by key id both ways (Stripe-style cursors). */
export async function listScopedKeys(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  scope: KeyScope,
  input: ScopedListInput = {},
): Promise<ApiKey[]> {
  const p = requireRole(principal, 'keys:read');
  if (input.startingAfter !== undefined && input.endingBefore !== undefined) {
    throw invalid('ending_before', 'cannot be combined with starting_after');
  }
  const limit = input.limit ?? MAX_SCOPED_LIST;
  if (!Number.isInteger(limit) || limit < 0) throw invalid('limit', 'must be an integer of 0 or more');
  await requireProjectOf(deps, p, scope);

  const filter: KeyFilter = {
    orgId: p.orgId,
    projectId: scope.projectId,
    includeRevoked: false,
    now: deps.clock.now().toISOString(),
    origin: scope.origin,
    ...(scope.ownOnly ? { createdById: p.actor.id } : {}),
    ...(input.ids !== undefined ? { ids: input.ids } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
  };
  const take = Math.min(limit, MAX_SCOPED_LIST);
  if (take === 0) return [];
  // A cursor may name a key revoked since the previous page (a client deleting as it walks).
  const cursor = async (field: string, id: string): Promise<number> => {
    const key = await findScoped(deps, p, scope, { id });
    if (!key) throw invalid(field, 'is not the id of a key in this list');
    return key.seq;
  };
  const rows =
    input.endingBefore !== undefined
      ? await deps.store.listKeysAfter(filter, await cursor('ending_before', input.endingBefore), take)
      : await deps.store.listKeys(filter, {
          limit: take,
          beforeSeq: input.startingAfter !== undefined ? await cursor('starting_after', input.startingAfter) : null,
        });
  // The creator filter in the store matches ids only; an actor of the other type never shares one, but check.
  return rows.filter((key) => isInScope(key, p, scope));
}

/**
 * Verifies `key` and answers valid only when it is the key `keyId` of the scope (Basic's
 * `POST /project/{id}/key/verify` with `{key, key_id}`), with that key as stored; any other
 * key is not valid and comes with none.
 */
export async function verifyScopedKey(
  deps: Parameters<typeof verifyKey>[0],
  principal: Principal,
  scope: KeyScope,
  input: { key: string; keyId: string },
): Promise<{ readonly valid: boolean; readonly key: ApiKey | null }> {
  const p = requireRole(principal, 'keys:verify');
  await requireProjectOf(deps, p, scope);
  const result = await verifyKey(deps, principal, { key: input.key });
  if (!result.valid || !('key' in result) || result.key.id !== input.keyId) return { valid: false, key: null };
  // Verification reads the hot-path record; the scope and the answer need the whole key.
  const key = await findScoped(deps, p, scope, { id: input.keyId });
  return key ? { valid: true, key } : { valid: false, key: null };
}
