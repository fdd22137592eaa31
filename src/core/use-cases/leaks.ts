import { changed, recordAudit } from '../audit-trail.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { invalid } from '../errors.js';
import { MAX_RAW_KEY_LENGTH } from '../key-format.js';
import { isWellFormedKey } from '../key-formats.js';
import { isRevoked } from '../key-state.js';
import { hasKeywardShape } from '../secret-scanning-patterns.js';
import type { KeyRecord, LeakPolicy } from '../types.js';
import { requireRole } from './authenticate.js';
import { carryToDescendants } from './key-lineage.js';
import { findImported, rehashImported } from './verify-key.js';

/**
 * Leaked keys: a report names raw keys found somewhere public. Each one that is a live key is
 * acted on at once in its own org, by that org's `leak_policy` (revoke, the default; disable;
 * notify), with a `key.leaked` audit event carrying where it was found; the reporter learns only
 * true or false positive (never whose key, nor what was done).
 */
export const MAX_LEAK_REPORTS = 1000;

export type LeakLabel = 'true_positive' | 'false_positive';

export interface LeakReport {
  readonly token: string;
  /** The scanner's token type (GitHub's `type`), recorded as sent. */
  readonly type?: string | undefined;
  readonly url?: string | null | undefined;
  readonly source?: string | null | undefined;
}

type LeakDeps = Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats' | 'importedKeys'>;

/** Who reported: a signed scanner (no Keyward credential), or an org key's own scanners. */
export type Reporter =
  | { readonly kind: 'scanner'; readonly requestId: string | null; readonly ip: string | null }
  | { readonly kind: 'org'; readonly ctx: CallContext<Principal> };

/** Text kept from a report's url/source: enough to find the leak, bounded. */
const MAX_DETAIL = 2048;
const detail = (v: string | null | undefined): string | null => (typeof v === 'string' ? v.slice(0, MAX_DETAIL) : null);

/** `POST /v1/keys/leaked`: an org key with `keys:write` reports raw keys its own scanners found. */
export function reportLeakedKeys(deps: LeakDeps, ctx: CallContext<Principal>, keys: readonly string[]): Promise<LeakLabel[]> {
  requireRole(ctx.principal, 'keys:write');
  if (keys.length > MAX_LEAK_REPORTS) throw invalid('keys', `must hold at most ${MAX_LEAK_REPORTS} keys`);
  return handleLeakReports(
    deps,
    { kind: 'org', ctx },
    keys.map((token) => ({ token, type: 'keyward_api', source: 'api' })),
  );
}

/** Labels each report in order, acting on each true positive. */
export async function handleLeakReports(deps: LeakDeps, reporter: Reporter, reports: readonly LeakReport[]): Promise<LeakLabel[]> {
  if (reports.length > MAX_LEAK_REPORTS) throw invalid('body', `must hold at most ${MAX_LEAK_REPORTS} tokens`);
  const labels: LeakLabel[] = [];
  for (const report of reports) {
    const key = await findLeaked(deps, report.token);
    if (key === null) {
      labels.push('false_positive');
      continue;
    }
    await actOnLeak(deps, reporter, key, report);
    labels.push('true_positive');
  }
  return labels;
}

/**
 * The key a reported token is, or null. A token in one of Keyward's shapes whose checksum
 * fails is answered from the checksum alone (no lookup); a token in no known shape may be an
 * imported key (looked up only when the imported-keys index says it may be one).
 */
async function findLeaked(deps: LeakDeps, token: string): Promise<KeyRecord | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_RAW_KEY_LENGTH) return null;
  if (isWellFormedKey(token, deps.extraKeyFormats)) return deps.store.findKeyByHash(deps.hash(token));
  if (hasKeywardShape(token) || !deps.importedKeys) return null;
  const found = await findImported(deps, deps.importedKeys, token);
  if (found === null) return null;
  // The digest goes now, as on a first verification: it is public anyway.
  await rehashImported(deps, deps.importedKeys, found);
  return found.key;
}

/** The org's policy applied to one key, with its audit events, in one transaction. */
async function actOnLeak(deps: LeakDeps, reporter: Reporter, found: KeyRecord, report: LeakReport): Promise<void> {
  const orgId = found.orgId;
  // The reporter's own org records the reporter; any other org (and the root key) records the report itself.
  const ctx: CallContext<Principal> =
    reporter.kind === 'org' && reporter.ctx.principal.orgId === orgId && orgId !== null ? reporter.ctx : systemContext(reporter, orgId);
  await deps.store.transaction(async (tx) => {
    const key = await tx.findKey(orgId, found.id);
    if (!key) return;
    const policy: LeakPolicy = orgId === null ? 'revoke' : ((await tx.findOrg(orgId))?.leakPolicy ?? 'revoke');
    const now = deps.clock.now();
    const at = now.toISOString();
    const target = { type: 'key', id: key.id } as const;
    let action: string = policy;
    if (isRevoked(key, now)) action = 'none (already revoked)';
    else if (policy === 'revoke') {
      const revoked = await tx.updateKey(orgId, key.id, { revokedAt: at, updatedAt: at });
      await recordAudit(tx, ctx, orgId, 'key.revoke', target, at);
      if (revoked && orgId !== null) await carryToDescendants(tx, ctx, orgId, revoked, at);
    } else if (policy === 'disable' && key.enabled) {
      const disabled = await tx.updateKey(orgId, key.id, { enabled: false, updatedAt: at });
      await recordAudit(tx, ctx, orgId, 'key.update', target, at, changed('enabled', true, false));
      if (disabled && orgId !== null) await carryToDescendants(tx, ctx, orgId, disabled, at);
    } else if (policy === 'disable') action = 'none (already disabled)';
    await recordAudit(tx, ctx, orgId, 'key.leaked', target, at, undefined, {
      action,
      reporter: reporter.kind === 'scanner' ? 'secret_scanning' : 'api',
      token_type: detail(report.type),
      url: detail(report.url),
      source: detail(report.source),
    });
  });
}

/** The actor of an action taken on a report that no key of the key's org made. */
function systemContext(reporter: Reporter, orgId: string | null): CallContext<Principal> {
  const requestId = reporter.kind === 'scanner' ? reporter.requestId : reporter.ctx.requestId;
  const ip = reporter.kind === 'scanner' ? reporter.ip : reporter.ctx.ip;
  return {
    principal: {
      kind: orgId === null ? 'root' : 'org',
      orgId,
      roles: [],
      actor: { type: 'system', id: 'leak-report' },
      keyId: null,
      user: null,
    },
    requestId,
    ip,
  };
}
