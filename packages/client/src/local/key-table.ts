import type { Verification } from './verification.js';

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

/** A key in memory: its record, its instants as numbers, and its answers built once. */
export interface Entry {
  readonly key: StreamedKey;
  readonly revokedMs: number;
  readonly expiresMs: number;
  /** The answers this key gives, shared and frozen: a verification allocates nothing. */
  readonly answers: Readonly<Record<'VALID' | 'REVOKED' | 'EXPIRED' | 'DISABLED' | 'INSUFFICIENT_ROLES', Verification>>;
}

/** The replica's table: lookup digest → entry. */
export class KeyTable {
  readonly #byLookup = new Map<string, Entry>();
  readonly #orgId: string;

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
    this.#byLookup.set(key.lookup, entryOf(this.#orgId, key));
  }
}

const instant = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));

function entryOf(orgId: string, key: StreamedKey): Entry {
  const answer = (code: keyof Entry['answers']): Verification =>
    Object.freeze({
      valid: code === 'VALID',
      code,
      key_id: key.id,
      org_id: orgId,
      project_id: key.project_id,
      name: key.name,
      roles: key.roles,
      metadata: key.metadata,
      expires_at: key.expires_at,
      owner_id: key.owner_id,
      rate_limit: null,
      credits: null,
    });
  Object.freeze(key.roles);
  Object.freeze(key.metadata);
  return {
    key,
    revokedMs: instant(key.revoked_at),
    expiresMs: instant(key.expires_at),
    answers: {
      VALID: answer('VALID'),
      REVOKED: answer('REVOKED'),
      EXPIRED: answer('EXPIRED'),
      DISABLED: answer('DISABLED'),
      INSUFFICIENT_ROLES: answer('INSUFFICIENT_ROLES'),
    },
  };
}

/**
 * The server's checks in its order (src/core/use-cases/verify-key.ts): REVOKED → EXPIRED →
 * DISABLED, then, for keys the server must judge (rate limits, credits, IP allowlists),
 * 'remote'; then roles. A refusal of a revoked, expired or disabled key is exact whatever
 * the key's policy, since those checks come first.
 */
export function judge(entry: Entry, roles: readonly string[] | undefined, nowMs: number): Verification | 'remote' {
  if (entry.revokedMs <= nowMs) return entry.answers.REVOKED;
  if (entry.expiresMs <= nowMs) return entry.answers.EXPIRED;
  const { key } = entry;
  if (!key.enabled) return entry.answers.DISABLED;
  if (key.remote) return 'remote';
  if (roles !== undefined && roles.length > 0 && !holdsAll(key, roles)) return entry.answers.INSUFFICIENT_ROLES;
  return entry.answers.VALID;
}

function holdsAll(key: StreamedKey, wanted: readonly string[]): boolean {
  const admin = key.kind === 'org' && key.roles.includes('admin');
  return wanted.every((r) => key.roles.includes(r) || (admin && ORG_ROLES.has(r)));
}
