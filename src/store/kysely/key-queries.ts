import { KeywardError } from '../../core/errors.js';
import { sql, type QueryCreator, type Selectable } from 'kysely';
import type { ApiKey, AuditEvent, KeyRecord, PageRequest } from '../../core/types.js';
import type { KeyFilter, KeyPatch } from '../store.js';
import { translateViolations } from './constraint-violations.js';
import type { QueryContext } from './query-context.js';
import { PreparedQuery } from './prepared-query.js';
import type { ApiKeysTable, Database } from './tables.js';
import { KEY_RECORD_COLUMNS, auditRow, keyPatchRow, keyRow, toApiKey, toKeyRecord } from './row-mapping.js';

// Hot paths (key creation, verification, key management), compiled once: see PreparedQuery.
const insertKeyInto = <DB extends Database>(db: QueryCreator<DB>, p: (name: string) => never, columns: readonly string[]) =>
  db.insertInto('api_keys').values(Object.fromEntries(columns.map((c) => [c, p(c)])) as never);
/**
 * PostgreSQL's stored values are not always the ones written (jsonb reorders object
 * keys), so the new key is read back from RETURNING. SQLite keeps text as written: the
 * key is the row written plus its `seq`, which is the rowid the insert reports, and
 * RETURNING * would only cost building and parsing a twenty-column row per creation.
 */
const INSERT_KEY_RETURNING = new PreparedQuery((db, p, columns) => insertKeyInto(db, p, columns).returningAll());
const INSERT_KEY = new PreparedQuery(insertKeyInto);
/** Names the event's parameters apart from the key's (both tables have `id`, `org_id`, `created_at`). */
const EVENT_PARAM = 'event.';
/** PostgreSQL: the key and one audit event in one statement (a data-modifying CTE), one round trip. */
const INSERT_KEY_WITH_EVENT = new PreparedQuery((db, p, names) => {
  const eventColumns = names.filter((n) => n.startsWith(EVENT_PARAM));
  const keyColumns = names.filter((n) => !n.startsWith(EVENT_PARAM));
  const withEvent = db.with('event', (w) =>
    w.insertInto('audit_events').values(Object.fromEntries(eventColumns.map((n) => [n.slice(EVENT_PARAM.length), p(n)])) as never),
  );
  return insertKeyInto(withEvent, p, keyColumns).returningAll();
});
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
  const row = keyRow(key, q.codec);
  if (q.engine === 'sqlite') {
    const { insertId } = await translateViolations(INSERT_KEY.run(q, row), insertViolations);
    if (insertId === undefined) throw new Error('insert reported no rowid');
    // Set on the row itself: spreading twenty columns into a copy cost more than the mapping.
    const stored = row as unknown as Selectable<ApiKeysTable>;
    stored.seq = Number(insertId);
    return toApiKey(stored, q.codec);
  }
  return insertReturning(q, INSERT_KEY_RETURNING, row);
}

/**
 * PostgreSQL only: stores a key and writes an audit event in the same statement, so a
 * key creation costs one round trip less. A violation is reported as the key's (the
 * event's only unique column is a fresh UUID).
 */
export async function insertKeyWithEvent(q: QueryContext, key: Omit<ApiKey, 'seq'>, event: Omit<AuditEvent, 'seq'>): Promise<ApiKey> {
  const params: Record<string, unknown> = keyRow(key, q.codec);
  const eventRow = auditRow(event, q.codec) as Record<string, unknown>;
  for (const column in eventRow) params[EVENT_PARAM + column] = eventRow[column];
  return insertReturning(q, INSERT_KEY_WITH_EVENT, params);
}

/** Runs a key insert with RETURNING and maps the stored row (PostgreSQL). */
async function insertReturning(q: QueryContext, insert: PreparedQuery<unknown>, params: Readonly<Record<string, unknown>>): Promise<ApiKey> {
  const [stored] = await translateViolations(insert.execute(q, params), insertViolations);
  if (!stored) throw new Error('insert returned no row');
  return toApiKey(stored as Selectable<ApiKeysTable>, q.codec);
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
 * parameter (a JSON array on SQLite, a text[] on PostgreSQL), so the SQL text is the same
 * whatever their number and each engine prepares it once.
 */
export async function findKeysByHashes(q: QueryContext, hashes: readonly string[]): Promise<KeyRecord[]> {
  const out: KeyRecord[] = [];
  for (let i = 0; i < hashes.length; i += HASHES_PER_READ) {
    const chunk = hashes.slice(i, i + HASHES_PER_READ);
    const listed =
      q.engine === 'postgres'
        ? sql<boolean>`hash = any(${chunk}::text[])`
        : sql<boolean>`hash in (select value from json_each(${JSON.stringify(chunk)}))`;
    const rows = await q.db.selectFrom('api_keys').select(KEY_RECORD_COLUMNS).where(listed).execute();
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
  return q.db
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
    .$if(!filter.includeRevoked, (qb) =>
      qb.where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', now)])),
    )
    .$if(filter.origin !== undefined, (qb) => qb.where('origin', '=', filter.origin as string))
    .$if(filter.createdById !== undefined, (qb) => qb.where('created_by_id', '=', filter.createdById as string))
    .$if(filter.ids !== undefined, (qb) => qb.where('id', 'in', [...(filter.ids as readonly string[])]))
    .$if(filter.name !== undefined, (qb) => qb.where('name', '=', filter.name as string));
}

/** Integer ids of dialects (Confident) are the key's `seq`, always within the caller's org. */
export async function findKeyBySeq(q: QueryContext, orgId: string, seq: number): Promise<ApiKey | null> {
  const row = await q.db
    .selectFrom('api_keys')
    .selectAll()
    .where('seq', '=', seq)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row ? toApiKey(row, q.codec) : null;
}

export async function updateKey(
  q: QueryContext,
  orgId: string | null,
  keyId: string,
  patch: KeyPatch,
): Promise<ApiKey | null> {
  let update = q.db.updateTable('api_keys').set(keyPatchRow(patch, q.codec)).where('id', '=', keyId);
  update = orgId === null ? update.where('kind', '=', 'root') : update.where('org_id', '=', orgId);
  const row = await update.returningAll().executeTakeFirst();
  return row ? toApiKey(row, q.codec) : null;
}

export async function hasRootKey(q: QueryContext): Promise<boolean> {
  const row = await q.db.selectFrom('api_keys').select('id').where('kind', '=', 'root').limit(1).executeTakeFirst();
  return row !== undefined;
}
