import { recordAudit } from '../audit-trail.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { KeywardError } from '../errors.js';
import type { ApiKey, Organization } from '../types.js';
import { mintKey } from './mint-key.js';

/**
 * What the operator of an instance can do without any key, because they can open its
 * database: mint a new admin key for an org, or replace the root key. These are the way
 * back from a lost key; the CLI runs them (`keyward admin-key create`, `keyward root-key
 * rotate`), never the HTTP API, which always needs a key.
 */

type RecoveryDeps = Pick<Deps, 'store' | 'clock' | 'hash'>;

/** The operator at a shell: trusted as root, recorded in the audit log as `operator:cli`. */
const OPERATOR: CallContext<Principal> = {
  principal: { kind: 'root', orgId: null, roles: [], actor: { type: 'operator', id: 'cli' }, keyId: null, user: null },
  requestId: null,
  ip: null,
};

/**
 * The database has no root key: it was never set up, so there is nothing to recover (and
 * most likely the command was pointed at the wrong database).
 */
export class NotSetUpError extends KeywardError {
  constructor() {
    super('NOT_FOUND', 'this database is not set up: it has no root key');
    this.name = 'NotSetUpError';
  }
}

export interface OperatorAdminKey {
  readonly orgId: string;
  readonly keyId: string;
  readonly adminKey: string;
}

/**
 * Mints a new `admin` key for an existing org, named by id or by name, with its audit
 * event, in one transaction. NOT_FOUND names the org when none matches; a name that
 * several orgs share is refused (CONFLICT) rather than guessed.
 */
export async function createAdminKeyAsOperator(deps: RecoveryDeps, orgIdOrName: string): Promise<OperatorAdminKey> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.isInitialized())) throw new NotSetUpError();
    const org = await findOrgByIdOrName(tx, orgIdOrName);
    const minted = await mintKey({ ...deps, store: tx }, OPERATOR, {
      kind: 'org',
      orgId: org.id,
      projectId: null,
      name: 'admin',
      roles: ['admin'],
    });
    return { orgId: org.id, keyId: minted.key.id, adminKey: minted.raw };
  });
}

export interface RotatedRootKey {
  readonly keyId: string;
  readonly rootKey: string;
  /** The root keys that stopped working, oldest first. */
  readonly revokedKeyIds: readonly string[];
}

/**
 * Revokes every root key that still works and mints a new one, now, with an audit event for
 * each change, in one transaction: a crash leaves the old key working and no new one, never
 * neither. Running servers drop the old key from their caches through
 * the database's change signals, like any other revocation.
 */
export async function rotateRootKey(deps: RecoveryDeps): Promise<RotatedRootKey> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.isInitialized())) throw new NotSetUpError();
    const at = deps.clock.now().toISOString();
    const previous = await liveRootKeys(tx, at);
    // Revoked first: the store holds at most one working root key (a concurrent rotation
    // that minted its own first makes this one fail with CONFLICT, never leaves two).
    for (const key of previous) {
      await tx.updateKey(null, key.id, { revokedAt: at, updatedAt: at });
      await recordAudit(tx, OPERATOR, null, 'key.revoke', { type: 'key', id: key.id }, at);
    }
    const minted = await mintKey({ ...deps, store: tx }, OPERATOR, { kind: 'root', orgId: null, projectId: null, name: 'root', roles: [] });
    return { keyId: minted.key.id, rootKey: minted.raw, revokedKeyIds: previous.map((k) => k.id) };
  });
}

/** Pages of this size are read until the last; an instance has one root key, or a few. */
const PAGE = 100;

/** Root keys not revoked at `at` (a revocation dated later still counts as working). */
async function liveRootKeys(tx: Deps['store'], at: string): Promise<ApiKey[]> {
  const filter = { orgId: null, projectId: null, includeRevoked: false, now: at };
  const keys: ApiKey[] = [];
  for (let beforeSeq: number | null = null; ;) {
    const page = await tx.listKeys(filter, { limit: PAGE, beforeSeq });
    keys.push(...page);
    if (page.length < PAGE) return keys.reverse();
    beforeSeq = page[page.length - 1]!.seq;
  }
}

/** The org with this id, else the one org with this name (orgs are few: a scan is fine). */
async function findOrgByIdOrName(tx: Deps['store'], ref: string): Promise<Organization> {
  const byId = await tx.findOrg(ref);
  if (byId) return byId;
  const named: Organization[] = [];
  for (let beforeSeq: number | null = null; ;) {
    const page = await tx.listOrgs({ limit: PAGE, beforeSeq });
    named.push(...page.filter((o) => o.name === ref));
    if (page.length < PAGE) break;
    beforeSeq = page[page.length - 1]!.seq;
  }
  if (named.length === 1) return named[0]!;
  if (named.length === 0) throw new KeywardError('NOT_FOUND', `no organization has the id or name "${ref}"`, 'org');
  throw new KeywardError('CONFLICT', `${named.length} organizations are named "${ref}": give the id instead`, 'org');
}
