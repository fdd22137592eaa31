import type { CallContext, Deps, Principal } from '../context.js';
import { KeywardError } from '../errors.js';
import { createOrgUnchecked } from './orgs.js';
import { mintKey } from './mint-key.js';

export interface Bootstrap {
  readonly rootKey: string;
  readonly orgId: string;
  readonly adminKey: string;
}

const SYSTEM: CallContext<Principal> = {
  principal: { kind: 'root', orgId: null, roles: [], actor: { type: 'system', id: 'bootstrap' }, keyId: null, user: null },
  requestId: null,
  ip: null,
};

/**
 * First start: the root key, one org and its admin key, all in one transaction so a
 * crash leaves either nothing or everything. Refuses (CONFLICT) on a set-up database.
 */
export async function bootstrapInstance(deps: Pick<Deps, 'store' | 'clock' | 'hash'>, orgName = 'default'): Promise<Bootstrap> {
  return deps.store.transaction(async (tx) => {
    if (await tx.isInitialized()) throw new KeywardError('CONFLICT', 'this database is already set up');
    const txDeps = { ...deps, store: tx };
    const root = await mintKey(txDeps, SYSTEM, { kind: 'root', orgId: null, projectId: null, name: 'root', roles: [] });
    const { org, adminKey } = await createOrgUnchecked(txDeps, SYSTEM, { name: orgName });
    return { rootKey: root.raw, orgId: org.id, adminKey: adminKey.raw };
  });
}
