import { readFileSync } from 'node:fs';
import type { CreateKeyBody } from '@keyward/client';
import type { CommandGroup, CommandInput, ParsedFlags } from '../command.js';
import { PAGE_FLAGS, UsageError } from '../command.js';
import {
  orEmptyAsNull,
  pageQuery,
  parseCount,
  parseCredits,
  parseExpiresAt,
  parseMetadata,
  parseRateLimit,
  parseRefill,
  parseRoles,
  type WireRefill,
} from '../flag-values.js';
import { remoteCommand } from '../remote-command.js';
import { keyIntakeCommands } from './key-intake.js';
import { KEY_HEADERS, keyRow, keyView, pageView, verificationView, type Json, type Page } from '../views.js';

/** Flags that set a key's optional fields, shared by create and update. */
const KEY_FIELD_FLAGS = {
  roles: { type: 'string', value: 'A,B', description: 'roles, comma-separated ("" for none)' },
  'expires-at': { type: 'string', value: 'TIME', description: 'ISO 8601 expiry time ("never" to clear on update)' },
  metadata: { type: 'string', value: 'JSON', description: 'a JSON object stored with the key' },
  'rate-limit': {
    type: 'string',
    value: 'LIMIT/WINDOW_MS',
    description:
      'verifications allowed per window, e.g. 100/60000; /owner shares it among the owner\'s keys (100/60000/owner); "none" clears',
  },
  owner: { type: 'string', value: 'OWNER_ID', description: 'the platform\'s id for whom the key is for ("" to clear on update)' },
  // Issue 13: credits and IP allowlists (project keys).
  credits: { type: 'string', value: 'N', description: 'credits left; each valid verification spends its cost ("none": unlimited)' },
  refill: {
    type: 'string',
    value: 'INTERVAL:AMOUNT',
    description: 'reset credits at 00:00 UTC: daily:1000, monthly:5000[:DAY] ("none" to stop)',
  },
  'allow-ip': {
    type: 'string',
    multiple: true,
    value: 'CIDR',
    description: 'accept verifications only from this address or CIDR (repeatable; "any" clears)',
  },
} as const;

interface KeyFields {
  readonly roles?: string[];
  readonly expires_at?: string | null;
  readonly metadata?: Record<string, unknown>;
  readonly rate_limit?: { limit: number; window_ms: number; scope?: 'key' | 'owner' } | null;
  readonly owner_id?: string | null;
  readonly credits?: { remaining?: number; refill?: WireRefill | null } | null;
  readonly allowed_ips?: string[] | null;
}

/** The request body fields those flags give; unset flags are left out (undefined). */
function keyFields(flags: ParsedFlags): KeyFields {
  const roles = flags.string('roles');
  const expiresAt = flags.string('expires-at');
  const metadata = flags.string('metadata');
  const rateLimit = flags.string('rate-limit');
  const owner = flags.string('owner');
  const allowIps = flags.strings('allow-ip');
  return {
    roles: roles === undefined ? undefined : parseRoles(roles),
    expires_at: expiresAt === undefined ? undefined : parseExpiresAt(expiresAt),
    metadata: metadata === undefined ? undefined : parseMetadata(metadata),
    rate_limit: rateLimit === undefined ? undefined : parseRateLimit(rateLimit),
    owner_id: owner === undefined ? undefined : orEmptyAsNull(owner),
    credits: creditsBody(flags.string('credits'), flags.string('refill')),
    allowed_ips: allowIps === undefined ? undefined : allowIps.includes('any') ? null : allowIps,
  };
}

/** `--credits none` alone makes the key unlimited; otherwise the given parts (the server keeps the rest). */
function creditsBody(credits: string | undefined, refill: string | undefined): KeyFields['credits'] {
  if (credits === undefined && refill === undefined) return undefined;
  const remaining = credits === undefined ? undefined : parseCredits(credits);
  if (remaining === null) {
    if (refill !== undefined) throw new UsageError('--credits none makes the key unlimited: give no --refill with it');
    return null;
  }
  return { ...(remaining !== undefined ? { remaining } : {}), ...(refill !== undefined ? { refill: parseRefill(refill) } : {}) };
}

/**
 * `KEY` on the command line is visible in the process list and shell history, so `-`
 * reads it from stdin instead (`keyward keys verify - < key.txt`).
 */
function keyArgument(input: CommandInput): string {
  const arg = input.args[0] ?? '';
  return arg === '-' ? readFileSync(0, 'utf8').trim() : arg;
}

