import type { CallContext, Deps, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import type { KeyFormat } from '../key-formats.js';
import { NO_KEY_NAME } from '../types.js';
import { checkName, checkRoles } from '../validate.js';
import { requireRole } from './authenticate.js';
import { personalKeyLimits } from './key-lineage.js';
import { mintKey, type MintedKey } from './mint-key.js';

/**
 * Keys that act as the person (or key) that made them, as Braintrust's and Openlayer's
 * API keys do: an org-level key holding exactly the caller's own roles. So it can never
 * do more than its creator could, and a `keys:write` caller may mint one; minting org
 * keys with *chosen* roles stays admin-only (`createOrgKey`). A JWT user becomes the owner.
 * Over time too: a key's personal keys follow it (revoked, disabled, re-dated, down-scoped
 * with it) and never outlive it; a user's live at most 90 days (key-lineage.ts).
 */
export interface PersonalKeyInput {
  /** Null: the key has no name (stored as NO_KEY_NAME), where the platform allows that. */
  readonly name: string | null;
  readonly format: KeyFormat;
  readonly origin: string;
  /** The org the platform's URL names (Openlayer's workspace); another org's answers 404. */
  readonly orgId?: string | undefined;
  /** The org name the body names (Braintrust's `org_name`); when not null it must be the caller's. */
  readonly orgName?: string | null | undefined;
}

export async function createPersonalKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash'>,
  ctx: CallContext<Principal>,
  input: PersonalKeyInput,
): Promise<MintedKey> {
  const p = requireRole(ctx.principal, 'keys:write');
  if (input.orgId !== undefined && input.orgId !== p.orgId) throw notFound('organization');
  const name = input.name === null ? NO_KEY_NAME : checkName(input.name);
  checkRoles('org', p.roles);
  return deps.store.transaction(async (tx) => {
    await requireOrgName(tx, p.orgId, input.orgName);
    // The maker's roles and expiry as committed now (key-lineage.ts): a key minting after
    // its own revoke or down-scope committed elsewhere gets nothing it no longer has.
    const limits = await personalKeyLimits(tx, p, deps.clock.now());
    return mintKey({ ...deps, store: tx }, ctx, {
      kind: 'org',
      orgId: p.orgId,
      projectId: null,
      name,
      roles: limits.roles,
      expiresAt: limits.expiresAt,
      makerId: limits.makerId,
      format: input.format,
      origin: input.origin,
    });
  });
}

/**
 * A platform that lets a caller name its org (Braintrust's `org_name`) gets the same
 * answer whether or not an org of that name exists elsewhere: it is not the caller's.
 */
export async function requireOrgName(
  store: Pick<Deps['store'], 'findOrg'>,
  orgId: string,
  orgName: string | null | undefined,
): Promise<void> {
  if (orgName === null || orgName === undefined) return;
  const org = await store.findOrg(orgId);
  if (!org) throw notFound('organization');
  if (org.name !== orgName) throw invalid('org_name', "does not match the caller's organization");
}

/** The same check for a read (Braintrust's list takes `org_name` too). */
export async function checkOrgName(deps: Pick<Deps, 'store'>, principal: Principal, orgName: string | null | undefined): Promise<void> {
  const p = requireRole(principal, 'keys:read');
  await requireOrgName(deps.store, p.orgId, orgName);
}
