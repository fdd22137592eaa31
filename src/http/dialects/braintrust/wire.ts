import { createHash } from 'node:crypto';
import { Type, type Static, type TSchema } from 'typebox';
import type { ApiKey } from '../../../core/types.js';
import type { ErrorRenderer } from '../shared/dialect-errors.js';

/**
 * Braintrust's wire shapes (test/dialects/specs/braintrust.openapi.yaml and braintrust-openapi's spec.json): `ApiKey`, and
 * `CreateApiKeyOutput` = ApiKey + the raw `key`. Keys are org-level and act as their creator.
 */
export const ORIGIN = 'braintrust';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

const apiKeyFields = {
  id: Uuid,
  created: Nullable(Type.String({ format: 'date-time' })),
  name: Type.String(),
  preview_name: Type.String({ description: 'sk-**** and the last four characters' }),
  user_id: Nullable(Type.String({ format: 'uuid', description: 'The JWT user that made the key; null for a key made by a key' })),
  user_email: Nullable(Type.String()),
  user_given_name: Nullable(Type.String()),
  user_family_name: Nullable(Type.String()),
  org_id: Nullable(Uuid),
};
export const BraintrustKey = Type.Object(apiKeyFields);
export const CreatedBraintrustKey = Type.Object({
  ...apiKeyFields,
  key: Type.String({ description: 'The raw key. Shown once; store it now.' }),
});
export const KeyList = Type.Object({ objects: Type.Array(BraintrustKey) });

export const CreateBody = Type.Object({
  name: Type.String({ description: 'Name of the key, 1–120 characters; need not be unique' }),
  org_name: Type.Optional(Nullable(Type.String({ description: "When given, must be the caller's org name" }))),
});
export const KeyParams = Type.Object({ api_key_id: Uuid });
export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0, description: 'At most this many (capped at 1000); all when absent' })),
  starting_after: Type.Optional(Type.String({ format: 'uuid', description: 'Page after this key id (older keys)' })),
  ending_before: Type.Optional(Type.String({ format: 'uuid', description: 'Page before this key id (newer keys)' })),
  ids: Type.Optional(Type.Union([Uuid, Type.Array(Uuid)], { description: 'Only these key ids (repeat the parameter)' })),
  api_key_name: Type.Optional(Type.String({ description: 'Only keys of exactly this name' })),
  org_name: Type.Optional(Type.String({ description: "When given, must be the caller's org name" })),
});

export const BraintrustError = Type.Object({ message: Type.String() });

/**
 * Braintrust's `user_id` is a UUID. A token's `sub` often is not (`auth0|42`): such a
 * subject gets a stable name-based UUID (version 5 layout over SHA-1 of the subject), so
 * one user always shows the same `user_id`.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function userIdOf(subject: string): string {
  if (UUID.test(subject)) return subject.toLowerCase();
  const b = createHash('sha1').update(`keyward:user:${subject}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const braintrustKey = (k: ApiKey): Static<typeof BraintrustKey> => ({
  id: k.id,
  created: k.createdAt,
  name: k.name,
  // The preview of a key minted here is Braintrust's own mask (BRAINTRUST_KEY_FORMAT).
  preview_name: k.preview,
  user_id: k.owner ? userIdOf(k.owner.userId) : null,
  user_email: k.owner?.email ?? null,
  user_given_name: k.owner?.givenName ?? null,
  user_family_name: k.owner?.familyName ?? null,
  org_id: k.orgId,
});

const TEXTS: Readonly<Record<number, string>> = { 401: 'No valid API key provided' };

/** `{"message": …}`: Stainless clients surface `message`; 401 carries Braintrust's own text. */
export const renderBraintrustError: ErrorRenderer = (e) => ({
  body: { message: TEXTS[e.status] ?? e.message },
  ...(e.status === 401 ? { headers: { 'www-authenticate': 'Bearer' } } : {}),
});
