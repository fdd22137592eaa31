import type {
  ApiKey,
  KeyRecord,
  AuditEvent,
  AuditAction,
  Credits,
  LeakPolicy,
  Organization,
  PageRequest,
  Project,
  RateLimit,
  UsageRow,
  VerifyCode,
} from './types.js';
import type {
  ClaimedDelivery,
  DeliveryResult,
  ExpiredKey,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
  WebhookPatch,
  WebhookRecord,
} from './webhooks.js';

/**
 * The storage port: everything Keyward keeps, in domain words. It lives in core so that
 * the arrows only point down: core declares what it needs, src/store implements it (one
 * Kysely store over SQLite or PostgreSQL, passing one test suite, test/store/) and
 * src/cache/caching-store.ts decorates it. Rows are mapped to domain types inside; nothing
 * above this interface sees a column name.
 *
 * Tenancy is enforced here too: every lookup of an org's resource takes the org id,
 * and a resource of another org is simply not found.
 * Soft-deleted orgs and projects are invisible to every read.
 */
export interface Store {
  /**
   * Runs `work` in one transaction: all its writes land, or none do (a throw, or a failing
   * statement, rolls everything back and rethrows). `transaction` on `tx` runs inside the
   * same transaction. Inside `work`, use only `tx`: on SQLite the outer store waits for the
   * one connection the transaction holds.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;

  /** True when the instance has been set up (a root key exists, revoked or not). */
  isInitialized(): Promise<boolean>;

  /**
   * The database's own random secret (at least 32 bytes, made once by a migration) that
   * list cursors are sealed with, so that every instance on the database reads the same.
   */
  cursorSecret(): Promise<Uint8Array>;

  // Organizations
  insertOrg(org: Organization): Promise<void>;
  findOrg(orgId: string): Promise<Organization | null>;
  /** Newest first, items with `seq < page.beforeSeq` when set. */
  listOrgs(page: PageRequest): Promise<Array<Organization & { seq: number }>>;
  /** Marks the org deleted, its projects deleted and every key in it revoked at `at`. False when not found. */
  deleteOrg(orgId: string, at: string): Promise<boolean>;

  // Projects
  /** Throws `KeywardError('CONFLICT')` when the org already has a live project of that name. */
  insertProject(project: Project): Promise<void>;
  findProject(orgId: string, projectId: string): Promise<Project | null>;
  listProjects(orgId: string, page: PageRequest): Promise<Array<Project & { seq: number }>>;
  /** Applies the given fields; null when not found. Throws CONFLICT on a duplicate name. */
  updateProject(orgId: string, projectId: string, patch: ProjectPatch): Promise<Project | null>;
  /** Marks the project deleted and revokes its keys (those not already revoked earlier) at `at`. */
  deleteProject(orgId: string, projectId: string, at: string): Promise<boolean>;

  // Keys
  /** Stores a new key; the store assigns `seq`. Throws CONFLICT if the hash already exists. */
  insertKey(key: Omit<ApiKey, 'seq'>): Promise<ApiKey>;
  /**
   * Stores a new key together with the audit event that records its creation: both land or
   * neither does (a hash conflict leaves no event, even inside a transaction that carries on
   * after the error). Throws as `insertKey`. The pairing is explicit so that a store may
   * write both at the cost of one (PostgreSQL: one statement, one round trip).
   */
  insertKeyWithEvent(key: Omit<ApiKey, 'seq'>, event: Omit<AuditEvent, 'seq'>): Promise<ApiKey>;
  /** `orgId` null finds only the root key(s); a key of another org is not found. */
  findKey(orgId: string | null, keyId: string): Promise<ApiKey | null>;
  /**
   * The hot-path lookup: the key's record (what verification needs) by hash, regardless of
   * org, revoked or not. Reads committed data only, even while a transaction is open elsewhere.
   */
  findKeyByHash(hash: string): Promise<KeyRecord | null>;
  /** The records of those of `hashes` that exist, in any order (the cache's batched reads). */
  findKeysByHashes(hashes: readonly string[]): Promise<KeyRecord[]>;
  /**
   * What `findKeyByHash` would answer, when a store can tell from memory without a promise
   * (the verification cache): the record, null when it is known not to exist, or undefined
   * when only `findKeyByHash` can say. Optional: stores that always read answer undefined
   * by not having it.
   */
  peekKeyByHash?(hash: string): KeyRecord | null | undefined;

