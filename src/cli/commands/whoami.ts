import { remoteCommand } from '../remote-command.js';
import { cell, formatFields } from '../table.js';

export const whoamiCommand = remoteCommand({
  name: 'whoami',
  summary: 'show which org and roles KEYWARD_API_KEY acts with',
  call: (api) => api.whoami(),
  render: (body) => {
    const w = body as Record<string, unknown>;
    return formatFields([
      ['key_id', cell(w.key_id)],
      ['org_id', cell(w.org_id)],
      ['org_name', cell(w.org_name)],
      ['roles', cell(w.roles)],
    ]);
  },
});
