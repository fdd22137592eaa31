import type { CommandGroup, ParsedFlags } from '../command.js';
import { PAGE_FLAGS, UsageError } from '../command.js';
import { orEmptyAsNull, pageQuery } from '../flag-values.js';
import { remoteCommand } from '../remote-command.js';
import { formatFields, formatTable, cell } from '../table.js';
import { pageView, type Json, type Page } from '../views.js';

const WEBHOOK_HEADERS = ['ID', 'URL', 'EVENTS', 'ENABLED', 'CREATED'];
const webhookRow = (w: Json): string[] => [cell(w.id), cell(w.url), (w.events as string[]).join(','), cell(w.enabled), cell(w.created_at)];
const webhookView = (w: Json): string =>
  formatFields([
    ['id', cell(w.id)],
    ['url', cell(w.url)],
    ['events', (w.events as string[]).join(', ')],
    ['enabled', cell(w.enabled)],
    ['description', cell(w.description)],
    ['created_at', cell(w.created_at)],
    ['updated_at', cell(w.updated_at)],
  ]);
/** The secret goes to the terminal once, said to be kept: it is not shown again. */
const withSecretView = (body: Json): string =>
  `${webhookView(body.webhook as Json)}\n\nSigning secret (shown once; verify deliveries with it): ${cell(body.secret)}`;

const DELIVERY_HEADERS = ['ID', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST CODE', 'OCCURRED'];
const deliveryRow = (d: Json): string[] => [
  cell(d.id),
  cell(d.event_type),
  cell(d.status),
  cell(d.attempts),
  cell(d.response_status),
  cell(d.occurred_at),
];

const FIELD_FLAGS = {
  url: { type: 'string', value: 'URL', description: 'where deliveries are POSTed (http or https)' },
  event: {
    type: 'string',
    value: 'TYPE',
    multiple: true,
    description: 'an event to send (repeat: --event key.created --event key.revoked)',
  },
  description: { type: 'string', value: 'TEXT', description: 'a description ("" for none)' },
} as const;

function fields(flags: ParsedFlags): { url?: string; events?: string[]; description?: string | null } {
  const description = flags.string('description');
  return {
    url: flags.string('url'),
    events: flags.strings('event'),
    ...(description !== undefined ? { description: orEmptyAsNull(description) } : {}),
  };
}

/** Webhook endpoints of the org that KEYWARD_API_KEY (admin) belongs to. */
export const webhooksGroup: CommandGroup = {
  name: 'webhooks',
  summary: "manage the org's signed webhooks and their deliveries (docs/WEBHOOKS.md)",
  commands: [
    remoteCommand({
      name: 'webhooks create',
      summary: 'create an endpoint; prints its signing secret once',
      flags: { ...FIELD_FLAGS, disabled: { type: 'boolean', description: 'create it disabled' } },
      call: (api, { flags }) => {
        const { url, events, description } = fields(flags);
        if (!url) throw new UsageError('give --url');
        if (!events) throw new UsageError('give at least one --event');
        return api.webhooks.create({
          url,
          events,
          ...(description !== undefined ? { description } : {}),
          ...(flags.boolean('disabled') ? { enabled: false } : {}),
        });
      },
      render: (body) => withSecretView(body as Json),
    }),
    remoteCommand({
      name: 'webhooks list',
      summary: 'list endpoints, newest first',
      flags: PAGE_FLAGS,
      call: (api, { flags }) => api.webhooks.list(pageQuery(flags)),
      render: (body) => pageView(body as Page, WEBHOOK_HEADERS, webhookRow),
    }),
    remoteCommand({
      name: 'webhooks get',
      summary: 'show one endpoint',
      args: ['WEBHOOK_ID'],
      call: (api, { args }) => api.webhooks.get(args[0] ?? ''),
      render: (body) => webhookView(body as Json),
    }),
    remoteCommand({
      name: 'webhooks update',
      summary: "change an endpoint's URL, events, description, or enable/disable it",
      args: ['WEBHOOK_ID'],
      flags: {
        ...FIELD_FLAGS,
        enable: { type: 'boolean', description: 'enable it' },
        disable: { type: 'boolean', description: 'disable it (nothing is queued for it meanwhile)' },
      },
      call: (api, { args, flags }) => {
        if (flags.boolean('enable') && flags.boolean('disable')) throw new UsageError('give --enable or --disable, not both');
        const enabled = flags.boolean('enable') ? true : flags.boolean('disable') ? false : undefined;
        const body = { ...fields(flags), enabled };
        if (Object.values(body).every((v) => v === undefined)) {
          throw new UsageError('nothing to update: give --url, --event, --description, --enable or --disable');
        }
        return api.webhooks.update(args[0] ?? '', body);
      },
      render: (body) => webhookView(body as Json),
    }),
    remoteCommand({
      name: 'webhooks delete',
      summary: 'delete an endpoint and its deliveries',
      details: 'With --json, prints {"id": WEBHOOK_ID, "deleted": true} (the server answers 204 with no body).',
      args: ['WEBHOOK_ID'],
      call: async (api, { args }) => {
        await api.webhooks.delete(args[0] ?? '');
        return { id: args[0], deleted: true };
      },
      render: (body) => `Deleted webhook ${(body as Json).id}.`,
    }),
    remoteCommand({
      name: 'webhooks rotate-secret',
      summary: 'replace the signing secret; prints the new one once',
      args: ['WEBHOOK_ID'],
      call: (api, { args }) => api.webhooks.rotateSecret(args[0] ?? ''),
      render: (body) => withSecretView(body as Json),
    }),
    remoteCommand({
      name: 'webhooks deliveries',
      summary: "list an endpoint's deliveries, newest first",
      args: ['WEBHOOK_ID'],
      flags: PAGE_FLAGS,
      call: (api, { args, flags }) => api.webhooks.deliveries(args[0] ?? '', pageQuery(flags)),
      render: (body) => pageView(body as Page, DELIVERY_HEADERS, deliveryRow),
    }),
    remoteCommand({
      name: 'webhooks redeliver',
      summary: 'send a delivery again now',
      args: ['WEBHOOK_ID', 'DELIVERY_ID'],
      call: (api, { args }) => api.webhooks.redeliver(args[0] ?? '', args[1] ?? ''),
      render: (body) => formatTable(DELIVERY_HEADERS, [deliveryRow(body as Json)]),
    }),
  ],
};
