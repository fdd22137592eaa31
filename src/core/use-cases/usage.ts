import type { Deps, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import type { UsageRow } from '../types.js';
import { requireRole } from './authenticate.js';

export const MAX_USAGE_DAYS = 366;

/** The UTC day `days - 1` days before today: a window of `days` calendar days including today. */
function firstDay(now: Date, days: number | undefined): string {
  const n = days ?? 30;
  if (!Number.isInteger(n) || n < 1 || n > MAX_USAGE_DAYS) throw invalid('days', `must be an integer from 1 to ${MAX_USAGE_DAYS}`);
  return new Date(now.getTime() - (n - 1) * 86_400_000).toISOString().slice(0, 10);
}

export async function keyUsage(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  keyId: string,
  input: { days?: number | undefined },
): Promise<UsageRow[]> {
  const p = requireRole(principal, 'keys:read');
  const since = firstDay(deps.clock.now(), input.days);
  if (!(await deps.store.findKey(p.orgId, keyId))) throw notFound('key');
  return deps.store.usage(p.orgId, { keyId }, since);
}

export async function projectUsage(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Principal,
  projectId: string,
  input: { days?: number | undefined },
): Promise<UsageRow[]> {
  const p = requireRole(principal, 'keys:read');
  const since = firstDay(deps.clock.now(), input.days);
  if (!(await deps.store.findProject(p.orgId, projectId))) throw notFound('project');
  return deps.store.usage(p.orgId, { projectId }, since);
}
