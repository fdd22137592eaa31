import type { AuditQuery } from '@keyward/client';
import { PAGE_FLAGS } from '../command.js';
import { pageQuery } from '../flag-values.js';
import { remoteCommand } from '../remote-command.js';
import { AUDIT_HEADERS, auditRow, pageView, type Page } from '../views.js';

export const auditCommand = remoteCommand({
  name: 'audit',
  summary: "read the org's audit log, newest first (needs audit:read)",
  flags: {
    action: { type: 'string', value: 'ACTION', description: 'only this action, e.g. key.create, key.revoke, project.delete' },
    target: { type: 'string', value: 'ID', description: 'only events on this project, key or org id' },
    ...PAGE_FLAGS,
  },
  // An unknown --action goes to the server as typed: it answers VALIDATION naming the field.
  call: (api, { flags }) =>
    api.audit.list({ ...pageQuery(flags), action: flags.string('action') as AuditQuery['action'], target_id: flags.string('target') }),
  render: (body) => pageView(body as Page, AUDIT_HEADERS, auditRow),
});
