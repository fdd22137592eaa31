import { Type, type Static } from 'typebox';
import { LEAK_POLICIES, type Organization } from '../../core/types.js';
import type { WhoAmI } from '../../core/use-cases/whoami.js';
import { Name, Timestamp, Uuid } from './common.js';
import { KeyWithSecret } from './key.js';

const LeakPolicy = Type.Enum([...LEAK_POLICIES], {
  description: 'What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)',
});

export const Org = Type.Object({ id: Uuid, name: Type.String(), created_at: Timestamp, updated_at: Timestamp, leak_policy: LeakPolicy });

export const UpdateOrgBody = Type.Object({ leak_policy: Type.Optional(LeakPolicy) }, { additionalProperties: false });

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
  leak_policy: o.leakPolicy ?? 'revoke',
});

export const whoamiToWire = (w: WhoAmI): Static<typeof WhoAmIBody> => ({
  key_id: w.keyId,
  org_id: w.orgId,
  org_name: w.orgName,
  roles: [...w.roles],
});
