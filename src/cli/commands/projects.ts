import type { CommandGroup } from '../command.js';
import { PAGE_FLAGS, UsageError } from '../command.js';
import { orEmptyAsNull, pageQuery, parseCap } from '../flag-values.js';
import type { ParsedFlags } from '../command.js';
import { remoteCommand } from '../remote-command.js';
import { pageView, PROJECT_HEADERS, projectRow, projectView, type Json, type Page } from '../views.js';

/** The policy flags of create and update: the prefix of new keys, and the cap of keys per owner. */
const POLICY_FLAGS = {
  'key-prefix': {
    type: 'string',
    value: 'PREFIX',
    description: 'prefix of its new keys, 2–12 of a-z 0-9 (e.g. acme → acme_…); "" for kw_proj',
  },
  'max-keys-per-owner': { type: 'string', value: 'N', description: 'live keys one owner may hold ("none": no cap)' },
} as const;

function policyFields(flags: ParsedFlags): { key_prefix?: string | null; max_keys_per_owner?: number | null } {
  const prefix = flags.string('key-prefix');
  const cap = flags.string('max-keys-per-owner');
  return {
    ...(prefix !== undefined ? { key_prefix: orEmptyAsNull(prefix) } : {}),
    ...(cap !== undefined ? { max_keys_per_owner: parseCap(cap) } : {}),
  };
}

/** Projects of the org that KEYWARD_API_KEY belongs to. */
export const projectsGroup: CommandGroup = {
  name: 'projects',
  summary: "create, list, show, update and delete the org's projects",
  commands: [
    remoteCommand({
      name: 'projects create',
      summary: 'create a project',
      flags: {
        name: { type: 'string', value: 'NAME', required: true, description: 'the project name (unique in the org)' },
        description: { type: 'string', value: 'TEXT', description: 'a description' },
        ...POLICY_FLAGS,
      },
      call: (api, { flags }) =>
        api.projects.create({ name: flags.string('name') ?? '', description: flags.string('description'), ...policyFields(flags) }),
      render: (body) => projectView(body as Json),
    }),
    remoteCommand({
      name: 'projects list',
      summary: 'list projects, newest first',
      flags: PAGE_FLAGS,
      call: (api, { flags }) => api.projects.list(pageQuery(flags)),
      render: (body) => pageView(body as Page, PROJECT_HEADERS, projectRow),
    }),
    remoteCommand({
      name: 'projects get',
      summary: 'show one project',
      args: ['PROJECT_ID'],
      call: (api, { args }) => api.projects.get(args[0] ?? ''),
      render: (body) => projectView(body as Json),
    }),
    remoteCommand({
      name: 'projects update',
      summary: "change a project's name, description, key prefix or per-owner cap",
      args: ['PROJECT_ID'],
      flags: {
        name: { type: 'string', value: 'NAME', description: 'the new name' },
        description: { type: 'string', value: 'TEXT', description: 'the new description' },
        ...POLICY_FLAGS,
      },
      call: (api, { args, flags }) => {
        const body = { name: flags.string('name'), description: flags.string('description'), ...policyFields(flags) };
        if (Object.values(body).every((v) => v === undefined)) {
          throw new UsageError('nothing to update: give --name, --description, --key-prefix or --max-keys-per-owner');
        }
        return api.projects.update(args[0] ?? '', body);
      },
      render: (body) => projectView(body as Json),
    }),
    remoteCommand({
      name: 'projects delete',
      summary: 'delete a project, revoking its keys',
      details: 'With --json, prints {"id": PROJECT_ID, "deleted": true} (the server answers 204 with no body).',
      args: ['PROJECT_ID'],
      call: async (api, { args }) => {
        await api.projects.delete(args[0] ?? '');
        return { id: args[0], deleted: true };
      },
      render: (body) => `Deleted project ${(body as Json).id}; its keys are revoked.`,
    }),
  ],
};
