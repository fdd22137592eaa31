import type { ApiKey, AuditAction, AuditEvent, Credits, KeyRecord, Organization, PageRequest, Project, UsageRow } from '../core/types.js';
import type {
  ClaimedDelivery,
  DeliveryResult,
  ExpiredKey,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
  WebhookPatch,
  WebhookRecord,
} from '../core/webhooks.js';
import { batchedLoader, type LoadKey } from './batched-loader.js';
import type {
  CreditSpend,
  KeyChange,
  KeyChangeListener,
  KeyChangeScope,
  KeyFilter,
  KeyPatch,
  OrgPatch,
  ProjectPatch,
  Store,
  UsageBatch,
} from '../core/store.js';
import type { KeyCache } from './key-cache.js';

/** What a write changed, applied to the cache once it is committed. */
interface Changes {
  readonly hashes: Set<string>;
  all: boolean;
}

/**
 * The Store with the verification cache in front of `findKeyByHash` (which both
 * verification and management authentication use). Every write that can change what a
 * lookup by hash answers (insert, update, deleting a project or an org) forgets the
 * affected entries once it is committed, so the very next verification on this
 * instance sees it. Other processes' writes arrive through `watch()`.
 *
 * Every Store method is written out here, as kysely writes its drivers: a method added to
 * the port does not compile until this class says whether it changes what a lookup by
 * hash answers (then it must note the change, as `updateKey` does) or not (then it passes
 * through). Whoever needs the cache itself (the server, to start `watch()`; Redis, to
 * share changes; the verify lane, to read it) is handed this object explicitly by
 * `buildDeps` (src/deps.ts, `WiredDeps.cachedStore`), never finds it by type.
 */
export class CachingStore implements Store {
  readonly #inner: Store;
  readonly #cache: KeyCache;
  readonly #changes: Changes | null;
  readonly #load: LoadKey;
  #stopWatching: Promise<() => Promise<void>> | null = null;
  /** Told what each committed write changed (Redis publishes it to the other instances). */
  #onCommitted: KeyChangeListener | null = null;

  constructor(inner: Store, cache: KeyCache, changes: Changes | null = null) {
    this.#inner = inner;
    this.#cache = cache;
    this.#changes = changes;
    // Misses and refreshes of one event-loop turn share one read (batched-loader.ts).
    this.#load = batchedLoader((hashes) => inner.findKeysByHashes(hashes));
  }

  get cache(): KeyCache {
    return this.#cache;
  }

  /** Calls `listener` after each committed write with the hashes it changed (null: any key). */
  onCommitted(listener: KeyChangeListener): void {
    this.#onCommitted = listener;
  }

  /**
   * Starts applying change signals from the database (other processes' writes) to the
   * cache. Idempotent; `close()` stops it.
   */
  watch(): Promise<void> {
    this.#stopWatching ??= this.#inner.watchKeyChanges(this.applyKeyChanges);
    return this.#stopWatching.then(() => {});
  }

