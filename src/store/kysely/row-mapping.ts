import type { Insertable, Selectable, Updateable } from 'kysely';
import { KeywardError } from '../../core/errors.js';
import type {
  LeakPolicy,
  Actor,
  ApiKey,
  AuditAction,
  AuditChanges,
  AuditEvent,
  CreditRefill,
  Credits,
  KeyKind,
  KeyOwner,
  KeyRecord,
  Organization,
  Project,
  RateLimit,
} from '../../core/types.js';
import type { KeyPatch } from '../../core/store.js';
import type { ApiKeysTable, AuditEventsTable, OrgsTable, ProjectsTable } from './tables.js';
import type { ValueCodec } from './value-codec.js';

/**
 * Row ↔ domain, in one place: the only code that knows both a column name and a
 * domain field. Values are trusted on the way out (only this code wrote them).
 */

/** A seq arrives as a number (SQLite) or a bigint string (PostgreSQL). */
export const readSeq = (value: number | string | bigint): number => Number(value);

const nullableTime = (codec: ValueCodec, value: string | Date | null): string | null => (value === null ? null : codec.readTime(value));

/**
 * JSON for a column. PostgreSQL refuses U+0000 in jsonb and text, SQLite would keep it:
 * both engines refuse it here, the same way, instead of one of them failing with a raw error.
 */
export function encodeJson(value: unknown, field: string): string {
  let hasNul = false;
  const text = JSON.stringify(value, (key, v: unknown) => {
    if (key.includes('\u0000') || (typeof v === 'string' && v.includes('\u0000'))) hasNul = true;
    return v;
  });
  if (hasNul) throw nulRefused(field);
  return text;
}

export function checkText<T extends string | null>(value: T, field: string): T {
  if (value !== null && value.includes('\u0000')) throw nulRefused(field);
  return value;
}

const nulRefused = (field: string) => new KeywardError('VALIDATION', `${field}: must not contain the character U+0000`, field);

export function toOrg(row: Selectable<OrgsTable>, codec: ValueCodec): Organization & { seq: number } {
  return {
    id: row.id,
    seq: readSeq(row.seq),
    name: row.name,
    createdAt: codec.readTime(row.created_at),
    updatedAt: codec.readTime(row.updated_at),
    leakPolicy: (row.leak_policy ?? 'revoke') as LeakPolicy,
  };
}

export function orgRow(org: Organization, codec: ValueCodec): Insertable<OrgsTable> {
  return {
    id: org.id,
    name: checkText(org.name, 'name'),
    created_at: codec.writeTime(org.createdAt),
    updated_at: codec.writeTime(org.updatedAt),
    deleted_at: null,
    ...(org.leakPolicy !== undefined ? { leak_policy: org.leakPolicy } : {}),
  };
}

export function toProject(row: Selectable<ProjectsTable>, codec: ValueCodec): Project & { seq: number } {
  return {
    id: row.id,
    seq: readSeq(row.seq),
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    keyPrefix: row.key_prefix,
    maxKeysPerOwner: row.max_keys_per_owner === null ? null : Number(row.max_keys_per_owner),
    createdAt: codec.readTime(row.created_at),
    updatedAt: codec.readTime(row.updated_at),
  };
}

export function projectRow(project: Project, codec: ValueCodec): Insertable<ProjectsTable> {
  return {
    id: project.id,
    org_id: project.orgId,
    name: checkText(project.name, 'name'),
    description: checkText(project.description, 'description'),
    key_prefix: project.keyPrefix,
    max_keys_per_owner: project.maxKeysPerOwner,
    created_at: codec.writeTime(project.createdAt),
    updated_at: codec.writeTime(project.updatedAt),
    deleted_at: null,
  };
}

/**
 * Field by field, repeating toKeyRecord's fields on purpose: building the ApiKey by
 * spreading a KeyRecord measured 21.5 us a row against 0.6 us (an intermediate object of
 * another shape), and every list and management read pays it.
 */
