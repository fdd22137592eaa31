import { Type, type Static } from 'typebox';
import { MAX_DESCRIPTION_LENGTH } from '../../core/validate.js';
import type { Project as DomainProject } from '../../core/types.js';
import { Name, Nullable, Timestamp, Uuid } from './common.js';

export const Project = Type.Object({
  id: Uuid,
  org_id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const Description = Type.String({ maxLength: MAX_DESCRIPTION_LENGTH });

export const CreateProjectBody = Type.Object(
  { name: Name, description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);

export const UpdateProjectBody = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);

export const ProjectParams = Type.Object({ projectId: Uuid });

export const projectToWire = (p: DomainProject): Static<typeof Project> => ({
  id: p.id,
  org_id: p.orgId,
  name: p.name,
  description: p.description,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});
