import { auditEvent } from '../audit-trail.js';
import { isoNow } from '../clock.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { ORG_KEY_FORMAT, PROJECT_KEY_FORMAT, ROOT_KEY_FORMAT, type KeyFormat } from '../key-formats.js';
import type { ApiKey, Credits, KeyKind, KeyOwner, RateLimit } from '../types.js';
import { uuidV7 } from '../uuid-v7.js';

export interface MintRequest {
  readonly kind: KeyKind;
  readonly orgId: string | null;
  readonly projectId: string | null;
  readonly name: string;
  readonly roles: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly rateLimit?: RateLimit | null;
  readonly credits?: Credits | null;
  readonly allowedIps?: readonly string[] | null;
  readonly expiresAt?: string | null;
  /** Defaults to Keyward's format for the kind. */
  readonly format?: KeyFormat;
  /** Which surface mints it; `native` unless a dialect says otherwise. */
  readonly origin?: string;
  /** Overrides the caller as owner (defaults to the JWT user, if any). */
  readonly owner?: KeyOwner | null;
  /** The platform's id for whom the key is for (`owner_id`). */
  readonly ownerId?: string | null;
  /** Give the key the org's next key number (`ApiKey.orgNumber`): its id on platforms with integer ids. */
  readonly numbered?: boolean;
  /** The key whose roles this one's derive from (`ApiKey.makerId`); none by default. */
  readonly makerId?: string | null;
  /** True by default; a rolled key's successor keeps its predecessor's. */
  readonly enabled?: boolean;
}

/** A freshly stored key and its raw value: the one moment the secret exists outside the caller. */
export interface MintedKey {
  readonly key: ApiKey;
  readonly raw: string;
}

const DEFAULT_FORMATS: Record<KeyKind, KeyFormat> = {
  root: ROOT_KEY_FORMAT,
  org: ORG_KEY_FORMAT,
  project: PROJECT_KEY_FORMAT,
};

/**
 * Generates, hashes and stores a key with its audit event. Inputs must be validated
 * and authorized already; callers run it inside their transaction (`deps.store` is it).
 */
export async function mintKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash'>,
  ctx: CallContext<Principal>,
  req: MintRequest,
): Promise<MintedKey> {
  const format = req.format ?? DEFAULT_FORMATS[req.kind];
  const now = isoNow(deps.clock);
  // 256 random bits make a collision practically impossible; the unique index on the
  // hash would still refuse one (CONFLICT) rather than let two keys share a hash.
  const raw = format.mint();
  // Time-ordered: keys are the rows created most, after their audit events (uuid-v7.ts).
  const id = uuidV7();
  // The key and its event in one store call: they land together (PostgreSQL writes both in
  // one statement, one round trip).
  const orgNumber = req.numbered ? await deps.store.nextKeyNumber(numberedOrg(req.orgId)) : null;
  const event = auditEvent(ctx, req.orgId, 'key.create', { type: 'key', id }, now);
  const key = await deps.store.insertKeyWithEvent(
    {
      id,
      kind: req.kind,
      orgId: req.orgId,
      projectId: req.projectId,
      name: req.name,
      roles: [...req.roles],
      hash: deps.hash(raw),
      preview: format.preview(raw),
      enabled: req.enabled ?? true,
      metadata: req.metadata ?? {},
      rateLimit: req.rateLimit ?? null,
      credits: req.credits ?? null,
      allowedIps: req.allowedIps ?? null,
      createdBy: ctx.principal.actor,
      owner: req.owner !== undefined ? req.owner : ctx.principal.user,
      ownerId: req.ownerId ?? null,
      origin: req.origin ?? 'native',
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
      expiresAt: req.expiresAt ?? null,
      revokedAt: null,
      orgNumber,
      makerId: req.makerId ?? null,
    },
    event,
  );
  return { key, raw };
}

/** Numbers count per org; the root key has none to count in. */
function numberedOrg(orgId: string | null): string {
  if (orgId === null) throw new Error('only a key of an org can be numbered');
  return orgId;
}