  /**
   * Whether a key with this hash was written (created, rolled, changed) recently, as far as
   * this process heard (the verification cache keeps a bounded list: its own writes, and the
   * hashes change signals name). Only a real key's hash can be known here, so the abuse
   * limits may look such a key up where they would not look up an unknown one. Optional:
   * stores without a cache do not have it (false).
   */
  wasKeyWritten?(hash: string): boolean;
  /**
   * Keys of one org: of one project (`projectId` set) or the org keys (`projectId` null).
   * Without `includeRevoked`, keys whose `revokedAt` is at or before `now` are left out.
   * `origin` narrows to keys minted through one surface; `createdById` to one creator;
   * `ids` and `name` to those keys and that exact name.
   */
  listKeys(filter: KeyFilter, page: PageRequest): Promise<ApiKey[]>;
  /**
   * The `limit` keys matching `filter` just newer than `afterSeq` (`seq > afterSeq`, the
   * closest ones), returned newest first: the page *before* a cursor, for dialects whose
   * lists page both ways (Braintrust's `ending_before`).
   */
  listKeysAfter(filter: KeyFilter, afterSeq: number, limit: number): Promise<ApiKey[]>;
  /**
   * The next number of the org's sequence of key numbers (`ApiKey.orgNumber`: 1, 2, 3…),
   * for a key about to be inserted in the same transaction. Never the same number twice in
   * one org, however many callers ask at once: on PostgreSQL the org's counter row stays
   * locked until the transaction ends, so concurrent creations in one org take turns (other
   * orgs' do not wait). A rolled-back transaction gives its number back.
   */
  nextKeyNumber(orgId: string): Promise<number>;
  /**
   * A key of one org by its `orgNumber`, revoked or not; null when the org has no key of
   * that number (another org's key of the same number is never found). Serves dialects
   * whose key ids are integers (Confident).
   */
  findKeyByNumber(orgId: string, orgNumber: number): Promise<ApiKey | null>;
  updateKey(orgId: string | null, keyId: string, patch: KeyPatch): Promise<ApiKey | null>;
  /**
   * The keys of one org whose `makerId` is one of `makerIds`, revoked or not, in any order.
   * Inside a PostgreSQL transaction each is locked (`FOR UPDATE`) as it is read, so a key
   * minting a key of its own meanwhile (which holds its maker) either commits first and is
   * found by the next level's read, or waits and sees its maker's change (key-lineage.ts).
   */
  listKeysMadeBy(orgId: string, makerIds: readonly string[]): Promise<ApiKey[]>;
  /**
   * How many keys `ownerId` holds in the project now: neither revoked nor expired at `now`.
   * Inside a transaction it first takes a lock on (project, owner) that lasts until the
   * transaction ends (PostgreSQL: an advisory lock; SQLite: its one writer already
   * serializes), so that concurrent mints for one owner take turns and each counts the
   * keys the others committed: a per-owner cap cannot be passed by racing.
   */
  countOwnerKeys(projectId: string, ownerId: string, now: string): Promise<number>;
  /**
   * Spends `spend.cost` of a key's credits in one atomic conditional statement (never a read
   * then a write): when the key's refill is due (`refillAt <= spend.now`) the balance is first
   * reset to the refill amount and `refillAt` moved to `spend.nextRefillAt`; then, only if the
   * balance covers the cost, it is lowered by it. Racing spends on any number of connections
   * or instances therefore never take the balance below zero nor spend more than it held.
   * `spent: false` wrote nothing and reports the balance as stored. Null when the key has no
   * credits (or does not exist). Changes nothing verification caches (no change signal).
   */
  spendCredits(keyId: string, spend: CreditSpend): Promise<{ spent: boolean; credits: Credits } | null>;

