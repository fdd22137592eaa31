import type { Verification } from '../types.js';

/** One key as the stream sends it (src/http/schemas/key-stream.ts, StreamedKey). */
export interface StreamedKey {
  readonly id: string;
  readonly kind: string;
  readonly project_id: string | null;
  readonly name: string;
  readonly roles: readonly string[];
  readonly enabled: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
  readonly owner_id: string | null;
  readonly lookup: string | null;
  readonly remote: boolean;
  readonly seq: number;
}

/** The roles of Keyward itself that an org key's `admin` implies (src/core/roles.ts). */
const ORG_ROLES = new Set(['admin', 'projects:read', 'projects:write', 'keys:read', 'keys:write', 'keys:verify', 'audit:read']);

export type Code = 'VALID' | 'REVOKED' | 'EXPIRED' | 'DISABLED' | 'INSUFFICIENT_ROLES';

/**
 * A key in memory: its record, its instants as numbers, and the answers it has given, built
 * on first use and then shared (frozen), so a verification allocates nothing and a key never
 * verified costs only its record (100,000 keys fit in tens of megabytes).
 */
export class Entry {
  key: StreamedKey;
  revokedMs: number;
  expiresMs: number;
  #answers: Partial<Record<Code, Verification>> | null = null;
  /** Verifications answered since the last usage report, by code, and the latest instant (usage-report.ts). */
  counts: Partial<Record<Code, number>> | null = null;
  countedAt = 0;

  constructor(
    readonly orgId: string,
    key: StreamedKey,
  ) {
    this.key = key;
    this.revokedMs = instant(key.revoked_at);
    this.expiresMs = instant(key.expires_at);
  }

  /** A newer record of the same key: updated in place, so whoever holds the entry sees it. */
  update(key: StreamedKey): void {
    this.key = key;
    this.revokedMs = instant(key.revoked_at);
    this.expiresMs = instant(key.expires_at);
    this.#answers = null;
  }

  answer(code: Code): Verification {
    this.#answers ??= {};
    return (this.#answers[code] ??= Object.freeze({
      valid: code === 'VALID',
      code,
      key_id: this.key.id,
      org_id: this.orgId,
      project_id: this.key.project_id,
      name: this.key.name,
      roles: Object.freeze(this.key.roles),
      metadata: Object.freeze(this.key.metadata),
      expires_at: this.key.expires_at,
      owner_id: this.key.owner_id,
      rate_limit: null,
      credits: null,
    }));
  }
}

/** The replica's table: lookup digest → entry. */
export class KeyTable {
  readonly #byLookup = new Map<string, Entry>();
  readonly #orgId: string;
  /** Project ids are shared by many keys: one string each, not one per key. */
  readonly #projects = new Map<string, string>();

  constructor(orgId: string) {
    this.#orgId = orgId;
  }

  get size(): number {
    return this.#byLookup.size;
  }

  get(lookup: string): Entry | undefined {
    return this.#byLookup.get(lookup);
  }

  /** Applies a record unless the table holds a newer one of it (a replayed page after a resume). */
  apply(key: StreamedKey): void {
    if (key.lookup === null) return;
    const held = this.#byLookup.get(key.lookup);
    if (held !== undefined && held.key.seq >= key.seq) return;
    // The record is the verifier's own (parsed from the stream): its project id can be swapped for the shared one.
    if (key.project_id !== null) (key as { project_id: string }).project_id = this.#intern(key.project_id);
    if (held !== undefined) held.update(key);
    else this.#byLookup.set(key.lookup, new Entry(this.#orgId, key));
  }

  #intern(id: string): string {
    const known = this.#projects.get(id);
    if (known !== undefined) return known;
    this.#projects.set(id, id);
    return id;
  }
}

const instant = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));

/**
 * The server's checks in its order (src/core/use-cases/verify-key.ts): REVOKED → EXPIRED →
 * DISABLED, then, for keys the server must judge (rate limits, credits, IP allowlists),
 * 'remote'; then roles. A refusal of a revoked, expired or disabled key is exact whatever
 * the key's policy, since those checks come first.
 */
export function judge(entry: Entry, roles: readonly string[] | undefined, nowMs: number): Verification | 'remote' {
  if (entry.revokedMs <= nowMs) return entry.answer('REVOKED');
  if (entry.expiresMs <= nowMs) return entry.answer('EXPIRED');
  const { key } = entry;
  if (!key.enabled) return entry.answer('DISABLED');
  if (key.remote) return 'remote';
  if (roles !== undefined && roles.length > 0 && !holdsAll(key, roles)) return entry.answer('INSUFFICIENT_ROLES');
  return entry.answer('VALID');
}

function holdsAll(key: StreamedKey, wanted: readonly string[]): boolean {
  const admin = key.kind === 'org' && key.roles.includes('admin');
  return wanted.every((r) => key.roles.includes(r) || (admin && ORG_ROLES.has(r)));
}
