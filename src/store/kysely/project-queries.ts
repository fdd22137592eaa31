import { KeywardError, notFound } from '../../core/errors.js';
import type { PageRequest, Project } from '../../core/types.js';
import type { ProjectPatch } from '../../core/store.js';
import { translateViolations } from './constraint-violations.js';
import { PreparedQuery } from './prepared-query.js';
import type { QueryContext } from './query-context.js';
import { checkText, projectRow, toProject } from './row-mapping.js';

/** The partial unique index (org_id, name) over live projects is what raises this. */
const duplicateName = () => new KeywardError('CONFLICT', 'a project with this name already exists', 'name');

export async function insertProject(q: QueryContext, project: Project): Promise<void> {
  await translateViolations(q.db.insertInto('projects').values(projectRow(project, q.codec)).execute(), {
    unique: duplicateName,
    foreignKey: () => notFound('org'),
  });
}

/** Run before every key creation: compiled once (see PreparedQuery). */
const liveProject = (hold: boolean) =>
  new PreparedQuery((db, p) =>
    db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', p('id'))
      .where('org_id', '=', p('orgId'))
      .where('deleted_at', 'is', null)
      .$if(hold, (qb) => qb.forShare()),
  );
const LIVE_PROJECT = liveProject(false);
const LIVE_PROJECT_HELD = liveProject(true);

export async function findProject(q: QueryContext, orgId: string, projectId: string): Promise<Project | null> {
  const query = q.holdParents ? LIVE_PROJECT_HELD : LIVE_PROJECT;
  const [row] = await query.execute(q, { id: projectId, orgId });
  if (!row) return null;
  const { seq: _seq, ...project } = toProject(row, q.codec);
  return project;
}

export async function listProjects(q: QueryContext, orgId: string, page: PageRequest): Promise<Array<Project & { seq: number }>> {
  const rows = await q.db
    .selectFrom('projects')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => toProject(row, q.codec));
}

export async function updateProject(q: QueryContext, orgId: string, projectId: string, patch: ProjectPatch): Promise<Project | null> {
  const row = await translateViolations(
    q.db
      .updateTable('projects')
      .set({
        ...(patch.name !== undefined ? { name: checkText(patch.name, 'name') } : {}),
        ...(patch.description !== undefined ? { description: checkText(patch.description, 'description') } : {}),
        ...(patch.keyPrefix !== undefined ? { key_prefix: patch.keyPrefix } : {}),
        ...(patch.maxKeysPerOwner !== undefined ? { max_keys_per_owner: patch.maxKeysPerOwner } : {}),
        updated_at: q.codec.writeTime(patch.updatedAt),
      })
      .where('id', '=', projectId)
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst(),
    { unique: duplicateName },
  );
  if (!row) return null;
  const { seq: _seq, ...project } = toProject(row, q.codec);
  return project;
}

/** Soft-deletes a live project and revokes its keys at `at` (see deleteOrg). Must run inside a transaction. */
export async function deleteProject(q: QueryContext, orgId: string, projectId: string, at: string): Promise<boolean> {
  const when = q.codec.writeTime(at);
  const deleted = await q.db
    .updateTable('projects')
    .set({ deleted_at: when, updated_at: when })
    .where('id', '=', projectId)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (deleted.numUpdatedRows === 0n) return false;
  await q.db
    .updateTable('api_keys')
    .set({ revoked_at: when, updated_at: when })
    .where('org_id', '=', orgId)
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', when)]))
    .execute();
  return true;
}