  /** Applies another process's change signal (the database's, or Redis's: redis-link.ts) to the cache. */
  readonly applyKeyChanges: KeyChangeListener = (hashes, reason) => {
    // Forgotten, and those held re-read at once: the next verification of a hot key finds the read under way.
    if (hashes) this.#cache.revalidate(hashes, this.#load);
    // Signals may have been missed, nothing is known to have changed: re-read before trusting.
    else if (reason === 'disconnected') this.#cache.suspectAll();
    else this.#cache.forgetAll();
  };

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#changes) return this.#inner.transaction(() => work(this));
    const changes: Changes = { hashes: new Set(), all: false };
    const applied = () => this.#apply(changes);
    return this.#inner.transaction((tx) => work(new CachingStore(tx, this.#cache, changes))).finally(applied);
  }

  ping(): Promise<void> {
    return this.#inner.ping();
  }

  isInitialized(): Promise<boolean> {
    return this.#inner.isInitialized();
  }

  cursorSecret(): Promise<Uint8Array> {
    return this.#inner.cursorSecret();
  }

  // Organizations: only deleting one changes keys (it revokes them all).

  insertOrg(org: Organization): Promise<void> {
    return this.#inner.insertOrg(org);
  }

  findOrg(orgId: string): Promise<Organization | null> {
    return this.#inner.findOrg(orgId);
  }

  listOrgs(page: PageRequest): Promise<Array<Organization & { seq: number }>> {
    return this.#inner.listOrgs(page);
  }

  deleteOrg(orgId: string, at: string): Promise<boolean> {
    return this.#afterWrite(this.#inner.deleteOrg(orgId, at), (c) => (c.all = true));
  }

  // Projects: only deleting one changes keys (it revokes its keys).

  insertProject(project: Project): Promise<void> {
    return this.#inner.insertProject(project);
  }

  findProject(orgId: string, projectId: string): Promise<Project | null> {
    return this.#inner.findProject(orgId, projectId);
  }

  listProjects(orgId: string, page: PageRequest): Promise<Array<Project & { seq: number }>> {
    return this.#inner.listProjects(orgId, page);
  }

  updateProject(orgId: string, projectId: string, patch: ProjectPatch): Promise<Project | null> {
    // A prefix or a cap applies to keys minted later; no cached record holds either.
    return this.#inner.updateProject(orgId, projectId, patch);
  }

  deleteProject(orgId: string, projectId: string, at: string): Promise<boolean> {
    return this.#afterWrite(this.#inner.deleteProject(orgId, projectId, at), (c) => (c.all = true));
  }

  // Keys

  insertKey(key: Omit<ApiKey, 'seq'>): Promise<ApiKey> {
    // Forget even on failure: a half-known outcome must not leave "no such key" behind.
    return this.#afterWrite(this.#inner.insertKey(key), (c) => c.hashes.add(key.hash));
  }

  insertKeyWithEvent(key: Omit<ApiKey, 'seq'>, event: Omit<AuditEvent, 'seq'>): Promise<ApiKey> {
    return this.#afterWrite(this.#inner.insertKeyWithEvent(key, event), (c) => c.hashes.add(key.hash));
  }

  findKey(orgId: string | null, keyId: string): Promise<ApiKey | null> {
    return this.#inner.findKey(orgId, keyId);
  }

  findKeyByHash(hash: string): Promise<KeyRecord | null> {
    // Inside a transaction, read its own writes, never the cache.
    if (this.#changes) return this.#inner.findKeyByHash(hash);
    return this.#cache.lookup(hash, this.#load);
  }

  /** Batched reads are the cache's own loads: always from the database. */
  findKeysByHashes(hashes: readonly string[]): Promise<KeyRecord[]> {
    return this.#inner.findKeysByHashes(hashes);
  }

  peekKeyByHash(hash: string): KeyRecord | null | undefined {
    return this.#changes ? undefined : this.#cache.peek(hash, this.#load);
  }

  wasKeyWritten(hash: string): boolean {
    return this.#cache.wasWritten(hash);
  }

  listKeys(filter: KeyFilter, page: PageRequest): Promise<ApiKey[]> {
    return this.#inner.listKeys(filter, page);
  }

  listKeysAfter(filter: KeyFilter, afterSeq: number, limit: number): Promise<ApiKey[]> {
    return this.#inner.listKeysAfter(filter, afterSeq, limit);
  }

  // A number counter changes nothing a lookup by hash answers; the key it numbers is
  // invalidated by its insert.
  nextKeyNumber(orgId: string): Promise<number> {
    return this.#inner.nextKeyNumber(orgId);
  }

  findKeyByNumber(orgId: string, orgNumber: number): Promise<ApiKey | null> {
    return this.#inner.findKeyByNumber(orgId, orgNumber);
  }

  async updateKey(orgId: string | null, keyId: string, patch: KeyPatch): Promise<ApiKey | null> {
    const updated = await this.#inner.updateKey(orgId, keyId, patch);
    if (updated) this.#record((c) => c.hashes.add(updated.hash));
    return updated;
  }

  // A read (locking on PostgreSQL): what it leads to is written through updateKey, which forgets.
  listKeysMadeBy(orgId: string, makerIds: readonly string[]): Promise<ApiKey[]> {
    return this.#inner.listKeysMadeBy(orgId, makerIds);
  }

  // Usage: only last_used_at changes, which verification does not read from the cache.

  /** A read (which may lock, inside a transaction): nothing to forget. */
  countOwnerKeys(projectId: string, ownerId: string, now: string): Promise<number> {
    return this.#inner.countOwnerKeys(projectId, ownerId, now);
  }

  /**
   * Changes only the balance, which is never cached (a record says only *that* a key has
   * credits): nothing to forget, so a verification with credits keeps its cached record.
   */
  spendCredits(keyId: string, spend: CreditSpend): Promise<{ spent: boolean; credits: Credits } | null> {
    return this.#inner.spendCredits(keyId, spend);
  }

  recordUsage(batch: UsageBatch): Promise<void> {
    return this.#inner.recordUsage(batch);
  }

  usage(orgId: string, scope: { keyId: string } | { projectId: string }, sinceDay: string): Promise<UsageRow[]> {
    return this.#inner.usage(orgId, scope, sinceDay);
  }

  // Audit: no key changes.

  insertAuditEvent(event: Omit<AuditEvent, 'seq'>): Promise<void> {
    return this.#inner.insertAuditEvent(event);
  }

  listAuditEvents(orgId: string, filter: { action?: AuditAction; targetId?: string }, page: PageRequest): Promise<AuditEvent[]> {
    return this.#inner.listAuditEvents(orgId, filter, page);
  }

  // Webhooks: nothing verification reads (claimExpiredKeys marks a column no KeyRecord holds).
  webhookSealingSecret(): Promise<Uint8Array> {
    return this.#inner.webhookSealingSecret();
  }

  insertWebhook(webhook: WebhookRecord): Promise<void> {
    return this.#inner.insertWebhook(webhook);
  }

  findWebhook(orgId: string, webhookId: string): Promise<WebhookRecord | null> {
    return this.#inner.findWebhook(orgId, webhookId);
  }

  listWebhooks(orgId: string, page: PageRequest): Promise<Array<Webhook & { seq: number }>> {
    return this.#inner.listWebhooks(orgId, page);
  }

  updateWebhook(orgId: string, webhookId: string, patch: WebhookPatch): Promise<Webhook | null> {
    return this.#inner.updateWebhook(orgId, webhookId, patch);
  }

  deleteWebhook(orgId: string, webhookId: string): Promise<boolean> {
    return this.#inner.deleteWebhook(orgId, webhookId);
  }

  listWebhookDeliveries(orgId: string, webhookId: string, page: PageRequest): Promise<Array<WebhookDelivery & { seq: number }>> {
    return this.#inner.listWebhookDeliveries(orgId, webhookId, page);
  }

  redeliverWebhook(orgId: string, webhookId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null> {
    return this.#inner.redeliverWebhook(orgId, webhookId, deliveryId, at);
  }

  enqueueWebhookEvent(event: WebhookEvent): Promise<void> {
    return this.#inner.enqueueWebhookEvent(event);
  }

  claimWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.#inner.claimWebhookDeliveries(now, leaseUntil, limit);
  }

  finishWebhookDelivery(deliveryId: string, result: DeliveryResult): Promise<void> {
    return this.#inner.finishWebhookDelivery(deliveryId, result);
  }

  pruneWebhookDeliveries(before: string, limit: number): Promise<number> {
    return this.#inner.pruneWebhookDeliveries(before, limit);
  }

  claimExpiredKeys(now: string, limit: number): Promise<ExpiredKey[]> {
    return this.#inner.claimExpiredKeys(now, limit);
  }

  keyChangesSince(scope: KeyChangeScope, afterSeq: number, limit: number): Promise<KeyChange[]> {
    return this.#inner.keyChangesSince(scope, afterSeq, limit);
  }

  lastKeyChange(orgId: string): Promise<number> {
    return this.#inner.lastKeyChange(orgId);
  }

  watchKeyChanges(listener: KeyChangeListener): Promise<() => Promise<void>> {
    return this.#inner.watchKeyChanges(listener);
  }

  // Leaks and imports (issue 16)

  updateOrg(orgId: string, patch: OrgPatch): Promise<Organization | null> {
    return this.#inner.updateOrg(orgId, patch);
  }

  findImportRefs(projectId: string, refs: readonly string[]): Promise<string[]> {
    return this.#inner.findImportRefs(projectId, refs);
  }

  /** Both hashes are forgotten: the old one no longer finds the key, the new one now does. */
  replaceKeyHash(keyId: string, from: string, to: string, at: string): Promise<boolean> {
    return this.#afterWrite(this.#inner.replaceKeyHash(keyId, from, to, at), (c) => {
      c.hashes.add(from);
      c.hashes.add(to);
    });
  }

  listImportedKeyHashes(afterSeq: number, limit: number): Promise<Array<{ seq: number; hash: string }>> {
    return this.#inner.listImportedKeyHashes(afterSeq, limit);
  }

  async close(): Promise<void> {
    if (this.#changes) return;
    const stopping = this.#stopWatching;
    this.#stopWatching = null;
    if (stopping) await (await stopping.catch(() => async () => {}))();
    await this.#inner.close();
  }

  #afterWrite<T>(write: Promise<T>, note: (c: Changes) => void): Promise<T> {
    return write.finally(() => this.#record(note));
  }

  /** Inside a transaction: noted, applied at its end. Outside: the statement committed, apply now. */
  #record(note: (c: Changes) => void): void {
    if (this.#changes) {
      note(this.#changes);
      return;
    }
    const changes: Changes = { hashes: new Set(), all: false };
    note(changes);
    this.#apply(changes);
  }

  #apply(changes: Changes): void {
    if (changes.all) this.#cache.forgetAll();
    else if (changes.hashes.size > 0) this.#cache.forget(changes.hashes);
    else return;
    this.#onCommitted?.(changes.all ? null : [...changes.hashes]);
  }
}