export const keysGroup: CommandGroup = {
  name: 'keys',
  summary: 'mint, list, show, update, roll, revoke and verify API keys',
  commands: [
    remoteCommand({
      name: 'keys create',
      summary: 'mint a project key (--project) or an org key (--org-key); the raw key is printed once',
      details:
        'Org keys need an admin key; their roles are admin or any of projects:read, projects:write, keys:read, keys:write, keys:verify, audit:read.',
      flags: {
        name: { type: 'string', value: 'NAME', required: true, description: 'a label for the key (up to 120 characters)' },
        project: { type: 'string', value: 'PROJECT_ID', description: 'mint a project key in this project' },
        'org-key': { type: 'boolean', aliases: ['org'], description: 'mint an org key instead of a project key' },
        ...KEY_FIELD_FLAGS,
      },
      call: (api, { flags }) => {
        const project = flags.string('project');
        const orgKey = flags.boolean('org-key');
        if ((project === undefined) === !orgKey) throw new UsageError('give exactly one of --project PROJECT_ID and --org-key');
        const body = { name: flags.string('name') ?? '', ...keyFields(flags) };
        if (orgKey) {
          // POST /v1/org/keys takes only name and roles: refuse the rest rather than drop them silently.
          const extra = [body.expires_at, body.metadata, body.rate_limit, body.owner_id, body.credits, body.allowed_ips];
          if (extra.some((v) => v !== undefined)) {
            throw new UsageError('--org-key takes only --name and --roles');
          }
          return api.orgKeys.create({ name: body.name, roles: body.roles ?? [] });
        }
        // Flags the server must judge together (--refill without --credits) go as given: it names the field.
        return api.keys.create(project ?? '', body as CreateKeyBody);
      },
      render: (body) => keyView(body as Json),
    }),
    remoteCommand({
      name: 'keys list',
      summary: "list a project's keys (--project) or the org keys (--org-key), newest first; previews only",
      flags: {
        project: { type: 'string', value: 'PROJECT_ID', description: "list this project's keys" },
        // One spelling with `keys create`; `--org` was this command's first one.
        'org-key': { type: 'boolean', aliases: ['org'], description: 'list the org keys instead' },
        'include-revoked': { type: 'boolean', description: 'include revoked keys' },
        owner: { type: 'string', value: 'OWNER_ID', description: "only this owner's keys (with --project)" },
        ...PAGE_FLAGS,
      },
      call: (api, { flags }) => {
        const project = flags.string('project');
        const org = flags.boolean('org-key');
        if ((project === undefined) === !org) throw new UsageError('give exactly one of --project PROJECT_ID and --org-key');
        const owner = flags.string('owner');
        if (org && owner !== undefined) throw new UsageError("--owner lists a project's keys: give it with --project");
        const query = { ...pageQuery(flags), include_revoked: flags.boolean('include-revoked') || undefined, owner_id: owner };
        return org ? api.orgKeys.list(query) : api.keys.list(project ?? '', query);
      },
      render: (body) => pageView(body as Page, KEY_HEADERS, keyRow),
    }),
    remoteCommand({
      name: 'keys get',
      summary: 'show one key (its preview, never the secret)',
      args: ['KEY_ID'],
      call: (api, { args }) => api.keys.get(args[0] ?? ''),
      render: (body) => keyView(body as Json),
    }),
    remoteCommand({
      name: 'keys update',
      summary: "change a key's name, roles, enabled state, expiry, metadata, rate limit, owner, credits or IP allowlist",
      args: ['KEY_ID'],
      flags: {
        name: { type: 'string', value: 'NAME', description: 'the new name' },
        enable: { type: 'boolean', description: 'enable the key' },
        disable: { type: 'boolean', description: 'disable the key (verifications answer DISABLED)' },
        ...KEY_FIELD_FLAGS,
      },
      call: (api, { args, flags }) => {
        if (flags.boolean('enable') && flags.boolean('disable')) throw new UsageError('give --enable or --disable, not both');
        const enabled = flags.boolean('enable') ? true : flags.boolean('disable') ? false : undefined;
        const body = { name: flags.string('name'), enabled, ...keyFields(flags) };
        if (Object.values(body).every((v) => v === undefined)) {
          throw new UsageError('nothing to update: give at least one flag (see: keyward keys update --help)');
        }
        return api.keys.update(args[0] ?? '', body);
      },
      render: (body) => keyView(body as Json),
    }),
    remoteCommand({
      name: 'keys roll',
      summary: 'replace a key with a new secret (printed once); the old one stops after the grace period',
      args: ['KEY_ID'],
      flags: { grace: { type: 'string', value: 'SECONDS', description: 'keep the old key valid this long (default 0)' } },
      call: (api, { args, flags }) => {
        const grace = flags.string('grace');
        const body = grace === undefined ? {} : { grace_seconds: parseCount('grace', grace, 0) };
        return api.keys.roll(args[0] ?? '', body);
      },
      render: (body) => keyView(body as Json),
    }),
    remoteCommand({
      name: 'keys revoke',
      summary: 'revoke a key now (revoking twice is not an error)',
      args: ['KEY_ID'],
      call: (api, { args }) => api.keys.revoke(args[0] ?? ''),
      render: (body) => keyView(body as Json),
    }),
    remoteCommand({
      name: 'keys verify',
      summary: 'check a key as the platform would: valid or not, with its project, roles, rate-limit and credit state',
      details:
        'KEY may be "-" to read it from stdin, keeping it out of the process list.\nExits 0 when the key is valid, 1 when it is not.',
      args: ['KEY'],
      flags: {
        roles: { type: 'string', value: 'A,B', description: 'roles the key must hold' },
        cost: { type: 'string', value: 'N', description: 'credits a valid answer spends (default 1)' },
        ip: { type: 'string', value: 'ADDR', description: "your client's address, for keys with an IP allowlist" },
      },
      call: (api, input) => {
        const roles = input.flags.string('roles');
        const cost = input.flags.string('cost');
        return api.keys.verify({
          key: keyArgument(input),
          roles: roles === undefined ? undefined : parseRoles(roles),
          cost: cost === undefined ? undefined : parseCount('cost', cost, 0),
          ip: input.flags.string('ip'),
        });
      },
      render: (body) => verificationView(body as Json),
      exitCode: (body) => ((body as Json).valid === true ? 0 : 1),
    }),
    ...keyIntakeCommands,
  ],
};
