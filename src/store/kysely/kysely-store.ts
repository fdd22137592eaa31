import { sql, type Kysely } from 'kysely';
import type {
  ApiKey,
  AuditAction,
  AuditEvent,
  Credits,
  KeyRecord,
  Organization,
  PageRequest,
  Project,
  UsageRow,
} from '../../core/types.js';
import type { KeyReader } from '../engine-handle.js';
import { watchNothing, type WatchKeyChanges } from '../key-changes.js';
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
} from '../../core/store.js';
import * as audit from './audit-queries.js';
import * as keys from './key-queries.js';
import * as orgs from './org-queries.js';
import * as projects from './project-queries.js';
import type { Atomically } from './engine-adapter.js';
import type { QueryContext } from './query-context.js';
import type { Database } from './tables.js';
import { toKeyRecord } from './row-mapping.js';
import * as usage from './usage-queries.js';
import * as webhooks from './webhook-queries.js';
import type {
  ClaimedDelivery,
  DeliveryResult,
  ExpiredKey,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
  WebhookPatch,
  WebhookRecord,
} from '../../core/webhooks.js';

/**
 * The Store over any Kysely<Database>: both engines use this class and differ only in
 * the Kysely instance (dialect, connection set-up) and the two strategy objects they pass
 * in, the EngineAdapter (engine-adapter.ts) and the ValueCodec. Nothing here asks which
 * engine it runs on.
 *
 * A store made by `transaction` is bound to that transaction: its own `transaction`
 * just runs the work inside it, so use cases can nest freely. Inside `work`, use the
 * store it is given: on SQLite the outer store waits for the one connection the
 * transaction holds.
 */
export class KyselyStore implements Store {
  readonly #q: QueryContext;
  readonly #inTransaction: boolean;
  readonly #watch: WatchKeyChanges;
  /** Reads by hash outside transactions (SQLite files: engine-handle.ts); a transaction's store has none. */
  readonly #keyReader: KeyReader | undefined;
  /** Where the usage flush writes, off the serving thread (SQLite files: engine-handle.ts); else the store's own db. */
  readonly #usageWriter: Kysely<Database> | undefined;
  #closed: Promise<void> | null = null;

  constructor(
    q: QueryContext,
    inTransaction = false,
    watch: WatchKeyChanges = watchNothing,
    keyReader?: KeyReader,
    usageWriter?: Kysely<Database>,
  ) {
    this.#q = q;
    this.#inTransaction = inTransaction;
    this.#watch = watch;
    this.#keyReader = inTransaction ? undefined : keyReader;
    this.#usageWriter = inTransaction ? undefined : usageWriter;
  }

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return work(this);
    return this.#q.db.transaction().execute((trx) => {
      const holdParents = this.#q.adapter.locksReadsInTransactions;
      return work(new KyselyStore({ ...this.#q, db: trx, holdParents }, true, this.#watch));
    });
  }

