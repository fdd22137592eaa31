import { sql } from 'kysely';
import { KeywardError } from '../../core/errors.js';
import type { ApiKey, AuditEvent, Credits, KeyRecord, PageRequest } from '../../core/types.js';
import type { CreditSpend, KeyChange, KeyChangeScope, KeyFilter, KeyPatch } from '../../core/store.js';
import { translateViolations } from './constraint-violations.js';
import type { QueryContext } from './query-context.js';
import { PreparedQuery } from './prepared-query.js';
import type { Atomically } from './engine-adapter.js';
import { KEY_RECORD_COLUMNS, auditRow, keyPatchRow, keyRow, toApiKey, toCredits, toKeyRecord } from './row-mapping.js';

// Hot paths (verification, key management), compiled once: see PreparedQuery. Key inserts
// are the engine adapters' (they differ: sqlite/sqlite-adapter.ts, postgres/postgres-adapter.ts).
const KEY_BY_HASH = new PreparedQuery((db, p) => db.selectFrom('api_keys').select(KEY_RECORD_COLUMNS).where('hash', '=', p('hash')));
const keyOfOrg = (lock: boolean) =>
  new PreparedQuery((db, p) =>
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', p('id'))
      .where('org_id', '=', p('orgId'))
      .$if(lock, (qb) => qb.forUpdate()),
  );
// Root keys belong to no org: without an org, only they can be reached.
const rootKey = (lock: boolean) =>
  new PreparedQuery((db, p) =>
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', p('id'))
      .where('kind', '=', 'root')
      .$if(lock, (qb) => qb.forUpdate()),
  );
const KEY_OF_ORG = keyOfOrg(false);
const ROOT_KEY = rootKey(false);
/**
 * Inside a PostgreSQL transaction a key is read to be changed (revoke, roll, update): the
 * row is locked until commit, so two instances changing one key take turns and each
 * decides on the other's committed result. Without it, a roll that read the key before a
 * concurrent revoke committed would write its later grace-period date over the
 * revocation, and the acknowledged revoke would be lost (test/faults/concurrent-writers).
 * SQLite's write transactions are serialized by BEGIN IMMEDIATE already.
 */
const KEY_OF_ORG_LOCKED = keyOfOrg(true);
const ROOT_KEY_LOCKED = rootKey(true);

const insertViolations = {
  // The hash index (or the one-root index, or a reused id): all mean "this key exists already".
  unique: () => new KeywardError('CONFLICT', 'this key already exists'),
  foreignKey: () => new KeywardError('NOT_FOUND', 'org or project not found'),
};

export async function insertKey(q: QueryContext, key: Omit<ApiKey, 'seq'>): Promise<ApiKey> {
  const stored = await translateViolations(q.adapter.insertKey(q, keyRow(key, q.codec)), insertViolations);
  return toApiKey(stored, q.codec);
}

/**
 * Stores a key and its audit event together: both land or neither does. A violation is
 * reported as the key's (the event's only unique column is a fresh UUID).
 */
export async function insertKeyWithEvent(
  q: QueryContext,
  key: Omit<ApiKey, 'seq'>,
  event: Omit<AuditEvent, 'seq'>,
  atomically: Atomically,
): Promise<ApiKey> {
  const write = q.adapter.insertKeyWithEvent(q, keyRow(key, q.codec), auditRow(event, q.codec), atomically);
  return toApiKey(await translateViolations(write, insertViolations), q.codec);
}

/** Scoped to the tenant: a key of another org is not found; `orgId` null finds only root keys. */
export async function findKey(q: QueryContext, orgId: string | null, keyId: string): Promise<ApiKey | null> {
  const lock = q.holdParents === true;
  const [row] =
    orgId === null
      ? await (lock ? ROOT_KEY_LOCKED : ROOT_KEY).execute(q, { id: keyId })
      : await (lock ? KEY_OF_ORG_LOCKED : KEY_OF_ORG).execute(q, { id: keyId, orgId });
  return row ? toApiKey(row, q.codec) : null;
}

/** Served by the unique index on `hash`; reads only the record's columns. */
export async function findKeyByHash(q: QueryContext, hash: string): Promise<KeyRecord | null> {
  const [row] = await KEY_BY_HASH.execute(q, { hash });
  return row ? toKeyRecord(row, q.codec) : null;
}

/** Hashes per statement: one round trip reads this many records. */
export const HASHES_PER_READ = 1000;

/**
 * Many records by hash in one statement per HASHES_PER_READ. The hashes travel as one
 * parameter (EngineAdapter.isOneOf), so the SQL text is the same whatever their number.
 */
export async function findKeysByHashes(q: QueryContext, hashes: readonly string[]): Promise<KeyRecord[]> {
  const out: KeyRecord[] = [];
  for (let i = 0; i < hashes.length; i += HASHES_PER_READ) {
    const chunk = hashes.slice(i, i + HASHES_PER_READ);
    const rows = await q.db.selectFrom('api_keys').select(KEY_RECORD_COLUMNS).where(q.adapter.isOneOf('hash', chunk)).execute();
    for (const row of rows) out.push(toKeyRecord(row, q.codec));
  }
  return out;
}