  // Usage (written in batches, never per verification)
  /** Adds counts and advances `lastUsedAt` (never moves it back). Unknown key ids are ignored. */
  recordUsage(batch: UsageBatch): Promise<void>;
  /** Rows of one key (`keyId`) or every key of a project (`projectId`) since `sinceDay`, oldest first. */
  usage(orgId: string, scope: { keyId: string } | { projectId: string }, sinceDay: string): Promise<UsageRow[]>;

  // Audit
  insertAuditEvent(event: Omit<AuditEvent, 'seq'>): Promise<void>;
  listAuditEvents(orgId: string, filter: { action?: AuditAction; targetId?: string }, page: PageRequest): Promise<AuditEvent[]>;

  // The change stream (local verifiers, GET /v1/keys/stream)
  /**
   * The records of `scope`'s keys whose change number is above `afterSeq`, lowest first, at
   * most `limit`: revoked and expired keys included (a replica must hear of a revoke). Never a
   * root key. Change numbers become visible in increasing order (migration 0012), so a reader
   * that saw N never misses a change numbered at or below N later.
   */
  keyChangesSince(scope: KeyChangeScope, afterSeq: number, limit: number): Promise<KeyChange[]>;
  /** The highest change number of the org's keys (0 when it has none). */
  lastKeyChange(orgId: string): Promise<number>;

  // Change signals (for the verification caches of every process on the database)
  /**
   * Calls `listener` after any connection, in any process, commits a change to keys that
   * verification can see (anything but `lastUsedAt`): with their hashes, or null when the
   * engine cannot say which (then forget everything). Resolves once listening, to a
   * function that stops. On SQLite `:memory:` nothing else can write, so nothing is heard.
   */
  watchKeyChanges(listener: KeyChangeListener): Promise<() => Promise<void>>;

  // Webhooks (issue 16; core/webhooks.ts). Audit events whose action maps to a webhook event
  // are queued by `insertAuditEvent` / `insertKeyWithEvent` themselves, in the same transaction.
  /** The database's own random secret (migration 0010) that webhook signing secrets are sealed under. */
  webhookSealingSecret(): Promise<Uint8Array>;
  insertWebhook(webhook: WebhookRecord): Promise<void>;
  findWebhook(orgId: string, webhookId: string): Promise<WebhookRecord | null>;
  listWebhooks(orgId: string, page: PageRequest): Promise<Array<Webhook & { seq: number }>>;
  updateWebhook(orgId: string, webhookId: string, patch: WebhookPatch): Promise<Webhook | null>;
  /** Deletes the webhook, its deliveries and their attempts. False when not found. */
  deleteWebhook(orgId: string, webhookId: string): Promise<boolean>;
  /** Newest first, each with its attempts (oldest first). */
  listWebhookDeliveries(orgId: string, webhookId: string, page: PageRequest): Promise<Array<WebhookDelivery & { seq: number }>>;
  /** Makes the delivery pending and due at `at`, its retry window starting at `at`; null when not found. */
  redeliverWebhook(orgId: string, webhookId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null>;
  /** Queues `event` for every enabled webhook of its org subscribed to its type (none: writes nothing). */
  enqueueWebhookEvent(event: WebhookEvent): Promise<void>;
  /**
   * Claims up to `limit` pending deliveries due at `now` whose lease is free, leasing them
   * until `leaseUntil`: a claimed row is not claimed again (by any instance) before then, so
   * each is sent by one loop; a loop that dies leaves it to be claimed after the lease.
   * PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one conditional UPDATE (one writer).
   */
  claimWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]>;
  /** Records one attempt and the delivery's new state, releasing its lease. */
  finishWebhookDelivery(deliveryId: string, result: DeliveryResult): Promise<void>;
  /**
   * Deletes up to `limit` finished deliveries (delivered or failed) whose last attempt was
   * before `before`, with their attempts; pending ones are never touched. Returns how many.
   */
  pruneWebhookDeliveries(before: string, limit: number): Promise<number>;
  /**
   * Keys whose expiry passed at or before `now` and was not announced yet: marks up to
   * `limit` of them announced (a conditional update, so of several instances only one claims
   * each) and returns them, revoked ones and root keys included (so that none is looked at
   * again). Use inside a transaction that queues their events.
   */
  claimExpiredKeys(now: string, limit: number): Promise<ExpiredKey[]>;

