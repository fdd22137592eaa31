import { Type, type Static, type TSchema } from 'typebox';
import type { ApiKey, Project } from '../../../core/types.js';
import type { ErrorRenderer } from '../shared/dialect-errors.js';

/**
 * Confident AI's wire shapes (test/dialects/specs/confident.md and its API reference): every answer is an
 * envelope, `{success, data, deprecated}`; key ids are integers (the key's number in its org);
 * a key's value is shown raw once, then masked to 15 `*` and its last six characters.
 */
export const ORIGIN = 'confident';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ConfidentKey = Type.Object({
  id: Type.Integer({ description: 'The key’s number in the org: 1, 2, 3… (an integer, as Confident’s ids are)' }),
  name: Nullable(Type.String()),
  valid: Type.Boolean({ description: 'false while the key is deactivated' }),
  value: Type.String({ description: 'The raw key in the create answers; elsewhere 15 * and its last six characters' }),
  created_at: Type.String({ format: 'date-time' }),
  lastUsed: Nullable(Type.String({ format: 'date-time' })),
});

export const ConfidentProject = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  organizationId: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  governancePolicy: Type.Null({ description: 'Keyward has no governance policies' }),
});

/** The success envelope around `data`. */
export const envelope = <T extends TSchema>(data: T) => Type.Object({ success: Type.Literal(true), data, deprecated: Type.Literal(false) });

export const ConfidentError = Type.Object({ success: Type.Literal(false), error: Type.String(), deprecated: Type.Literal(false) });

export const ProjectParams = Type.Object({ projectId: Type.String() });
export const KeyParams = Type.Object({
  ...ProjectParams.properties,
  apiKeyId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The integer id of the key' }),
});
const Name = Type.String({ description: '1–120 characters' });
export const CreateKeyBody = Type.Object({ name: Name });
export const UpdateKeyBody = Type.Object({ valid: Type.Boolean({ description: 'false deactivates the key, true restores it' }) });
export const CreateProjectBody = Type.Object({
  name: Type.String({ description: 'Unique among the org’s projects' }),
  description: Type.Optional(Nullable(Type.String())),
  email: Type.Optional(Type.String({ description: 'Accepted and ignored: Keyward has no project members yet' })),
});
export const UpdateProjectBody = Type.Object({ name: Type.Optional(Name), description: Type.Optional(Nullable(Type.String())) });

export const ok = <T>(data: T) => ({ success: true as const, data, deprecated: false as const });

/**
 * A key's Confident id: its number in the org, counted there alone, so the ids an org sees
 * say nothing of other orgs' activity (the instance-wide `seq` would). Every key in
 * Confident's scope has one: minted here numbered, numbered by migration 0004 if older,
 * or the numbered successor of a rolled one.
 */
export function confidentKeyId(k: ApiKey): number {
  if (k.orgNumber === null) throw new Error(`key ${k.id} of the confident scope has no number`);
  return k.orgNumber;
}

export const confidentKey = (k: ApiKey, raw?: string): Static<typeof ConfidentKey> => ({
  id: confidentKeyId(k),
  name: k.name,
  valid: k.enabled,
  // The preview of a key minted here is Confident's own mask (CONFIDENT_PROJECT_KEY_FORMAT).
  value: raw ?? k.preview,
  created_at: k.createdAt,
  lastUsed: k.lastUsedAt,
});

export const confidentProject = (p: Project): Static<typeof ConfidentProject> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  organizationId: p.orgId,
  created_at: p.createdAt,
  governancePolicy: null,
});

export const renderConfidentError: ErrorRenderer = (e) => ({ body: { success: false, error: e.message, deprecated: false } });
