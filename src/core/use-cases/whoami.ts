import type { Deps, Principal } from '../context.js';
import { KeywardError } from '../errors.js';
import { requireOrg } from './authenticate.js';

export interface WhoAmI {
  readonly keyId: string | null;
  readonly orgId: string;
  readonly orgName: string;
  readonly roles: readonly string[];
}

export async function whoami(deps: Pick<Deps, 'store'>, principal: Principal): Promise<WhoAmI> {
  const p = requireOrg(principal);
  const org = await deps.store.findOrg(p.orgId);
  // A live org key whose org is gone cannot happen (deleting an org revokes its keys);
  // answer as for any bad credential rather than trust that invariant blindly.
  if (!org) throw new KeywardError('UNAUTHORIZED', 'missing or invalid API key');
  return { keyId: p.keyId, orgId: org.id, orgName: org.name, roles: p.roles };
}
