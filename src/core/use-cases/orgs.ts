import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit-trail.js';
import { isoNow } from '../clock.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { paginate, type PageInput } from '../pagination.js';
import { LEAK_POLICIES, type LeakPolicy, type Organization, type Page } from '../types.js';
import { checkName } from '../validate.js';
import { requireRole, requireRoot } from './authenticate.js';
import { changed } from '../audit-trail.js';
import { mintKey, type MintedKey } from './mint-key.js';

type OrgDeps = Pick<Deps, 'store' | 'clock' | 'hash'>;

/** Creates an org and its first admin key, in one transaction. Root only. */
export async function createOrg(
  deps: OrgDeps,
  ctx: CallContext<Principal>,
  input: { name: string },
): Promise<{ org: Organization; adminKey: MintedKey }> {
  requireRoot(ctx.principal);
  return createOrgUnchecked(deps, ctx, input);
}

/** The same without the root check: used by first-start bootstrap, where no caller exists yet. */
export async function createOrgUnchecked(
  deps: OrgDeps,
  ctx: CallContext<Principal>,
  input: { name: string },
): Promise<{ org: Organization; adminKey: MintedKey }> {
  const now = isoNow(deps.clock);
  const org: Organization = { id: randomUUID(), name: checkName(input.name), createdAt: now, updatedAt: now };
  return deps.store.transaction(async (tx) => {
    await tx.insertOrg(org);
    await recordAudit(tx, ctx, org.id, 'org.create', { type: 'org', id: org.id }, now);
    const adminKey = await mintKey({ ...deps, store: tx }, ctx, {
      kind: 'org',
      orgId: org.id,
      projectId: null,
      name: 'admin',
      roles: ['admin'],
    });
    return { org, adminKey };
  });
}

export async function listOrgs(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  page: PageInput,
): Promise<Page<Organization & { seq: number }>> {
  requireRoot(principal);
  return paginate(deps.store, 'orgs', page, (p) => deps.store.listOrgs(p));
}

export async function getOrg(deps: Pick<Deps, 'store'>, principal: Principal, orgId: string): Promise<Organization> {
  requireRoot(principal);
  const org = await deps.store.findOrg(orgId);
  if (!org) throw notFound('org');
  return org;
}

/** Deletes the org and revokes every key in it, with one audit event, atomically. */
export async function deleteOrg(deps: Pick<Deps, 'store' | 'clock'>, ctx: CallContext<Principal>, orgId: string): Promise<void> {
  requireRoot(ctx.principal);
  const now = isoNow(deps.clock);
  await deps.store.transaction(async (tx) => {
    if (!(await tx.deleteOrg(orgId, now))) throw notFound('org');
    await recordAudit(tx, ctx, orgId, 'org.delete', { type: 'org', id: orgId }, now);
  });
}

/** The caller's own org (an org key with `admin`): what its settings page shows. */
export async function getOwnOrg(deps: Pick<Deps, 'store'>, principal: Principal): Promise<Organization> {
  const p = requireRole(principal, 'admin');
  const org = await deps.store.findOrg(p.orgId);
  if (!org) throw notFound('org');
  return org;
}

/** Changes the caller's own org settings (`leak_policy`), with an `org.update` event naming what moved. */
export async function updateOwnOrg(
  deps: Pick<Deps, 'store' | 'clock'>,
  ctx: CallContext<Principal>,
  input: { leakPolicy?: string | undefined },
): Promise<Organization> {
  const p = requireRole(ctx.principal, 'admin');
  const policy = input.leakPolicy;
  if (policy !== undefined && !(LEAK_POLICIES as readonly string[]).includes(policy)) {
    throw invalid('leak_policy', `must be one of ${LEAK_POLICIES.join(', ')}`);
  }
  const now = isoNow(deps.clock);
  return deps.store.transaction(async (tx) => {
    const before = await tx.findOrg(p.orgId);
    if (!before) throw notFound('org');
    const org = await tx.updateOrg(p.orgId, { ...(policy !== undefined ? { leakPolicy: policy as LeakPolicy } : {}), updatedAt: now });
    if (!org) throw notFound('org');
    const changes = changed('leak_policy', before.leakPolicy ?? 'revoke', org.leakPolicy ?? 'revoke');
    await recordAudit(tx, ctx, p.orgId, 'org.update', { type: 'org', id: p.orgId }, now, changes);
    return org;
  });
}
