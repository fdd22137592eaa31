import { Type, type Static } from 'typebox';
import { MAX_ROLES } from '../../core/roles.js';
import { RATE_LIMIT_SCOPES, type ApiKey, type RateLimitScope } from '../../core/types.js';
import type { MintedKey } from '../../core/use-cases/mint-key.js';
import { MAX_OWNER_ID_LENGTH, MAX_WINDOW_MS } from '../../core/validate.js';
import { JsonObject, Name, Nullable, PageQuery, Timestamp, Uuid } from './common.js';

const rateLimitProperties = {
  limit: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'Verifications allowed per window' }),
  window_ms: Type.Integer({ minimum: 1000, maximum: MAX_WINDOW_MS }),
};
const Scope = Type.Enum([...RATE_LIMIT_SCOPES], {
  description: "key: this key's own counter; owner: one counter for every key of its owner in the project",
});

/** As sent: `scope` defaults to `key`. */
export const RateLimitBody = Type.Object({ ...rateLimitProperties, scope: Type.Optional(Scope) }, { additionalProperties: false });

/** As answered: always with its scope. */
export const RateLimit = Type.Object({ ...rateLimitProperties, scope: Scope });

/** The platform's id for whom the key is for: opaque to Keyward. */
const OwnerId = Type.String({ minLength: 1, maxLength: MAX_OWNER_ID_LENGTH, description: "The platform's id for the key's owner (customer, user)" });

const keyProperties = {
  id: Uuid,
  org_id: Uuid,
  project_id: Nullable(Uuid),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  preview: Type.String({ description: 'Prefix and last four characters, e.g. kw_proj_…a1B2' }),
  enabled: Type.Boolean(),
  metadata: JsonObject,
  rate_limit: Nullable(RateLimit),
  owner_id: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_used_at: Nullable(Timestamp),
  expires_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
};

/** A key as listed and read: never the secret, never the hash (undeclared fields are dropped). */
export const Key = Type.Object(keyProperties);

/** Only the 201 of create and roll use this: the one time the raw key is shown. */
export const KeyWithSecret = Type.Object({
  ...keyProperties,
  key: Type.String({ description: 'The raw key. Shown once; store it now.' }),
});

const Roles = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: MAX_ROLES });

export const CreateKeyBody = Type.Object(
  {
    name: Name,
    roles: Type.Optional(Roles),
    expires_at: Type.Optional(Nullable(Timestamp)),
    metadata: Type.Optional(JsonObject),
    rate_limit: Type.Optional(Nullable(RateLimitBody)),
    owner_id: Type.Optional(Nullable(OwnerId)),
  },
  { additionalProperties: false },
);

/** Org keys must say which of Keyward's roles they hold. */
export const CreateOrgKeyBody = Type.Object(
  { ...CreateKeyBody.properties, roles: Roles },
  { additionalProperties: false },
);

export const UpdateKeyBody = Type.Object(
  {
    name: Type.Optional(Name),
    roles: Type.Optional(Roles),
    enabled: Type.Optional(Type.Boolean()),
    expires_at: Type.Optional(Nullable(Timestamp)),
    metadata: Type.Optional(JsonObject),
    rate_limit: Type.Optional(Nullable(RateLimitBody)),
    owner_id: Type.Optional(Nullable(OwnerId)),
  },
  { additionalProperties: false },
);

export const RollKeyBody = Type.Object(
  { grace_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400, default: 0 })) },
  { additionalProperties: false },
);

export const KeyParams = Type.Object({ keyId: Uuid });

export const KeyListQuery = Type.Object({
  ...PageQuery.properties,
  include_revoked: Type.Optional(Type.Boolean({ default: false })),
});

/** A project's keys can also be narrowed to one owner's. */
export const ProjectKeyListQuery = Type.Object({
  ...KeyListQuery.properties,
  owner_id: Type.Optional(OwnerId),
});

export const keyToWire = (k: ApiKey): Static<typeof Key> => ({
  id: k.id,
  // Every key the API shows lives in an org; only the root key has none and it is never listed.
  org_id: k.orgId ?? '',
  project_id: k.projectId,
  name: k.name,
  roles: [...k.roles],
  preview: k.preview,
  enabled: k.enabled,
  metadata: { ...k.metadata },
  rate_limit: k.rateLimit ? { limit: k.rateLimit.limit, window_ms: k.rateLimit.windowMs, scope: k.rateLimit.scope ?? 'key' } : null,
  owner_id: k.ownerId,
  created_at: k.createdAt,
  updated_at: k.updatedAt,
  last_used_at: k.lastUsedAt,
  expires_at: k.expiresAt,
  revoked_at: k.revokedAt,
});

export function mintedToWire(m: MintedKey): Static<typeof KeyWithSecret> {
  // Added to the object keyToWire built: spreading it into a copy cost more than the mapping.
  const wire = keyToWire(m.key) as Static<typeof KeyWithSecret>;
  wire.key = m.raw;
  return wire;
}

/** Wire body → core input for create and update (only the fields present). */
export function keyFieldsFromWire(body: {
  name?: string;
  roles?: string[];
  enabled?: boolean;
  expires_at?: string | null;
  metadata?: Record<string, unknown>;
  rate_limit?: { limit: number; window_ms: number; scope?: RateLimitScope } | null;
  owner_id?: string | null;
}) {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.roles !== undefined ? { roles: body.roles } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    ...(body.expires_at !== undefined ? { expiresAt: body.expires_at } : {}),
    ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
    ...(body.rate_limit !== undefined
      ? { rateLimit: body.rate_limit && { limit: body.rate_limit.limit, windowMs: body.rate_limit.window_ms, scope: body.rate_limit.scope ?? 'key' } }
      : {}),
    ...(body.owner_id !== undefined ? { ownerId: body.owner_id } : {}),
  };
}
