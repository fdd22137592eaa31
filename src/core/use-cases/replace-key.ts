import type { CallContext, Deps, Principal } from '../context.js';
import { notFound } from '../errors.js';
import type { KeyFormat } from '../key-formats.js';
import { requireRole } from './authenticate.js';
import { createOrgKey, createProjectKey, revokeKey } from './keys.js';
import type { MintedKey } from './mint-key.js';

/**
 * One key per project (or per org) and surface: minting replaces. Langtrace keeps a single
 * key hash per project and per team, so a new key ends the old one. Here every live key
 * minted through the same surface for that project (or org) is revoked, and the new one
 * minted, in one transaction: there is never a moment with two working keys or none.
 */
export type ReplaceTarget = { readonly projectId: string } | { readonly orgId: string };

export interface ReplaceKeyInput {
  readonly name: string;
  readonly format: KeyFormat;
  readonly origin: string;
}

/** More live keys than this from one surface cannot arise (each mint replaces); it only bounds the read. */
const MAX_REPLACED = 1000;

export async function replaceKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash'>,
  ctx: CallContext<Principal>,
  target: ReplaceTarget,
  input: ReplaceKeyInput,
): Promise<MintedKey> {
  // An org key is an admin key here (a Langtrace team key); a project key needs keys:write.
  const p = requireRole(ctx.principal, 'projectId' in target ? 'keys:write' : 'admin');
  if ('orgId' in target && target.orgId !== p.orgId) throw notFound('organization');
  const projectId = 'projectId' in target ? target.projectId : null;
  return deps.store.transaction(async (tx) => {
    const txDeps = { ...deps, store: tx };
    if (projectId !== null && !(await tx.findProject(p.orgId, projectId))) throw notFound('project');
    const live = await tx.listKeys(
      { orgId: p.orgId, projectId, includeRevoked: false, now: deps.clock.now().toISOString(), origin: input.origin },
      { limit: MAX_REPLACED, beforeSeq: null },
    );
    for (const old of live) await revokeKey(txDeps, ctx, old.id);
    const fields = { name: input.name, format: input.format, origin: input.origin };
    return projectId !== null
      ? createProjectKey(txDeps, ctx, projectId, { ...fields, roles: [] })
      : createOrgKey(txDeps, ctx, { ...fields, roles: ['admin'] });
  });
}
