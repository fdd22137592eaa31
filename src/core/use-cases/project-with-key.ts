import type { CallContext, Deps, Principal } from '../context.js';
import type { KeyFormat } from '../key-formats.js';
import type { Project } from '../types.js';
import { requireRole } from './authenticate.js';
import { createProjectKey } from './keys.js';
import type { MintedKey } from './mint-key.js';
import { createProject } from './projects.js';

/**
 * A project born with its first key (Confident's `POST /v1/projects` answers both), in
 * one transaction: a failure leaves neither. Needs both roles, checked before any write.
 */
export async function createProjectWithKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash'>,
  ctx: CallContext<Principal>,
  project: { name: string; description?: string | null },
  key: { name: string; format: KeyFormat; origin: string; numbered?: boolean },
): Promise<{ project: Project; minted: MintedKey }> {
  requireRole(ctx.principal, 'projects:write');
  requireRole(ctx.principal, 'keys:write');
  return deps.store.transaction(async (tx) => {
    const txDeps = { ...deps, store: tx };
    const created = await createProject(txDeps, ctx, project);
    const minted = await createProjectKey(txDeps, ctx, created.id, {
      name: key.name,
      format: key.format,
      origin: key.origin,
      numbered: key.numbered,
    });
    return { project: created, minted };
  });
}