export function toApiKey(row: Selectable<ApiKeysTable>, codec: ValueCodec): ApiKey {
  return {
    id: row.id,
    seq: readSeq(row.seq),
    kind: row.kind as KeyKind,
    orgId: row.org_id,
    projectId: row.project_id,
    name: row.name,
    roles: codec.readJson(row.roles) as string[],
    hash: row.hash,
    preview: row.preview,
    enabled: codec.readBool(row.enabled),
    metadata: codec.readJson(row.metadata) as Record<string, unknown>,
    rateLimit: row.rate_limit === null ? null : (codec.readJson(row.rate_limit) as RateLimit),
    credits: toCredits(row, codec),
    allowedIps: row.allowed_ips === null ? null : (codec.readJson(row.allowed_ips) as string[]),
    createdBy: { type: row.created_by_type as Actor['type'], id: row.created_by_id },
    owner: row.owner === null ? null : (codec.readJson(row.owner) as KeyOwner),
    origin: row.origin,
    createdAt: codec.readTime(row.created_at),
    updatedAt: codec.readTime(row.updated_at),
    lastUsedAt: nullableTime(codec, row.last_used_at),
    expiresAt: nullableTime(codec, row.expires_at),
    revokedAt: nullableTime(codec, row.revoked_at),
    orgNumber: row.org_number === null ? null : Number(row.org_number),
    makerId: row.maker_id,
    ownerId: row.owner_id,
    // An SQLite insert hands back the row written, which has these only for imported keys.
    imported: row.imported === undefined ? false : codec.readBool(row.imported),
  };
}

/** The columns a KeyRecord is read from: the hot path reads only these. */
export const KEY_RECORD_COLUMNS = [
  'id',
  'kind',
  'org_id',
  'project_id',
  'name',
  'roles',
  'hash',
  'enabled',
  'metadata',
  'rate_limit',
  'expires_at',
  'revoked_at',
  'owner_id',
  'allowed_ips',
  'credits_remaining',
  'credits_refill_amount',
  'credits_refill_interval',
  'credits_refill_day',
] as const;

export type KeyRecordRow = Pick<Selectable<ApiKeysTable>, (typeof KEY_RECORD_COLUMNS)[number]>;

export function toKeyRecord(row: KeyRecordRow, codec: ValueCodec): KeyRecord {
  return {
    id: row.id,
    kind: row.kind as KeyKind,
    orgId: row.org_id,
    projectId: row.project_id,
    name: row.name,
    roles: codec.readJson(row.roles) as string[],
    hash: row.hash,
    enabled: codec.readBool(row.enabled),
    metadata: codec.readJson(row.metadata) as Record<string, unknown>,
    rateLimit: row.rate_limit === null ? null : (codec.readJson(row.rate_limit) as RateLimit),
    expiresAt: nullableTime(codec, row.expires_at),
    revokedAt: nullableTime(codec, row.revoked_at),
    ownerId: row.owner_id,
    allowedIps: row.allowed_ips === null ? null : (codec.readJson(row.allowed_ips) as string[]),
    // The policy, never the balance: the record is what the verification cache keeps.
    credits: row.credits_remaining === null ? null : { refill: toRefill(row) },
  };
}

type CreditColumns = Pick<
  Selectable<ApiKeysTable>,
  'credits_remaining' | 'credits_refill_amount' | 'credits_refill_interval' | 'credits_refill_day' | 'credits_refill_at'
>;

function toRefill(row: Omit<CreditColumns, 'credits_remaining' | 'credits_refill_at'>): CreditRefill | null {
  if (row.credits_refill_amount === null || row.credits_refill_interval === null) return null;
  return {
    amount: Number(row.credits_refill_amount),
    interval: row.credits_refill_interval as CreditRefill['interval'],
    dayOfMonth: row.credits_refill_day,
  };
}

/** A key's stored credits, balance included (bigint arrives as a string from PostgreSQL). */
export function toCredits(row: CreditColumns, codec: ValueCodec): Credits | null {
  if (row.credits_remaining === null) return null;
  return { remaining: Number(row.credits_remaining), refill: toRefill(row), refillAt: nullableTime(codec, row.credits_refill_at) };
}

/** The credit columns of a key's credits (all null: unlimited). */
function creditsRow(credits: Credits | null, codec: ValueCodec): Pick<Insertable<ApiKeysTable>, keyof CreditColumns> {
  return {
    credits_remaining: credits?.remaining ?? null,
    credits_refill_amount: credits?.refill?.amount ?? null,
    credits_refill_interval: credits?.refill?.interval ?? null,
    credits_refill_day: credits?.refill?.dayOfMonth ?? null,
    credits_refill_at: credits?.refillAt == null ? null : codec.writeTime(credits.refillAt),
  };
}

const allowedIpsJson = (list: readonly string[] | null): string | null => (list === null ? null : JSON.stringify(list));

/**
 * Rate limits are stored in the domain's own shape, `{limit, windowMs}`, with `scope` only
 * when it is `owner`: a per-key limit is stored (and read back) as it always was.
 */
const rateLimitJson = (rl: RateLimit | null): string | null =>
  rl === null
    ? null
    : JSON.stringify(
        rl.scope === 'owner' ? { limit: rl.limit, windowMs: rl.windowMs, scope: 'owner' } : { limit: rl.limit, windowMs: rl.windowMs },
      );

