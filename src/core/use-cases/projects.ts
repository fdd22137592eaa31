import { randomUUID } from 'node:crypto';
import { changed, recordAudit } from '../audit-trail.js';
import { isoNow } from '../clock.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { notFound } from '../errors.js';
import { paginate, type PageInput } from '../pagination.js';
import type { Page, Project } from '../types.js';
import { checkDescription, checkKeyPrefix, checkMaxKeysPerOwner, checkName } from '../validate.js';
import { requireRole } from './authenticate.js';

type ProjectDeps = Pick<Deps, 'store' | 'clock'>;

/** What create and update accept (update: only the fields given change). */
export interface ProjectInput {
  readonly name?: string | undefined;
  readonly description?: string | null | undefined;
  /** The written prefix of the project's new keys; null: Keyward's `kw_proj`. */
  readonly keyPrefix?: string | null | undefined;
  /** Live keys one owner may hold in the project; null: no cap. */
  readonly maxKeysPerOwner?: number | null | undefined;
}

export async function createProject(
  deps: ProjectDeps,
  ctx: CallContext<Principal>,
  input: ProjectInput & { name: string },
): Promise<Project> {
  const p = requireRole(ctx.principal, 'projects:write');
  const now = isoNow(deps.clock);
  const project: Project = {
    id: randomUUID(),
    orgId: p.orgId,
    name: checkName(input.name),
    description: checkDescription(input.description),
    keyPrefix: checkKeyPrefix(input.keyPrefix),
    maxKeysPerOwner: checkMaxKeysPerOwner(input.maxKeysPerOwner),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.insertProject(project);
    await recordAudit(tx, ctx, p.orgId, 'project.create', { type: 'project', id: project.id }, now);
  });
  return project;
}

export async function listProjects(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  page: PageInput,
): Promise<Page<Project & { seq: number }>> {
  const p = requireRole(principal, 'projects:read');
  return paginate(deps.store, `projects:${p.orgId}`, page, (req) => deps.store.listProjects(p.orgId, req));
}

export async function getProject(deps: Pick<Deps, 'store'>, principal: Principal, projectId: string): Promise<Project> {
  const p = requireRole(principal, 'projects:read');
  const project = await deps.store.findProject(p.orgId, projectId);
  if (!project) throw notFound('project');
  return project;
}

export async function updateProject(
  deps: ProjectDeps,
  ctx: CallContext<Principal>,
  projectId: string,
  input: ProjectInput,
): Promise<Project> {
  const p = requireRole(ctx.principal, 'projects:write');
  const now = isoNow(deps.clock);
  const patch = {
    ...(input.name !== undefined ? { name: checkName(input.name) } : {}),
    ...(input.description !== undefined ? { description: checkDescription(input.description) } : {}),
    ...(input.keyPrefix !== undefined ? { keyPrefix: checkKeyPrefix(input.keyPrefix) } : {}),
    ...(input.maxKeysPerOwner !== undefined ? { maxKeysPerOwner: checkMaxKeysPerOwner(input.maxKeysPerOwner) } : {}),
    updatedAt: now,
  };
  return deps.store.transaction(async (tx) => {
    const before = await tx.findProject(p.orgId, projectId);
    const project = before && (await tx.updateProject(p.orgId, projectId, patch));
    if (!before || !project) throw notFound('project');
    const changes = {
      ...changed('key_prefix', before.keyPrefix, project.keyPrefix),
      ...changed('max_keys_per_owner', before.maxKeysPerOwner, project.maxKeysPerOwner),
    };
    await recordAudit(tx, ctx, p.orgId, 'project.update', { type: 'project', id: projectId }, now, changes);
    return project;
  });
}

/** Deletes the project and revokes all its keys in the same transaction. */
export async function deleteProject(deps: ProjectDeps, ctx: CallContext<Principal>, projectId: string): Promise<void> {
  const p = requireRole(ctx.principal, 'projects:write');
  const now = isoNow(deps.clock);
  await deps.store.transaction(async (tx) => {
    if (!(await tx.deleteProject(p.orgId, projectId, now))) throw notFound('project');
    await recordAudit(tx, ctx, p.orgId, 'project.delete', { type: 'project', id: projectId }, now);
  });
}