/** Newest first; served by the (org_id, project_id, seq) index. */
export async function listKeys(q: QueryContext, filter: KeyFilter, page: PageRequest): Promise<ApiKey[]> {
  if (filter.ids?.length === 0) return [];
  const rows = await selectKeys(q, filter)
    .$if(page.beforeSeq !== null, (qb) => qb.where('seq', '<', page.beforeSeq as number))
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => toApiKey(row, q.codec));
}

/** The `limit` matching keys closest above `afterSeq`, read oldest first, returned newest first. */
export async function listKeysAfter(q: QueryContext, filter: KeyFilter, afterSeq: number, limit: number): Promise<ApiKey[]> {
  if (filter.ids?.length === 0) return [];
  const rows = await selectKeys(q, filter).where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
  return rows.map((row) => toApiKey(row, q.codec)).reverse();
}

/** Every list's WHERE clause: the tenant and scope first, then the optional narrowing filters. */
function selectKeys(q: QueryContext, filter: KeyFilter) {
  const now = q.codec.writeTime(filter.now);
  return (
    q.db
      .selectFrom('api_keys')
      .selectAll()
      .$call((qb) =>
        filter.orgId === null
          ? qb.where('kind', '=', 'root')
          : filter.projectId === null
            ? qb.where('org_id', '=', filter.orgId).where('project_id', 'is', null).where('kind', '=', 'org')
            : qb.where('org_id', '=', filter.orgId).where('project_id', '=', filter.projectId),
      )
      // A revocation dated in the future is a rolled key's grace period: still listed.
      .$if(!filter.includeRevoked, (qb) => qb.where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', now)])))
      .$if(filter.origin !== undefined, (qb) => qb.where('origin', '=', filter.origin as string))
      .$if(filter.createdById !== undefined, (qb) => qb.where('created_by_id', '=', filter.createdById as string))
      .$if(filter.ids !== undefined, (qb) => qb.where('id', 'in', [...(filter.ids as readonly string[])]))
      .$if(filter.name !== undefined, (qb) => qb.where('name', '=', filter.name as string))
      .$if(filter.ownerId !== undefined, (qb) => qb.where('owner_id', '=', filter.ownerId as string))
  );
}

/**
 * Live keys of one owner in a project (see Store.countOwnerKeys), served by the
 * (org_id, project_id, owner_id, seq) index. In a transaction that locks what it reads
 * (PostgreSQL), the (project, owner) lock comes first: the count then runs on a snapshot
 * taken after every earlier holder committed (READ COMMITTED takes one per statement).
 */
export async function countOwnerKeys(q: QueryContext, projectId: string, ownerId: string, now: string): Promise<number> {
  if (q.holdParents) await q.adapter.lockOwner(q, projectId, ownerId);
  const at = q.codec.writeTime(now);
  const row = await q.db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('project_id', '=', projectId)
    .where('owner_id', '=', ownerId)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Counts up the org's row in `key_numbers`, creating it at 1: one statement, atomic on both
 * engines. On PostgreSQL the upsert locks the row (or waits on the unique index for a
 * concurrent first insert) until the transaction ends, so callers in one org take turns.
 */
export async function nextKeyNumber(q: QueryContext, orgId: string): Promise<number> {
  const row = await q.db
    .insertInto('key_numbers')
    .values({ org_id: orgId, last_number: 1 })
    .onConflict((oc) => oc.column('org_id').doUpdateSet((eb) => ({ last_number: eb('key_numbers.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** Integer ids of dialects (Confident): served by the unique (org_id, org_number) index. */
export async function findKeyByNumber(q: QueryContext, orgId: string, orgNumber: number): Promise<ApiKey | null> {
  const row = await q.db
    .selectFrom('api_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('org_number', '=', orgNumber)
    .executeTakeFirst();
  return row ? toApiKey(row, q.codec) : null;
}

export async function updateKey(q: QueryContext, orgId: string | null, keyId: string, patch: KeyPatch): Promise<ApiKey | null> {
  let update = q.db.updateTable('api_keys').set(keyPatchRow(patch, q.codec)).where('id', '=', keyId);
  update = orgId === null ? update.where('kind', '=', 'root') : update.where('org_id', '=', orgId);
  const row = await update.returningAll().executeTakeFirst();
  return row ? toApiKey(row, q.codec) : null;
}

/** Served by the (org_id, maker_id) index of migration 0006; locked inside a PostgreSQL transaction. */
export async function listKeysMadeBy(q: QueryContext, orgId: string, makerIds: readonly string[]): Promise<ApiKey[]> {
  if (makerIds.length === 0) return [];
  const rows = await q.db
    .selectFrom('api_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('maker_id', 'in', [...makerIds])
    .$if(q.holdParents === true, (qb) => qb.forUpdate())
    .execute();
  return rows.map((row) => toApiKey(row, q.codec));
}

const CREDIT_COLUMNS = [
  'credits_remaining',
  'credits_refill_amount',
  'credits_refill_interval',
  'credits_refill_day',
  'credits_refill_at',
] as const;

/**
 * The spend, one statement on both engines: the refill that is due and the decrement happen
 * together, and the WHERE re-checks the balance under the row's write lock (PostgreSQL
 * re-evaluates it after waiting for a concurrent spend; SQLite has one writer), so racing
 * spends can neither overdraw nor both take the last credit. The CHECK of migration 0009
 * backs it up. Every parameter is compared with or assigned to a typed column, so
 * PostgreSQL infers its type.
 */
const SPEND_CREDITS = new PreparedQuery((db, p) => {
  const due = sql<boolean>`credits_refill_at <= ${p('now')}`;
  const balance = sql<number>`(case when ${due} then credits_refill_amount else credits_remaining end)`;
  return db
    .updateTable('api_keys')
    .set({
      credits_remaining: sql`${balance} - ${p('cost')}`,
      credits_refill_at: sql`case when ${due} then ${p('next')} else credits_refill_at end`,
    })
    .where('id', '=', p('id'))
    .where('credits_remaining', 'is not', null)
    .where(sql<boolean>`${balance} >= ${p('cost')}`)
    .returning(CREDIT_COLUMNS);
});
const CREDITS_OF = new PreparedQuery((db, p) => db.selectFrom('api_keys').select(CREDIT_COLUMNS).where('id', '=', p('id')));

export async function spendCredits(
  q: QueryContext,
  keyId: string,
  spend: CreditSpend,
): Promise<{ spent: boolean; credits: Credits } | null> {
  const now = q.codec.writeTime(spend.now);
  const next = q.codec.writeTime(spend.nextRefillAt);
  const [row] = await SPEND_CREDITS.execute(q, { now, cost: spend.cost, next, id: keyId });
  if (row) return { spent: true, credits: toCredits(row, q.codec)! };
  // Refused (or no credits): report the balance as it stands, written by nobody.
  const [held] = await CREDITS_OF.execute(q, { id: keyId });
  const credits = held ? toCredits(held, q.codec) : null;
  return credits === null ? null : { spent: false, credits };
}

export async function hasRootKey(q: QueryContext): Promise<boolean> {
  const row = await q.db.selectFrom('api_keys').select('id').where('kind', '=', 'root').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Served by the (org_id, change_seq) index (migration 0012). */
export async function keyChangesSince(q: QueryContext, scope: KeyChangeScope, afterSeq: number, limit: number): Promise<KeyChange[]> {
  const rows = await q.db
    .selectFrom('api_keys')
    .select([...KEY_RECORD_COLUMNS, 'change_seq'])
    .where('org_id', '=', scope.orgId)
    .where('kind', '!=', 'root')
    .$if(scope.projectId !== null, (qb) => qb.where('project_id', '=', scope.projectId))
    .where('change_seq', '>', afterSeq)
    .orderBy('change_seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...toKeyRecord(row, q.codec), changeSeq: Number(row.change_seq) }));
}

export async function lastKeyChange(q: QueryContext, orgId: string): Promise<number> {
  const row = await q.db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.max('change_seq').as('last'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** Served by the unique (project_id, import_ref) index of migration 0011. */
export async function findImportRefs(q: QueryContext, projectId: string, refs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < refs.length; i += HASHES_PER_READ) {
    const chunk = refs.slice(i, i + HASHES_PER_READ);
    const rows = await q.db
      .selectFrom('api_keys')
      .select('import_ref')
      .where('project_id', '=', projectId)
      .where(q.adapter.isOneOf('import_ref', chunk))
      .execute();
    for (const row of rows) if (row.import_ref !== null) out.push(row.import_ref);
  }
  return out;
}

/**
 * A conditional update: only the writer that still sees `from` replaces it. `updated_at` moves,
 * so the change signals fire; the signal rows naming the old digest are then dropped (in the
 * same transaction), so the digest is nowhere at rest.
 */
export async function replaceKeyHash(q: QueryContext, keyId: string, from: string, to: string, at: string): Promise<boolean> {
  const result = await q.db
    .updateTable('api_keys')
    .set({ hash: to, updated_at: q.codec.writeTime(at) })
    .where('id', '=', keyId)
    .where('hash', '=', from)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await q.adapter.dropSignalsOf(q, from);
  return true;
}

/** Served by the partial `api_keys_imported_seq` index of migration 0011. */
export async function listImportedKeyHashes(
  q: QueryContext,
  afterSeq: number,
  limit: number,
): Promise<Array<{ seq: number; hash: string }>> {
  const rows = await q.db
    .selectFrom('api_keys')
    .select(['seq', 'hash'])
    .where('imported', '=', q.codec.writeBool(true))
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ seq: Number(row.seq), hash: row.hash }));
}
