import type { Actor, ApiKey, RateLimit } from '../core/types.js';

/** Distinct values remembered per kind; past it the table starts over (interning only saves memory). */
const MAX_DISTINCT = 50_000;

const EMPTY_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Makes cached keys small: a million cached keys mostly repeat the same org and project
 * ids, role sets, creators and empty metadata, and every row read from the database
 * carries fresh copies of them. Equal values are shared here, the key's hash is the
 * cache's own string, and the result is frozen because every request shares it.
 */
export class KeyInterner {
  readonly #strings = new Map<string, string>();
  readonly #roles = new Map<string, readonly string[]>();
  readonly #actors = new Map<string, Actor>();
  readonly #rateLimits = new Map<string, RateLimit>();

  compact(key: ApiKey, hash: string): ApiKey {
    return Object.freeze({
      id: key.id,
      seq: key.seq,
      kind: this.#string(key.kind) as ApiKey['kind'],
      orgId: key.orgId === null ? null : this.#string(key.orgId),
      projectId: key.projectId === null ? null : this.#string(key.projectId),
      name: key.name,
      roles: this.#rolesOf(key.roles),
      hash,
      preview: key.preview,
      enabled: key.enabled,
      metadata: isEmpty(key.metadata) ? EMPTY_METADATA : Object.freeze(key.metadata),
      rateLimit: key.rateLimit === null ? null : this.#rateLimitOf(key.rateLimit),
      createdBy: this.#actorOf(key.createdBy),
      owner: key.owner === null ? null : Object.freeze(key.owner),
      origin: this.#string(key.origin),
      createdAt: key.createdAt,
      // Equal for a key never changed: one string, not two.
      updatedAt: key.updatedAt === key.createdAt ? key.createdAt : key.updatedAt,
      lastUsedAt: key.lastUsedAt,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
    });
  }

  clear(): void {
    this.#strings.clear();
    this.#roles.clear();
    this.#actors.clear();
    this.#rateLimits.clear();
  }

  #string(value: string): string {
    return intern(this.#strings, value, value);
  }

  #rolesOf(roles: readonly string[]): readonly string[] {
    return intern(this.#roles, roles.join('\u0000'), Object.freeze(roles.map((r) => this.#string(r))));
  }

  #actorOf(actor: Actor): Actor {
    return intern(this.#actors, `${actor.type}:${actor.id}`, Object.freeze({ ...actor, id: this.#string(actor.id) }));
  }

  #rateLimitOf(limit: RateLimit): RateLimit {
    return intern(this.#rateLimits, `${limit.limit}/${limit.windowMs}`, Object.freeze({ ...limit }));
  }
}

function intern<T>(table: Map<string, T>, id: string, value: T): T {
  const known = table.get(id);
  if (known !== undefined) return known;
  if (table.size >= MAX_DISTINCT) table.clear();
  table.set(id, value);
  return value;
}

function isEmpty(metadata: Readonly<Record<string, unknown>>): boolean {
  for (const _ in metadata) return false;
  return true;
}
