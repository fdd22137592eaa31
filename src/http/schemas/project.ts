import { Type, type Static } from 'typebox';
import { MAX_DESCRIPTION_LENGTH, MAX_KEYS_PER_OWNER } from '../../core/validate.js';
import type { Project as DomainProject } from '../../core/types.js';
import { Name, Nullable, Timestamp, Uuid } from './common.js';

export const Project = Type.Object({
  id: Uuid,
  org_id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  key_prefix: Nullable(Type.String({ description: 'Prefix of its new keys (`acme` → `acme_…`); null: kw_proj' })),
  max_keys_per_owner: Nullable(Type.Integer({ description: 'Live keys one owner may hold; null: no cap' })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const Description = Type.String({ maxLength: MAX_DESCRIPTION_LENGTH });
/** Checked by core too (checkKeyPrefix), which also reserves `kw…`. */
const KeyPrefix = Type.String({
  pattern: '^[a-z][a-z0-9]{1,11}$',
  description: '2–12 lower-case letters or digits, starting with a letter; not kw…',
});
const MaxKeysPerOwner = Type.Integer({ minimum: 1, maximum: MAX_KEYS_PER_OWNER });
const policyFields = {
  key_prefix: Type.Optional(Nullable(KeyPrefix)),
  max_keys_per_owner: Type.Optional(Nullable(MaxKeysPerOwner)),
};

export const CreateProjectBody = Type.Object(
  { name: Name, description: Type.Optional(Nullable(Description)), ...policyFields },
  { additionalProperties: false },
);

export const UpdateProjectBody = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Nullable(Description)), ...policyFields },
  { additionalProperties: false },
);

/** Wire body → core input (only the fields present). */
export const projectFieldsFromWire = (body: Static<typeof UpdateProjectBody>) => ({
  ...(body.name !== undefined ? { name: body.name } : {}),
  ...(body.description !== undefined ? { description: body.description } : {}),
  ...(body.key_prefix !== undefined ? { keyPrefix: body.key_prefix } : {}),
  ...(body.max_keys_per_owner !== undefined ? { maxKeysPerOwner: body.max_keys_per_owner } : {}),
});

export const ProjectParams = Type.Object({ projectId: Uuid });

export const projectToWire = (p: DomainProject): Static<typeof Project> => ({
  id: p.id,
  org_id: p.orgId,
  name: p.name,
  description: p.description,
  key_prefix: p.keyPrefix,
  max_keys_per_owner: p.maxKeysPerOwner,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});
