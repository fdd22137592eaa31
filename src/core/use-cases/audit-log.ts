import type { Deps, Principal } from '../context.js';
import { paginate, type PageInput } from '../pagination.js';
import type { AuditAction, AuditEvent, Page } from '../types.js';
import { requireRole } from './authenticate.js';

export async function listAuditEvents(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  input: PageInput & { action?: AuditAction | undefined; targetId?: string | undefined },
): Promise<Page<AuditEvent>> {
  const p = requireRole(principal, 'audit:read');
  const filter = {
    ...(input.action ? { action: input.action } : {}),
    ...(input.targetId ? { targetId: input.targetId } : {}),
  };
  return paginate(deps.store, `audit:${p.orgId}`, input, (page) => deps.store.listAuditEvents(p.orgId, filter, page));
}
