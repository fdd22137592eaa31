import { hasRole, ORG_ROLES, type OrgRole } from '../../src/core/roles.js';
import { DEFAULT_USER_ROLES } from '../../src/core/user-principal.js';
import type { MatrixRoute } from './matrix-routes.js';
import { USER_TOKEN_SURFACES, type Credential, type MatrixWorld, type Surface, type Tenant } from './matrix-world.js';

/**
 * The callers of one org, every kind the matrix tries: org keys of every single role, of
 * every role but admin, admin keys in every format (native, Langtrace hex, Braintrust `sk-`,
 * Openlayer `sk-ol-`), a personal key made by a user, signed-in users (default roles and
 * admin), and the root key.
 */
export interface Caller {
  readonly cred: Credential;
  readonly kind: 'root' | 'org';
  readonly roles: readonly string[];
}

const asKey = (label: string, raw: string): Credential => ({ kind: 'key', label, raw });

export function callersOf(world: MatrixWorld, t: Tenant): Caller[] {
  const key = (label: string, roles: readonly string[]): Caller => ({ cred: asKey(label, t.key(label).raw), kind: 'org', roles });
  return [
    key('admin', ['admin']),
    ...ORG_ROLES.filter((r) => r !== 'admin').map((r) => key(`org ${r}`, [r])),
    key(
      'org all but admin',
      ORG_ROLES.filter((r) => r !== 'admin'),
    ),
    key('langtrace team', ['admin']),
    key('braintrust', ['admin']),
    key('openlayer', ['admin']),
    key('braintrust by user', DEFAULT_USER_ROLES),
    {
      cred: { kind: 'user', label: 'user (default roles)', sub: t.userSub, orgId: t.id, roles: null },
      kind: 'org',
      roles: DEFAULT_USER_ROLES,
    },
    {
      cred: { kind: 'user', label: 'user (admin)', sub: `${t.userSub}-admin`, orgId: t.id, roles: ['admin'] },
      kind: 'org',
      roles: ['admin'],
    },
    { cred: asKey('root', world.root.raw), kind: 'root', roles: [] },
  ];
}

/** Can this caller's credential travel on this surface at all (users only where the platform takes tokens)? */
export const reaches = (c: Caller, surface: Surface): boolean => c.cred.kind === 'key' || USER_TOKEN_SURFACES.includes(surface);

/** Does the caller hold what the route needs (so that refusals must come from elsewhere)? */
export function isAllowed(c: Pick<Caller, 'kind' | 'roles'>, route: Pick<MatrixRoute, 'needs'>): boolean {
  if (route.needs === 'root') return c.kind === 'root';
  if (c.kind === 'root') return false;
  if (route.needs === 'org-key') return true;
  return route.needs.every((r) => hasRole(c.roles, r as OrgRole));
}

/** The status a surface answers for a caller that lacks a role: Langtrace says 401 for every credential problem (its seed's text). */
export const forbiddenStatus = (surface: Surface): number => (surface === 'langtrace' ? 401 : 403);
