import type { CommandGroup } from '../command.js';
import { PAGE_FLAGS } from '../command.js';
import { pageQuery } from '../flag-values.js';
import { remoteCommand } from '../remote-command.js';
import { keyView, ORG_HEADERS, orgRow, orgView, pageView, type Json, type Page } from '../views.js';

/** Organizations: the root key's commands (KEYWARD_API_KEY must be the kw_root_ key). */
export const orgsGroup: CommandGroup = {
  name: 'orgs',
  summary: 'create, list, show and delete organizations (root key)',
  commands: [
    remoteCommand({
      name: 'orgs create',
      summary: 'create an organization and its first admin key (printed once)',
      flags: { name: { type: 'string', value: 'NAME', required: true, description: 'the organization name' } },
      call: (api, { flags }) => api.orgs.create({ name: flags.string('name') ?? '' }),
      render: (body) => {
        const { org, admin_key } = body as { org: Json; admin_key: Json };
        return `${orgView(org)}\n\nAdmin key of the new organization:\n${keyView(admin_key)}`;
      },
    }),
    remoteCommand({
      name: 'orgs list',
      summary: 'list organizations, newest first',
      flags: PAGE_FLAGS,
      call: (api, { flags }) => api.orgs.list(pageQuery(flags)),
      render: (body) => pageView(body as Page, ORG_HEADERS, orgRow),
    }),
    remoteCommand({
      name: 'orgs get',
      summary: 'show one organization',
      args: ['ORG_ID'],
      call: (api, { args }) => api.orgs.get(args[0] ?? ''),
      render: (body) => orgView(body as Json),
    }),
    remoteCommand({
      name: 'orgs delete',
      summary: 'delete an organization, revoking every key in it',
      details: 'With --json, prints {"id": ORG_ID, "deleted": true} (the server answers 204 with no body).',
      args: ['ORG_ID'],
      call: async (api, { args }) => {
        await api.orgs.delete(args[0] ?? '');
        return { id: args[0], deleted: true };
      },
      render: (body) => `Deleted organization ${(body as Json).id}; its keys are revoked.`,
    }),
  ],
};
