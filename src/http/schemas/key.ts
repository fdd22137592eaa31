import { Type, type Static } from 'typebox';
import { MAX_ROLES } from '../../core/roles.js';
import { MAX_CREDITS } from '../../core/credits.js';
import { MAX_ALLOWED_IPS } from '../../core/ip-allowlist.js';
import { RATE_LIMIT_SCOPES, type ApiKey, type Credits, type RateLimitScope } from '../../core/types.js';
import type { CreditsInput } from '../../core/credits.js';
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
const OwnerId = Type.String({
  minLength: 1,
  maxLength: MAX_OWNER_ID_LENGTH,
  description: "The platform's id for the key's owner (customer, user)",
});

// Credits and IP allowlists (issue 13): project keys only.
const Refill = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: MAX_CREDITS, description: 'The balance each refill resets to' }),
    interval: Type.Union([Type.Literal('daily'), Type.Literal('monthly')], { description: 'At 00:00 UTC' }),
    day_of_month: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 31, description: 'Monthly only (default 1; clamped to short months)' }),
    ),
  },
  { additionalProperties: false },
);
const Remaining = Type.Integer({ minimum: 0, maximum: MAX_CREDITS, description: 'Credits left; each VALID verification spends its cost' });
const CreditsOut = Type.Object({ remaining: Type.Integer(), refill: Nullable(Refill), refill_at: Nullable(Timestamp) });
const CreateCredits = Type.Object({ remaining: Remaining, refill: Type.Optional(Nullable(Refill)) }, { additionalProperties: false });
const UpdateCredits = Type.Object(
  { remaining: Type.Optional(Remaining), refill: Type.Optional(Nullable(Refill)) },
  { additionalProperties: false, description: "Given fields replace the key's; remaining sets the balance" },
);
const AllowedIps = Type.Array(Type.String({ description: 'An IPv4/IPv6 address or CIDR' }), {
  maxItems: MAX_ALLOWED_IPS,
  description: 'Verification needs an ip inside one of these; null or [] = any',
});

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
  credits: Nullable(CreditsOut),
  allowed_ips: Nullable(Type.Array(Type.String())),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_used_at: Nullable(Timestamp),
  expires_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
  imported: Type.Boolean({ description: 'Brought in by the import call (keeps its own text), not minted here' }),
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
    credits: Type.Optional(Nullable(CreateCredits)),
    allowed_ips: Type.Optional(Nullable(AllowedIps)),
  },
  { additionalProperties: false },
);

/** Org keys must say which of Keyward's roles they hold; credits and allowlists are for project keys. */
const { credits: _credits, allowed_ips: _allowedIps, ...orgKeyFields } = CreateKeyBody.properties;
export const CreateOrgKeyBody = Type.Object({ ...orgKeyFields, roles: Roles }, { additionalProperties: false });

export const UpdateKeyBody = Type.Object(
  {
    name: Type.Optional(Name),
    roles: Type.Optional(Roles),
    enabled: Type.Optional(Type.Boolean()),
    expires_at: Type.Optional(Nullable(Timestamp)),
    metadata: Type.Optional(JsonObject),
    rate_limit: Type.Optional(Nullable(RateLimitBody)),
    owner_id: Type.Optional(Nullable(OwnerId)),
    credits: Type.Optional(Nullable(UpdateCredits)),
    allowed_ips: Type.Optional(Nullable(AllowedIps)),
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
  credits: k.credits && creditsToWire(k.credits),
  allowed_ips: k.allowedIps && [...k.allowedIps],
  created_at: k.createdAt,
  updated_at: k.updatedAt,
  last_used_at: k.lastUsedAt,
  expires_at: k.expiresAt,
  revoked_at: k.revokedAt,
  imported: k.imported ?? false,
});

function creditsToWire(c: Credits): Static<typeof CreditsOut> {
  const refill = c.refill && {
    amount: c.refill.amount,
    interval: c.refill.interval,
    ...(c.refill.dayOfMonth !== null ? { day_of_month: c.refill.dayOfMonth } : {}),
  };
  return { remaining: c.remaining, refill, refill_at: c.refillAt };
}

type WireRefill = { amount: number; interval: 'daily' | 'monthly'; day_of_month?: number };

function creditsFromWire(c: { remaining?: number; refill?: WireRefill | null } | null): CreditsInput | null {
  if (c === null) return null;
  const refill = c.refill && { amount: c.refill.amount, interval: c.refill.interval, dayOfMonth: c.refill.day_of_month ?? null };
  return { ...(c.remaining !== undefined ? { remaining: c.remaining } : {}), ...(refill !== undefined ? { refill } : {}) };
}

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
  credits?: { remaining?: number; refill?: WireRefill | null } | null;
  allowed_ips?: string[] | null;
}) {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.roles !== undefined ? { roles: body.roles } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    ...(body.expires_at !== undefined ? { expiresAt: body.expires_at } : {}),
    ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
    ...(body.rate_limit !== undefined
      ? {
          rateLimit: body.rate_limit && {
            limit: body.rate_limit.limit,
            windowMs: body.rate_limit.window_ms,
            scope: body.rate_limit.scope ?? 'key',
          },
        }
      : {}),
    ...(body.owner_id !== undefined ? { ownerId: body.owner_id } : {}),
    ...(body.credits !== undefined ? { credits: creditsFromWire(body.credits) } : {}),
    ...(body.allowed_ips !== undefined ? { allowedIps: body.allowed_ips } : {}),
  };
}
