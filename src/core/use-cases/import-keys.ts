import { recordAudit } from '../audit-trail.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { checkCredits, type CreditsInput } from '../credits.js';
import { invalid, KeywardError, notFound, type ErrorCode } from '../errors.js';
import { digestHash, digestOf, DIGEST_ALGORITHMS, type DigestAlgorithm } from '../imported-keys.js';
import { checkAllowedIps } from '../ip-allowlist.js';
import { MAX_RAW_KEY_LENGTH } from '../key-format.js';
import { canGrant } from '../roles.js';
import type { ApiKey, RateLimit } from '../types.js';
import { uuidV7 } from '../uuid-v7.js';
import { checkExpiresAt, checkMetadata, checkName, checkOwnerId, checkRateLimit, checkRoles } from '../validate.js';
import { requireRole } from './authenticate.js';
import { checkOwnerCap } from './keys.js';

/**
 * Importing keys a platform already issued (issue 16 §3). Each key keeps its own text: given
 * raw it is hashed at once (Keyward's hash; the raw text is never stored nor logged), given as
 * a platform's plain digest (SHA-256 or SHA-512) it is stored under `sha256:<hex>` /
 * `sha512:<hex>` until its first verification re-hashes it (verify-key.ts). Items are checked
 * one by one: a bad item is answered with its error and the others still land. The batch is
 * written in one transaction with one `key.import` audit event.
 */
export const MAX_IMPORT_KEYS = 1000;

export interface ImportDigest {
  readonly algorithm: string;
  readonly encoding: string;
  readonly value: string;
  /** The key's visible start (`sk_live_`), for its preview. */
  readonly prefix?: string | undefined;
}

export interface ImportItem {
  readonly name: string;
  readonly key?: string | undefined;
  readonly hash?: ImportDigest | undefined;
  readonly roles?: readonly string[] | undefined;
  readonly ownerId?: string | null | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  readonly expiresAt?: string | null | undefined;
  readonly rateLimit?: RateLimit | null | undefined;
  readonly credits?: CreditsInput | null | undefined;
  readonly allowedIps?: readonly string[] | null | undefined;
}

export interface ImportError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

export type ImportResult = { readonly index: number; readonly id: string } | { readonly index: number; readonly error: ImportError };

type ImportDeps = Pick<Deps, 'store' | 'clock' | 'hash' | 'importedKeys'>;

/** A checked item, ready to insert. */
interface Prepared {
  readonly index: number;
  readonly key: Omit<ApiKey, 'seq'>;
  /** Every stored hash under which this key may already exist (its own first). */
  readonly hashes: readonly string[];
  /** Every import reference under which this key may already have been imported (its own first). */
  readonly refs: readonly string[];
}

/** Printable ASCII without spaces: what an API key is written in. */
const RAW_KEY = /^[\x21-\x7e]+$/;
const MIN_RAW_KEY_LENGTH = 16;
const DIGEST_BYTES: Record<DigestAlgorithm, number> = { sha256: 32, sha512: 64 };
const PREFIX = /^[\x21-\x7e]{1,32}$/;

export async function importProjectKeys(
  deps: ImportDeps,
  ctx: CallContext<Principal>,
  projectId: string,
  items: readonly ImportItem[],
  /** Items the caller already refused (the HTTP schema check), counted in the batch's event. */
  refusedBefore = 0,
): Promise<ImportResult[]> {
  const p = requireRole(ctx.principal, 'keys:write');
  const total = items.length + refusedBefore;
  if (total === 0 || total > MAX_IMPORT_KEYS) throw invalid('keys', `must hold from 1 to ${MAX_IMPORT_KEYS} keys`);
  if (!(await deps.store.findProject(p.orgId, projectId))) throw notFound('project');
  const now = deps.clock.now();
  const at = now.toISOString();
  const results = new Map<number, ImportResult>();
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    try {
      const ready = prepare(deps, ctx, p.orgId, projectId, item, index, now);
      // The same key twice in one batch: the first is imported, the next is the duplicate it is.
      if (ready.refs.some((r) => seen.has(r)) || ready.hashes.some((h) => seen.has(h))) throw duplicate();
      for (const v of [...ready.refs, ...ready.hashes]) seen.add(v);
      prepared.push(ready);
    } catch (err) {
      results.set(index, { index, error: asItemError(err) });
    }
  });
  // Written even when every item was refused: the batch's event records the attempt.
  const created = await insertBatch(deps, ctx, p.orgId, projectId, prepared, results, at, refusedBefore);
  for (const key of created) deps.importedKeys?.note(key.hash);
  return items.map((_, index) => results.get(index) as ImportResult);
}

/** One transaction; tried a second time when a concurrent import of one of its keys committed first. */
async function insertBatch(
  deps: ImportDeps,
  ctx: CallContext<Principal>,
  orgId: string,
  projectId: string,
  prepared: readonly Prepared[],
  results: Map<number, ImportResult>,
  at: string,
  refusedBefore: number,
): Promise<ApiKey[]> {
  for (let attempt = 1; ; attempt++) {
    const outcome = new Map<number, ImportResult>();
    try {
      const created = await deps.store.transaction(async (tx) => {
        const project = await tx.findProject(orgId, projectId);
        if (!project) throw notFound('project');
        const existingHashes = new Set((await tx.findKeysByHashes(prepared.flatMap((r) => r.hashes))).map((k) => k.hash));
        const existingRefs = new Set(
          await tx.findImportRefs(
            projectId,
            prepared.flatMap((r) => r.refs),
          ),
        );
        const out: ApiKey[] = [];
        for (const item of prepared) {
          if (item.hashes.some((h) => existingHashes.has(h)) || item.refs.some((r) => existingRefs.has(r))) {
            outcome.set(item.index, { index: item.index, error: asItemError(duplicate()) });
            continue;
          }
          try {
            await checkOwnerCap(tx, project, item.key.ownerId, new Date(at));
          } catch (err) {
            outcome.set(item.index, { index: item.index, error: asItemError(err) });
            continue;
          }
          out.push(await tx.insertKey(item.key));
          outcome.set(item.index, { index: item.index, id: item.key.id });
        }
        const details = { created: out.length, refused: refusedBefore + results.size + prepared.length - out.length };
        await recordAudit(tx, ctx, orgId, 'key.import', { type: 'project', id: projectId }, at, undefined, details);
        return out;
      });
      for (const [index, result] of outcome) results.set(index, result);
      return created;
    } catch (err) {
      if (!(err instanceof KeywardError && err.code === 'CONFLICT' && attempt === 1)) throw err;
    }
  }
}