  /** Multi-statement writes: atomic on their own, or part of the caller's transaction. */
  readonly #atomically: Atomically = (write) => {
    if (this.#inTransaction) return write(this.#q);
    return this.#q.db.transaction().execute((trx) => write({ ...this.#q, db: trx }));
  };

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#q.db);
  }

  isInitialized(): Promise<boolean> {
    return keys.hasRootKey(this.#q);
  }

  async cursorSecret(): Promise<Uint8Array> {
    const row = await this.#q.db.selectFrom('instance_secrets').select('value').where('name', '=', 'list_cursor').executeTakeFirst();
    if (!row) throw new Error('the database has no list cursor secret (migration 0007-list-cursor-secret)');
    return Buffer.from(row.value, 'base64url');
  }

  insertOrg(org: Organization): Promise<void> {
    return orgs.insertOrg(this.#q, org);
  }

  findOrg(orgId: string): Promise<Organization | null> {
    return orgs.findOrg(this.#q, orgId);
  }

  listOrgs(page: PageRequest): Promise<Array<Organization & { seq: number }>> {
    return orgs.listOrgs(this.#q, page);
  }

  deleteOrg(orgId: string, at: string): Promise<boolean> {
    return this.#atomically((q) => orgs.deleteOrg(q, orgId, at));
  }

  insertProject(project: Project): Promise<void> {
    return projects.insertProject(this.#q, project);
  }

  findProject(orgId: string, projectId: string): Promise<Project | null> {
    return projects.findProject(this.#q, orgId, projectId);
  }

  listProjects(orgId: string, page: PageRequest): Promise<Array<Project & { seq: number }>> {
    return projects.listProjects(this.#q, orgId, page);
  }

  updateProject(orgId: string, projectId: string, patch: ProjectPatch): Promise<Project | null> {
    return projects.updateProject(this.#q, orgId, projectId, patch);
  }

  deleteProject(orgId: string, projectId: string, at: string): Promise<boolean> {
    return this.#atomically((q) => projects.deleteProject(q, orgId, projectId, at));
  }

  insertKey(key: Omit<ApiKey, 'seq'>): Promise<ApiKey> {
    return keys.insertKey(this.#q, key);
  }

  /** PostgreSQL: one statement; SQLite: two in one transaction (the engines' adapters). */
  insertKeyWithEvent(key: Omit<ApiKey, 'seq'>, event: Omit<AuditEvent, 'seq'>): Promise<ApiKey> {
    return keys.insertKeyWithEvent(this.#q, key, event, this.#atomically);
  }

  findKey(orgId: string | null, keyId: string): Promise<ApiKey | null> {
    return keys.findKey(this.#q, orgId, keyId);
  }

  findKeyByHash(hash: string): Promise<KeyRecord | null> {
    if (this.#keyReader) return this.#readKeys([hash]).then((found) => found[0] ?? null);
    return keys.findKeyByHash(this.#q, hash);
  }

  findKeysByHashes(hashes: readonly string[]): Promise<KeyRecord[]> {
    if (this.#keyReader) return this.#readKeys(hashes);
    return keys.findKeysByHashes(this.#q, hashes);
  }

  #readKeys(hashes: readonly string[]): Promise<KeyRecord[]> {
    try {
      const out: KeyRecord[] = [];
      for (let i = 0; i < hashes.length; i += keys.HASHES_PER_READ) {
        for (const row of this.#keyReader!.read(hashes.slice(i, i + keys.HASHES_PER_READ))) out.push(toKeyRecord(row, this.#q.codec));
      }
      return Promise.resolve(out);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  listKeys(filter: KeyFilter, page: PageRequest): Promise<ApiKey[]> {
    return keys.listKeys(this.#q, filter, page);
  }

  listKeysAfter(filter: KeyFilter, afterSeq: number, limit: number): Promise<ApiKey[]> {
    return keys.listKeysAfter(this.#q, filter, afterSeq, limit);
  }

  nextKeyNumber(orgId: string): Promise<number> {
    return keys.nextKeyNumber(this.#q, orgId);
  }

  findKeyByNumber(orgId: string, orgNumber: number): Promise<ApiKey | null> {
    return keys.findKeyByNumber(this.#q, orgId, orgNumber);
  }

  updateKey(orgId: string | null, keyId: string, patch: KeyPatch): Promise<ApiKey | null> {
    return keys.updateKey(this.#q, orgId, keyId, patch);
  }

  listKeysMadeBy(orgId: string, makerIds: readonly string[]): Promise<ApiKey[]> {
    return keys.listKeysMadeBy(this.#q, orgId, makerIds);
  }

  countOwnerKeys(projectId: string, ownerId: string, now: string): Promise<number> {
    return keys.countOwnerKeys(this.#q, projectId, ownerId, now);
  }

  spendCredits(keyId: string, spend: CreditSpend): Promise<{ spent: boolean; credits: Credits } | null> {
    return keys.spendCredits(this.#q, keyId, spend);
  }

  recordUsage(batch: UsageBatch): Promise<void> {
    if (batch.counts.length === 0 && batch.lastUsed.length === 0) return Promise.resolve();
    const writer = this.#usageWriter;
    if (writer === undefined) return this.#atomically((q) => usage.recordUsage(q, batch));
    // The same queries in one transaction, executed on the writer's connection in its thread;
    // each statement's reply is already an event-loop turn, so no extra pause between them.
    const adapter = { ...this.#q.adapter, betweenBatchStatements: () => Promise.resolve() };
    return writer.transaction().execute((trx) => usage.recordUsage({ ...this.#q, adapter, db: trx }, batch));
  }

  usage(orgId: string, scope: { keyId: string } | { projectId: string }, sinceDay: string): Promise<UsageRow[]> {
    return usage.usage(this.#q, orgId, scope, sinceDay);
  }

  insertAuditEvent(event: Omit<AuditEvent, 'seq'>): Promise<void> {
    return audit.insertAuditEvent(this.#q, event);
  }

  listAuditEvents(orgId: string, filter: { action?: AuditAction; targetId?: string }, page: PageRequest): Promise<AuditEvent[]> {
    return audit.listAuditEvents(this.#q, orgId, filter, page);
  }

  webhookSealingSecret(): Promise<Uint8Array> {
    return webhooks.webhookSealingSecret(this.#q);
  }

  insertWebhook(webhook: WebhookRecord): Promise<void> {
    return webhooks.insertWebhook(this.#q, webhook);
  }

  findWebhook(orgId: string, webhookId: string): Promise<WebhookRecord | null> {
    return webhooks.findWebhook(this.#q, orgId, webhookId);
  }

  listWebhooks(orgId: string, page: PageRequest): Promise<Array<Webhook & { seq: number }>> {
    return webhooks.listWebhooks(this.#q, orgId, page);
  }

  updateWebhook(orgId: string, webhookId: string, patch: WebhookPatch): Promise<Webhook | null> {
    return webhooks.updateWebhook(this.#q, orgId, webhookId, patch);
  }

  deleteWebhook(orgId: string, webhookId: string): Promise<boolean> {
    return this.#atomically((q) => webhooks.deleteWebhook(q, orgId, webhookId));
  }

  listWebhookDeliveries(orgId: string, webhookId: string, page: PageRequest): Promise<Array<WebhookDelivery & { seq: number }>> {
    return webhooks.listWebhookDeliveries(this.#q, orgId, webhookId, page);
  }

  redeliverWebhook(orgId: string, webhookId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null> {
    return webhooks.redeliverWebhook(this.#q, orgId, webhookId, deliveryId, at);
  }

  enqueueWebhookEvent(event: WebhookEvent): Promise<void> {
    return webhooks.enqueueWebhookEvent(this.#q, event);
  }

  claimWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.#atomically((q) => webhooks.claimWebhookDeliveries(q, now, leaseUntil, limit));
  }

  finishWebhookDelivery(deliveryId: string, result: DeliveryResult): Promise<void> {
    return this.#atomically((q) => webhooks.finishWebhookDelivery(q, deliveryId, result));
  }

  pruneWebhookDeliveries(before: string, limit: number): Promise<number> {
    return this.#atomically((q) => webhooks.pruneWebhookDeliveries(q, before, limit));
  }

  claimExpiredKeys(now: string, limit: number): Promise<ExpiredKey[]> {
    return webhooks.claimExpiredKeys(this.#q, now, limit);
  }

  keyChangesSince(scope: KeyChangeScope, afterSeq: number, limit: number): Promise<KeyChange[]> {
    return keys.keyChangesSince(this.#q, scope, afterSeq, limit);
  }

  lastKeyChange(orgId: string): Promise<number> {
    return keys.lastKeyChange(this.#q, orgId);
  }

  watchKeyChanges(listener: KeyChangeListener): Promise<() => Promise<void>> {
    return this.#watch(listener);
  }

  updateOrg(orgId: string, patch: OrgPatch): Promise<Organization | null> {
    return orgs.updateOrg(this.#q, orgId, patch);
  }

  findImportRefs(projectId: string, refs: readonly string[]): Promise<string[]> {
    return keys.findImportRefs(this.#q, projectId, refs);
  }

  replaceKeyHash(keyId: string, from: string, to: string, at: string): Promise<boolean> {
    return this.#atomically((q) => keys.replaceKeyHash(q, keyId, from, to, at));
  }

  listImportedKeyHashes(afterSeq: number, limit: number): Promise<Array<{ seq: number; hash: string }>> {
    return keys.listImportedKeyHashes(this.#q, afterSeq, limit);
  }

  /** Idempotent. A transaction-bound store owns no connection, so closing it does nothing. */
  close(): Promise<void> {
    if (this.#inTransaction) return Promise.resolve();
    // The usage writer last: the serving connection's close commits what it still holds first.
    this.#closed ??= this.#q.db.destroy().then(() => this.#usageWriter?.destroy());
    return this.#closed;
  }
}