const ownerJson = (owner: KeyOwner | null): string | null =>
  owner === null
    ? null
    : encodeJson({ userId: owner.userId, email: owner.email, givenName: owner.givenName, familyName: owner.familyName }, 'owner');

export function keyRow(key: Omit<ApiKey, 'seq'>, codec: ValueCodec): Insertable<ApiKeysTable> {
  return {
    id: key.id,
    kind: key.kind,
    org_id: key.orgId,
    project_id: key.projectId,
    name: checkText(key.name, 'name'),
    roles: encodeJson(key.roles, 'roles'),
    hash: key.hash,
    preview: key.preview,
    enabled: codec.writeBool(key.enabled),
    metadata: encodeJson(key.metadata, 'metadata'),
    rate_limit: rateLimitJson(key.rateLimit),
    created_by_type: key.createdBy.type,
    created_by_id: key.createdBy.id,
    owner: ownerJson(key.owner),
    origin: key.origin,
    created_at: codec.writeTime(key.createdAt),
    updated_at: codec.writeTime(key.updatedAt),
    last_used_at: key.lastUsedAt === null ? null : codec.writeTime(key.lastUsedAt),
    expires_at: key.expiresAt === null ? null : codec.writeTime(key.expiresAt),
    revoked_at: key.revokedAt === null ? null : codec.writeTime(key.revokedAt),
    org_number: key.orgNumber,
    maker_id: key.makerId,
    owner_id: checkText(key.ownerId, 'owner_id'),
    ...creditsRow(key.credits, codec),
    allowed_ips: allowedIpsJson(key.allowedIps),
    // Only imported keys name these: a minted key's insert stays the statement it was (prepared once).
    ...(key.imported === true ? { imported: codec.writeBool(true), import_ref: key.importRef ?? null } : {}),
  };
}

/** Column values for the fields a patch sets; absent fields stay untouched. */
export function keyPatchRow(patch: KeyPatch, codec: ValueCodec): Updateable<ApiKeysTable> {
  const time = (v: string | null) => (v === null ? null : codec.writeTime(v));
  return {
    ...(patch.name !== undefined ? { name: checkText(patch.name, 'name') } : {}),
    ...(patch.roles !== undefined ? { roles: encodeJson(patch.roles, 'roles') } : {}),
    ...(patch.enabled !== undefined ? { enabled: codec.writeBool(patch.enabled) } : {}),
    ...(patch.expiresAt !== undefined ? { expires_at: time(patch.expiresAt) } : {}),
    ...(patch.metadata !== undefined ? { metadata: encodeJson(patch.metadata, 'metadata') } : {}),
    ...(patch.rateLimit !== undefined ? { rate_limit: rateLimitJson(patch.rateLimit) } : {}),
    ...(patch.ownerId !== undefined ? { owner_id: checkText(patch.ownerId, 'owner_id') } : {}),
    ...(patch.credits !== undefined ? creditsRow(patch.credits, codec) : {}),
    ...(patch.allowedIps !== undefined ? { allowed_ips: allowedIpsJson(patch.allowedIps) } : {}),
    ...(patch.revokedAt !== undefined ? { revoked_at: time(patch.revokedAt) } : {}),
    ...(patch.makerId !== undefined ? { maker_id: patch.makerId } : {}),
    updated_at: codec.writeTime(patch.updatedAt),
  };
}

export function toAuditEvent(row: Selectable<AuditEventsTable>, codec: ValueCodec): AuditEvent {
  return {
    id: row.id,
    seq: readSeq(row.seq),
    orgId: row.org_id,
    actor: { type: row.actor_type as Actor['type'], id: row.actor_id },
    action: row.action as AuditAction,
    target: { type: row.target_type as AuditEvent['target']['type'], id: row.target_id },
    createdAt: codec.readTime(row.created_at),
    requestId: row.request_id,
    ip: row.ip,
    ...(row.changes === null ? {} : { changes: codec.readJson(row.changes) as AuditChanges }),
    details: row.details === null ? null : (codec.readJson(row.details) as Record<string, unknown>),
  };
}

export function auditRow(event: Omit<AuditEvent, 'seq'>, codec: ValueCodec): Insertable<AuditEventsTable> {
  return {
    id: event.id,
    org_id: event.orgId,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    action: event.action,
    target_type: event.target.type,
    target_id: event.target.id,
    created_at: codec.writeTime(event.createdAt),
    request_id: event.requestId,
    ip: event.ip,
    changes: event.changes === undefined ? null : encodeJson(event.changes, 'changes'),
    details: event.details === null ? null : encodeJson(event.details, 'details'),
  };
}
