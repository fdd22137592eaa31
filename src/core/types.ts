/**
 * Domain types. Plain data, no behaviour: everything above the store sees these,
 * never a row or a column name.
 */

export type KeyKind = 'root' | 'org' | 'project';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What happens to one of its keys reported leaked (migration 0011); absent reads as `revoke`. */
  readonly leakPolicy?: LeakPolicy;
}

/** `revoke` (the default): refused at once, for good; `disable`: refused until re-enabled; `notify`: only the audit event. */
export const LEAK_POLICIES = ['revoke', 'disable', 'notify'] as const;
export type LeakPolicy = (typeof LEAK_POLICIES)[number];

export interface Project {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly description: string | null;
  /** The written prefix of its new keys (`acme` → `acme_…`); null: Keyward's `kw_proj`. */
  readonly keyPrefix: string | null;
  /** Live keys one owner may hold in it; null: no cap. */
  readonly maxKeysPerOwner: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How a key's credits come back: reset to `amount` at each UTC boundary (daily, or monthly on `dayOfMonth`). */
export interface CreditRefill {
  readonly amount: number;
  readonly interval: 'daily' | 'monthly';
  /** Monthly only (null: the 1st); past a short month's end, its last day. */
  readonly dayOfMonth: number | null;
}

/** What verification knows of a key's credits without the balance: that it spends, and how it refills. */
export interface CreditPolicy {
  readonly refill: CreditRefill | null;
}

/** A key's credits as stored: `remaining` as of the last spend, refilled lazily at `refillAt` (credits.ts). */
export interface Credits extends CreditPolicy {
  readonly remaining: number;
  /** The next refill boundary; null without a refill. */
  readonly refillAt: string | null;
}

export interface RateLimit {
  /** Verifications allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** `owner`: one counter for every key of the key's owner in its project. Absent: per key. */
  readonly scope?: RateLimitScope;
}

export const RATE_LIMIT_SCOPES = ['key', 'owner'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

/**
 * Who did something: a key (org or root), a user authenticated by a JWT, the instance
 * itself (`system`: first-start set-up) or the operator at a shell on the database
 * (`operator`: the CLI's recovery commands, which hold no key).
 */
export const ACTOR_TYPES = ['key', 'user', 'system', 'operator'] as const;

export interface Actor {
  readonly type: (typeof ACTOR_TYPES)[number];
  readonly id: string;
}

/** The person a key belongs to when a JWT user minted it (Braintrust's `user_*` fields). */
export interface KeyOwner {
  readonly userId: string;
  readonly email: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

/**
 * The stored name of a key made without one, where a platform allows that (Openlayer's
 * `name` is nullable). /v1's Key has a required string `name`, so "no name" is the empty
 * string there; no /v1 create or rename can set it (both require 1–120 characters), so it
 * means "no name" and nothing else, and the dialect answers it as null.
 */
export const NO_KEY_NAME = '';

export interface ApiKey {
  readonly id: string;
  /** Monotonic number given by the store, instance-wide: orders lists and pages them. Never shown. */
  readonly seq: number;
  /**
   * The key's number within its org (1, 2, 3…), for platforms whose key ids are integers
   * (Confident AI): counted per org so that no org can read other orgs' activity in it.
   * Null for keys minted where no platform needs one.
   */
  readonly orgNumber: number | null;
  readonly kind: KeyKind;
  /** Null only for the root key, which sits above every org. */
  readonly orgId: string | null;
  /** Null for org and root keys. */
  readonly projectId: string | null;
  readonly name: string;
  readonly roles: readonly string[];
  /** SHA-256 or HMAC-SHA-256 of the raw key, hex. Never leaves the server. */
  readonly hash: string;
  /** Prefix and last four characters, e.g. `kw_proj_…a1B2`. */
  readonly preview: string;
  readonly enabled: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly rateLimit: RateLimit | null;
  /** Null: unlimited. The balance lives in the database only (never cached). */
  readonly credits: Credits | null;
  /** CIDRs (normalized, credits.ts's sibling ip-allowlist.ts) a verification's `ip` must fall in; null: any. */
  readonly allowedIps: readonly string[] | null;
  readonly createdBy: Actor;
  readonly owner: KeyOwner | null;
  /** The platform's own id for whom the key is for (`owner_id`, opaque); null when none. */
  readonly ownerId: string | null;
  /** Which surface minted the key (`native`, or a dialect name); dialects scope by it. */
  readonly origin: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  /** When the key stops working. May lie in the future: a rolled key's grace period. */
  readonly revokedAt: string | null;
  /**
   * The key this one's roles derive from: set for a personal key minted by a key
   * (use-cases/personal-keys.ts), which can never do more than, nor outlive, that key
   * (use-cases/key-lineage.ts). Null for every other key, those minted by a user included.
   */
  readonly makerId: string | null;
  /** Brought in by the import call (use-cases/import-keys.ts) rather than minted; absent reads as false. */
  readonly imported?: boolean;
  /**
   * Imported keys only: the keyed hash of the digest they were imported under, which keeps
   * the import idempotent once the digest itself is re-hashed away. Never leaves the server.
   */
  readonly importRef?: string | null;
}

/**
 * What verification and management authentication read of a key, by hash, on the hot
 * path: who it belongs to, what it may do, and whether it works now. The verification
 * cache holds these, not whole keys, so a million fit in little memory and the usage flush
 * (which moves `lastUsedAt` every second) never changes what is cached.
 */
export type KeyRecord = Pick<
  ApiKey,
  | 'id'
  | 'kind'
  | 'orgId'
  | 'projectId'
  | 'name'
  | 'roles'
  | 'hash'
  | 'enabled'
  | 'metadata'
  | 'rateLimit'
  | 'expiresAt'
  | 'revokedAt'
  | 'ownerId'
  | 'allowedIps'
> & {
  /** Whether verifications spend credits and how they refill; never the balance, which only the database holds. */
  readonly credits: CreditPolicy | null;
};

/** The fields of a KeyRecord, for code that copies or compares one field by field. */
export const KEY_RECORD_FIELDS = [
  'id',
  'kind',
  'orgId',
  'projectId',
  'name',
  'roles',
  'hash',
  'enabled',
  'metadata',
  'rateLimit',
  'expiresAt',
  'revokedAt',
  'ownerId',
  'allowedIps',
  'credits',
] as const satisfies ReadonlyArray<keyof KeyRecord>;

export interface AuditEvent {
  readonly id: string;
  readonly seq: number;
  /** Null for events on the instance itself (none today; root acts on orgs, which carry their id). */
  readonly orgId: string | null;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly target: { readonly type: AuditTargetType; readonly id: string };
  readonly createdAt: string;
  readonly requestId: string | null;
  readonly ip: string | null;
  /** What the event changed, by wire field name, when it says (never a secret). */
  readonly changes?: AuditChanges;
  /** What changed, for events that say (key.credits_set: `{from, to}` balances); null otherwise. Never a secret. */
  readonly details: Readonly<Record<string, unknown>> | null;
  // `changes` (migration 0008) and `details` (0009) came from two branches and overlap in
  // spirit: both say what an event changed. They stay two, because both are already on the
  // wire with different shapes (`changes` optional, `{field: {from, to}}`; `details` always
  // present, nullable, free-form: `{from, to}` for key.credits_set), and DESIGN.md extends the
  // contract, never reshapes it. New events that change fields use `changes`; `details` is for
  // what is not a field change.
}

export type AuditChanges = Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;

/** What an audit event is about; `webhook` for the webhook.* events (their target id is the endpoint's). */
export const AUDIT_TARGET_TYPES = ['org', 'project', 'key', 'webhook'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export const AUDIT_ACTIONS = [
  'org.create',
  'org.delete',
  'project.create',
  'project.update',
  'project.delete',
  'key.create',
  'key.update',
  'key.roll',
  'key.revoke',
  'key.credits_set',
  'key.leaked',
  'key.import',
  'org.update',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Outcome codes of a verification, in the order they are checked. */
export const VERIFY_CODES = [
  'VALID',
  'NOT_FOUND',
  'MALFORMED',
  'REVOKED',
  'EXPIRED',
  'DISABLED',
  'IP_NOT_ALLOWED',
  'INSUFFICIENT_ROLES',
  'RATE_LIMITED',
  'USAGE_EXCEEDED',
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

export interface UsageRow {
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly code: VerifyCode;
  readonly count: number;
  /** Credits spent (VALID verifications of keys with credits); 0 for other codes. */
  readonly spent: number;
}

/** One page of a newest-first list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly data: readonly T[];
  readonly nextCursor: string | null;
}

/** Where a list page starts: items strictly older than `beforeSeq`, at most `limit`. */
export interface PageRequest {
  readonly limit: number;
  readonly beforeSeq: number | null;
}
