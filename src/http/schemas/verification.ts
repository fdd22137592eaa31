import { Type, type Static } from 'typebox';
import { MAX_COST } from '../../core/credits.js';
import { MAX_RAW_KEY_LENGTH } from '../../core/key-format.js';
import { MAX_ROLES } from '../../core/roles.js';
import { VERIFY_CODES } from '../../core/types.js';
import { MAX_BATCH_ITEMS, type Verification as DomainVerification } from '../../core/use-cases/verify-key.js';
import { JsonObject, Nullable, Timestamp, Uuid, described } from './common.js';

export const VerifyBody = Type.Object(
  {
    // A generous bound: longer strings cannot be keys, so they are refused before hashing.
    key: Type.String({ minLength: 1, maxLength: MAX_RAW_KEY_LENGTH * 4 }),
    roles: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: MAX_ROLES })),
    cost: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_COST,
        description: 'Credits a VALID answer spends (default 1); keys without credits ignore it',
      }),
    ),
    ip: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "Your client's address, checked against the key's allowed_ips" }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Every field but `valid` and `code` is optional in the schema because an unknown or
 * malformed key answers with those two only: nothing else is known about it.
 */
export const Verification = described(
  Type.Object({
    valid: Type.Boolean(),
    code: Type.Enum([...VERIFY_CODES]),
    key_id: Type.Optional(Uuid),
    org_id: Type.Optional(Uuid),
    project_id: Type.Optional(Nullable(Uuid)),
    name: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Type.String())),
    metadata: Type.Optional(JsonObject),
    expires_at: Type.Optional(Nullable(Timestamp)),
    owner_id: Type.Optional(Nullable(Type.String({ description: "The platform's id for the key's owner" }))),
    rate_limit: Type.Optional(Nullable(Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), reset_at: Timestamp }))),
    credits: Type.Optional(
      Nullable(
        Type.Object(
          { remaining: Type.Integer(), refill_at: Nullable(Timestamp) },
          {
            description: 'The balance after this verification; null without credits or when refused before they were checked',
          },
        ),
      ),
    ),
  }),
  'The outcome; an invalid key is still a 200 with valid: false',
);

export function verificationToWire(v: DomainVerification): Static<typeof Verification> {
  if (!('key' in v)) return { valid: false, code: v.code };
  const k = v.key;
  return {
    valid: v.valid,
    code: v.code,
    key_id: k.id,
    org_id: k.orgId ?? '',
    project_id: k.projectId,
    name: k.name,
    // Shared, not copied: the serializer only reads them (and cached keys are frozen).
    roles: k.roles as string[],
    metadata: k.metadata as Record<string, unknown>,
    expires_at: k.expiresAt,
    owner_id: k.ownerId,
    rate_limit: v.rateLimit ? { limit: v.rateLimit.limit, remaining: v.rateLimit.remaining, reset_at: v.rateLimit.resetAt } : null,
    credits: v.credits ? { remaining: v.credits.remaining, refill_at: v.credits.refillAt } : null,
  };
}

/** Up to 100 verifications in one request, each item exactly a `VerifyBody`. */
export const VerifyBatchBody = Type.Object(
  { items: Type.Array(VerifyBody, { minItems: 1, maxItems: MAX_BATCH_ITEMS }) },
  { additionalProperties: false },
);

export const VerifyBatchResult = described(
  Type.Object({ results: Type.Array(Verification) }),
  "One verification per item, in the items' order, each as POST /v1/keys/verify would answer it",
);
