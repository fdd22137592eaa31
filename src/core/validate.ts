import { invalid } from './errors.js';
import { isOrgRole, MAX_ROLES, ROLE_PATTERN, uniqueRoles } from './roles.js';
import { RATE_LIMIT_SCOPES, type KeyKind, type RateLimit, type RateLimitScope } from './types.js';

/**
 * Checks that hold for every surface (native and dialects alike), so a dialect that
 * maps its own body shape cannot let through what /v1 refuses. The HTTP schemas catch
 * wrong types first; these catch what a schema cannot say.
 */
export const MAX_NAME_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_WINDOW_MS = 86_400_000;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function checkName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid(field, 'must not be empty');
  if ([...trimmed].length > MAX_NAME_LENGTH) throw invalid(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(trimmed)) throw invalid(field, 'must not contain control characters');
  return trimmed;
}

export function checkDescription(description: string | null | undefined, field = 'description'): string | null {
  if (description === null || description === undefined) return null;
  if ([...description].length > MAX_DESCRIPTION_LENGTH) {
    throw invalid(field, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  return description;
}

/** Org keys hold Keyward's own roles; project keys hold the platform's free-form ones. */
export function checkRoles(kind: KeyKind, roles: readonly string[], field = 'roles'): string[] {
  if (roles.length > MAX_ROLES) throw invalid(field, `must hold at most ${MAX_ROLES} roles`);
  for (const role of roles) {
    if (kind === 'project' ? !ROLE_PATTERN.test(role) : !isOrgRole(role)) {
      const why =
        kind === 'project'
          ? 'must be 1–64 letters, digits or _ . : * / - and start with a letter or digit'
          : 'must be admin, projects:read, projects:write, keys:read, keys:write, keys:verify or audit:read';
      // A long value is not repeated: it may be a key pasted into the wrong field.
      throw invalid(field, `${role.length <= 32 ? `role ${JSON.stringify(role)}` : 'a role'} ${why}`);
    }
  }
  if (kind === 'org' && roles.length === 0) throw invalid(field, 'an org key needs at least one role');
  return uniqueRoles(roles);
}

export function checkExpiresAt(expiresAt: string | null | undefined, now: Date, field = 'expires_at'): string | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  const t = Date.parse(expiresAt);
  if (!Number.isFinite(t)) throw invalid(field, 'must be an ISO 8601 date-time');
  if (t <= now.getTime()) throw invalid(field, 'must be in the future');
  return new Date(t).toISOString();
}

export function checkMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
  field = 'metadata',
): Readonly<Record<string, unknown>> {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw invalid(field, 'must be a JSON object');
  }
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > MAX_METADATA_BYTES) {
    throw invalid(field, `must be at most ${MAX_METADATA_BYTES} bytes as JSON`);
  }
  return metadata;
}

export function checkRateLimit(rateLimit: RateLimit | null | undefined, field = 'rate_limit'): RateLimit | null {
  if (rateLimit === null || rateLimit === undefined) return null;
  if (!Number.isInteger(rateLimit.limit) || rateLimit.limit < 1 || rateLimit.limit > 1_000_000_000) {
    throw invalid(`${field}.limit`, 'must be an integer from 1 to 1000000000');
  }
  if (!Number.isInteger(rateLimit.windowMs) || rateLimit.windowMs < 1000 || rateLimit.windowMs > MAX_WINDOW_MS) {
    throw invalid(`${field}.window_ms`, `must be an integer from 1000 to ${MAX_WINDOW_MS}`);
  }
  const scope: unknown = rateLimit.scope ?? 'key';
  if (!RATE_LIMIT_SCOPES.includes(scope as RateLimitScope)) throw invalid(`${field}.scope`, 'must be "key" or "owner"');
  // `key` is the default and is stored as its absence, so a per-key limit looks as it always did.
  return scope === 'owner'
    ? { limit: rateLimit.limit, windowMs: rateLimit.windowMs, scope }
    : { limit: rateLimit.limit, windowMs: rateLimit.windowMs };
}

export const MAX_OWNER_ID_LENGTH = 255;

/** The platform's id for a key's owner: opaque, 1–255 characters, no control characters. */
export function checkOwnerId(ownerId: string | null | undefined, field = 'owner_id'): string | null {
  if (ownerId === null || ownerId === undefined) return null;
  if (typeof ownerId !== 'string') throw invalid(field, 'must be a string or null');
  const length = [...ownerId].length;
  if (length < 1 || length > MAX_OWNER_ID_LENGTH) throw invalid(field, `must be 1–${MAX_OWNER_ID_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(ownerId)) throw invalid(field, 'must not contain control characters');
  return ownerId;
}

/**
 * A project's key prefix: 2–12 lower-case letters and digits, starting with a letter. Any
 * prefix starting with `kw` is Keyward's own (`kw_root`, `kw_org`, `kw_proj`): reserved, so
 * no platform's keys can pass for, or be reported as, Keyward's.
 */
export const KEY_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,11}$/;

export function checkKeyPrefix(prefix: string | null | undefined, field = 'key_prefix'): string | null {
  if (prefix === null || prefix === undefined) return null;
  if (typeof prefix !== 'string' || !KEY_PREFIX_PATTERN.test(prefix)) {
    throw invalid(field, 'must be 2–12 lower-case letters or digits, starting with a letter');
  }
  if (prefix.startsWith('kw')) throw invalid(field, 'prefixes starting with "kw" are reserved for Keyward');
  return prefix;
}

export const MAX_KEYS_PER_OWNER = 1_000_000;

export function checkMaxKeysPerOwner(cap: number | null | undefined, field = 'max_keys_per_owner'): number | null {
  if (cap === null || cap === undefined) return null;
  if (!Number.isInteger(cap) || cap < 1 || cap > MAX_KEYS_PER_OWNER)
    throw invalid(field, `must be an integer from 1 to ${MAX_KEYS_PER_OWNER}, or null`);
  return cap;
}