function prepare(
  deps: ImportDeps,
  ctx: CallContext<Principal>,
  orgId: string,
  projectId: string,
  item: ImportItem,
  index: number,
  now: Date,
): Prepared {
  const roles = checkRoles('project', item.roles ?? []);
  if (!canGrant(ctx.principal.roles, 'project', roles))
    throw new KeywardError('FORBIDDEN', 'a key cannot grant roles it does not hold', 'roles');
  const fields = {
    name: checkName(item.name),
    roles,
    expiresAt: checkExpiresAt(item.expiresAt, now),
    metadata: checkMetadata(item.metadata),
    rateLimit: checkRateLimit(item.rateLimit),
    ownerId: checkOwnerId(item.ownerId),
    credits: checkCredits(item.credits, null, now),
    allowedIps: checkAllowedIps(item.allowedIps),
  };
  const secret = secretOf(deps, item);
  const at = now.toISOString();
  const key: Omit<ApiKey, 'seq'> = {
    id: uuidV7(),
    kind: 'project',
    orgId,
    projectId,
    ...fields,
    hash: secret.hashes[0] as string,
    preview: secret.preview,
    enabled: true,
    createdBy: ctx.principal.actor,
    owner: ctx.principal.user,
    origin: 'native',
    createdAt: at,
    updatedAt: at,
    lastUsedAt: null,
    revokedAt: null,
    orgNumber: null,
    makerId: null,
    imported: true,
    importRef: secret.refs[0] as string,
  };
  return { index, key, hashes: secret.hashes, refs: secret.refs };
}

/** How a key is stored, and under what else it may already be. */
function secretOf(deps: Pick<Deps, 'hash'>, item: ImportItem): { hashes: readonly string[]; refs: readonly string[]; preview: string } {
  if ((item.key === undefined) === (item.hash === undefined)) throw invalid('key', 'give either key or hash, not both');
  // The reference of a digest is keyed (the pepper's HMAC when set): it outlives the digest, which does not.
  const ref = (algorithm: DigestAlgorithm, hex: string) => deps.hash(digestHash(algorithm, hex));
  if (item.key !== undefined) {
    const raw = item.key;
    if (typeof raw !== 'string' || raw.length < MIN_RAW_KEY_LENGTH || raw.length > MAX_RAW_KEY_LENGTH || !RAW_KEY.test(raw)) {
      throw invalid('key', `must be ${MIN_RAW_KEY_LENGTH} to ${MAX_RAW_KEY_LENGTH} printable ASCII characters, no spaces`);
    }
    const digests = DIGEST_ALGORITHMS.map((a) => [a, digestOf(a, raw)] as const);
    return {
      hashes: [deps.hash(raw), ...digests.map(([a, hex]) => digestHash(a, hex))],
      refs: digests.map(([a, hex]) => ref(a, hex)),
      preview: previewOf(raw),
    };
  }
  const d = item.hash as ImportDigest;
  if (d.algorithm !== 'sha256' && d.algorithm !== 'sha512') throw invalid('hash.algorithm', 'must be sha256 or sha512');
  if (d.encoding !== 'hex' && d.encoding !== 'base64') throw invalid('hash.encoding', 'must be hex or base64');
  const bytes = decodeDigest(d.value, d.encoding);
  if (bytes === null || bytes.length !== DIGEST_BYTES[d.algorithm]) {
    throw invalid('hash.value', `must be a ${d.algorithm} digest (${DIGEST_BYTES[d.algorithm]} bytes) in ${d.encoding}`);
  }
  if (d.prefix !== undefined && !PREFIX.test(d.prefix)) throw invalid('hash.prefix', 'must be 1 to 32 printable ASCII characters');
  const hex = bytes.toString('hex');
  return { hashes: [digestHash(d.algorithm, hex)], refs: [ref(d.algorithm, hex)], preview: `${d.prefix ?? ''}…` };
}

function decodeDigest(value: string, encoding: 'hex' | 'base64'): Buffer | null {
  if (typeof value !== 'string') return null;
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(value) ? Buffer.from(value, 'hex') : null;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) || /^[A-Za-z0-9_-]+$/.test(value) ? Buffer.from(value, 'base64') : null;
}

/**
 * The key's visible prefix (`sk_live_`, `pk-`: lowercase words each ending in a separator, at
 * most 12 characters), then the last four, as native previews. Lowercase words only, so a
 * separator inside the random part (base64url has `-` and `_`) does not pull secret
 * characters into the preview.
 */
function previewOf(raw: string): string {
  const head = /^(?:[a-z]{1,8}[_-]){1,3}/.exec(raw.slice(0, 12))?.[0] ?? '';
  return `${head}…${raw.slice(-4)}`;
}

const duplicate = () => new KeywardError('CONFLICT', 'this key was imported already', 'key');

function asItemError(err: unknown): ImportError {
  if (!(err instanceof KeywardError)) throw err;
  return err.field === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, field: err.field };
}
