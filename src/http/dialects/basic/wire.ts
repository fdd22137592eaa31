import { STATUS_CODES } from 'node:http';
import { Type, type Static } from 'typebox';
import type { ApiKey } from '../../../core/types.js';
import type { ErrorRenderer } from '../shared/dialect-errors.js';

/**
 * Basic's wire shapes (test/dialects/specs/basic.openapi.yaml, docs.basic.tech "project-keys"). Roles travel as one
 * comma-separated string; Keyward keeps them as a set of the platform's own strings.
 */
export const ORIGIN = 'basic';

const keyFields = {
  id: Type.String({ description: 'The Keyward key id' }),
  label: Type.String(),
  roles: Type.String({ description: 'Comma-separated roles' }),
  created_at: Type.String({ format: 'date-time' }),
};
export const BasicKey = Type.Object(keyFields);
export const CreatedBasicKey = Type.Object({
  key: Type.Object({ ...keyFields, value: Type.String({ description: 'The raw key. Shown once; store it now.' }) }),
});
export const OneKey = Type.Object({ key: BasicKey });
export const KeyList = Type.Object({ keys: Type.Array(BasicKey) });
export const Deleted = Type.Object({ message: Type.String() });
export const Verified = Type.Object({ is_valid: Type.Boolean(), key: Type.Union([BasicKey, Type.Null()]) });

export const ProjectParams = Type.Object({ id: Type.String({ description: 'The Keyward project id' }) });
export const KeyParams = Type.Object({ ...ProjectParams.properties, key_id: Type.String() });
export const CreateBody = Type.Object({
  label: Type.String({ description: 'A descriptive name for the key, 1–120 characters' }),
  roles: Type.String({ description: 'Comma-separated permissions, e.g. "read,write" (may be empty)' }),
});
export const VerifyBody = Type.Object({ key: Type.String(), key_id: Type.String() });

export const BasicError = Type.Object({ error: Type.String({ description: 'The reason phrase' }), message: Type.String() });

/** `"read, write,,read"` → `["read", "write"]`: split on commas, trim, drop empties; the core de-duplicates. */
export const parseRoles = (roles: string): string[] =>
  roles
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);

export const basicKey = (k: ApiKey): Static<typeof BasicKey> => ({
  id: k.id,
  label: k.name,
  roles: k.roles.join(','),
  created_at: k.createdAt,
});

/** `{"error": "<reason phrase>", "message": "<detail>"}`, as the document's 400 and 401. */
export const renderBasicError: ErrorRenderer = (e) => ({
  body: { error: STATUS_CODES[e.status] ?? 'Error', message: e.message },
  ...(e.status === 401 ? { headers: { 'www-authenticate': 'Bearer' } } : {}),
});
