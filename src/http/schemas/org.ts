import { Type, type Static } from 'typebox';
import type { Organization } from '../../core/types.js';
import type { WhoAmI } from '../../core/use-cases/whoami.js';
import { Name, Timestamp, Uuid } from './common.js';
import { KeyWithSecret } from './key.js';

export const Org = Type.Object({ id: Uuid, name: Type.String(), created_at: Timestamp, updated_at: Timestamp });

export const CreateOrgBody = Type.Object({ name: Name }, { additionalProperties: false });

export const OrgCreated = Type.Object({ org: Org, admin_key: KeyWithSecret });

export const OrgParams = Type.Object({ orgId: Uuid });

export const WhoAmIBody = Type.Object({
  key_id: Type.Union([Uuid, Type.Null()]),
  org_id: Uuid,
  org_name: Type.String(),
  roles: Type.Array(Type.String()),
});

export const orgToWire = (o: Organization): Static<typeof Org> => ({
  id: o.id,
  name: o.name,
  created_at: o.createdAt,
  updated_at: o.updatedAt,
});

export const whoamiToWire = (w: WhoAmI): Static<typeof WhoAmIBody> => ({
  key_id: w.keyId,
  org_id: w.orgId,
  org_name: w.orgName,
  roles: [...w.roles],
});
