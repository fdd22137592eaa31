import { KeywardError } from '../../core/errors.js';
import type { Organization, PageRequest } from '../../core/types.js';
import type { OrgPatch } from '../../core/store.js';
import { translateViolations } from './constraint-violations.js';
import type { QueryContext } from './query-context.js';
import { orgRow, toOrg } from './row-mapping.js';

export async function insertOrg(q: QueryContext, org: Organization): Promise<void> {
  await translateViolations(q.db.insertInto('orgs').values(orgRow(org, q.codec)).execute(), {
    unique: () => new KeywardError('CONFLICT', 'an org with this id already exists', 'id'),
  });
}

export async function findOrg(q: QueryContext, orgId: string): Promise<Organization | null> {
  const row = await q.db
    .selectFrom('orgs')
    .selectAll()
    .where('id', '=', orgId)
    .where('deleted_at', 'is', null)
    .$if(q.holdParents === true, (qb) => qb.forShare())
    .executeTakeFirst();
  if (!row) return null;
  const { seq: _seq, ...org } = toOrg(row, q.codec);
  return org;
}

export async function listOrgs(q: QueryContext, page: PageRequest): Promise<Array<Organization & { seq: number }>> {
  const rows = await q.db
    .selectFrom('orgs')
    .selectAll()
    .where('deleted_at', 'is', null)
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => toOrg(row, q.codec));
}

/**
 * Soft-deletes the org and its projects and revokes its keys at `at`. A key whose
 * revocation was already due earlier keeps its date; one scheduled later (a rolled key
 * in its grace period) is pulled forward to `at`. Must run inside a transaction.
 */
export async function deleteOrg(q: QueryContext, orgId: string, at: string): Promise<boolean> {
  const when = q.codec.writeTime(at);
  const deleted = await q.db
    .updateTable('orgs')
    .set({ deleted_at: when, updated_at: when })
    .where('id', '=', orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (deleted.numUpdatedRows === 0n) return false;
  await q.db
    .updateTable('projects')
    .set({ deleted_at: when, updated_at: when })
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .execute();
  await q.db
    .updateTable('api_keys')
    .set({ revoked_at: when, updated_at: when })
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', when)]))
    .execute();
  return true;
}

/** The given fields of a live org; null when it is not found (or deleted). */
export async function updateOrg(q: QueryContext, orgId: string, patch: OrgPatch): Promise<Organization | null> {
  const row = await q.db
    .updateTable('orgs')
    .set({
      ...(patch.leakPolicy !== undefined ? { leak_policy: patch.leakPolicy } : {}),
      updated_at: q.codec.writeTime(patch.updatedAt),
    })
    .where('id', '=', orgId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  const { seq: _seq, ...org } = toOrg(row, q.codec);
  return org;
}