  /** Releases connections. The store is unusable afterwards. */
  close(): Promise<void>;

  // Leaks and imports (issue 16; appended)
  /** Applies the given fields to a live org; null when not found. */
  updateOrg(orgId: string, patch: OrgPatch): Promise<Organization | null>;
  /** Which of `refs` (`ApiKey.importRef`) the project's keys already carry, revoked or not. */
  findImportRefs(projectId: string, refs: readonly string[]): Promise<string[]>;
  /**
   * Replaces a key's hash (an imported digest re-hashed into Keyward's scheme on first use),
   * only while it is still `from`: false when another writer replaced it first. Signals the change.
   */
  replaceKeyHash(keyId: string, from: string, to: string, at: string): Promise<boolean>;
  /** The hashes of imported keys with `seq > afterSeq`, oldest first, at most `limit` (core/imported-keys.ts). */
  listImportedKeyHashes(afterSeq: number, limit: number): Promise<Array<{ seq: number; hash: string }>>;
}

export interface OrgPatch {
  readonly leakPolicy?: LeakPolicy;
  readonly updatedAt: string;
}

export interface KeyFilter {
  /** Null: the root keys, which belong to no org (then `projectId` must be null too). */
  readonly orgId: string | null;
  readonly projectId: string | null;
  readonly includeRevoked: boolean;
  readonly now: string;
  readonly origin?: string;
  readonly createdById?: string;
  /** Only these key ids (an empty list matches nothing). */
  readonly ids?: readonly string[];
  /** Only keys with exactly this name. */
  readonly name?: string;
  /** Only keys of this owner (`ApiKey.ownerId`). */
  readonly ownerId?: string;
}

/** Whose keys a change stream follows: one org's, or one project's of it. */
export interface KeyChangeScope {
  readonly orgId: string;
  /** Null: every key of the org (its projects' and its org keys). */
  readonly projectId: string | null;
}

/** A key's record as of its last verification-relevant change, numbered. */
export type KeyChange = KeyRecord & { readonly changeSeq: number };

export interface ProjectPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly keyPrefix?: string | null;
  readonly maxKeysPerOwner?: number | null;
  readonly updatedAt: string;
}

export interface KeyPatch {
  readonly name?: string;
  readonly roles?: readonly string[];
  readonly enabled?: boolean;
  readonly expiresAt?: string | null;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly rateLimit?: RateLimit | null;
  readonly ownerId?: string | null;
  readonly credits?: Credits | null;
  readonly allowedIps?: readonly string[] | null;
  readonly revokedAt?: string | null;
  readonly makerId?: string | null;
  readonly updatedAt: string;
}

export interface UsageBatch {
  readonly lastUsed: ReadonlyArray<{ readonly keyId: string; readonly at: string }>;
  /** `spent`: credits spent by those verifications (VALID ones of keys with credits), else 0. */
  readonly counts: ReadonlyArray<{
    readonly keyId: string;
    readonly day: string;
    readonly code: VerifyCode;
    readonly count: number;
    readonly spent?: number;
  }>;
}

export interface CreditSpend {
  readonly cost: number;
  /** Refills due at or before this instant happen first. */
  readonly now: string;
  /** Where `refillAt` moves when a refill happens (the boundary after `now`). */
  readonly nextRefillAt: string;
}

/**
 * Tells the caller that keys changed in the database, whoever changed them: the
 * verification cache of every Keyward process listens so a revoke acknowledged by one
 * instance is refused by all the others within a bound (see README, "Several instances").
 *
 * The listener receives the hashes of the changed keys, or `null` when the engine cannot
 * say which keys changed (many at once, or signals may have been missed, e.g. while a
 * connection was down): the listener must then forget everything it holds.
 *
 * With `null`, `reason` tells the two apart: `'disconnected'` means nothing is known to
 * have changed, only that signals may have been missed (the watching connection dropped,
 * or came back after a drop). The listener must then stop trusting what it holds without
 * re-reading it; the verification cache may still answer from it while the database is
 * unreachable (stale-if-error, bounded; see cache/key-cache.ts).
 */
export type KeyChangeListener = (hashes: readonly string[] | null, reason?: 'disconnected') => void;
