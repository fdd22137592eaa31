import { cell, formatFields, formatTable } from './table.js';

/**
 * The readable forms of the API's objects. They take the JSON as the server sent it
 * (snake_case) and show only what the response holds: a key's secret appears only when the
 * body carries `key`, which the server sends in the 201 of create and roll alone.
 */

/** An object of the API's JSON, as parsed. */
export type Json = Record<string, unknown>;

export interface Page {
  readonly data: readonly Json[];
  readonly next_cursor: string | null;
}

export function pageView(page: Page, headers: readonly string[], row: (item: Json) => string[]): string {
  if (page.data.length === 0) return 'No results.';
  const table = formatTable(headers, page.data.map(row));
  return page.next_cursor ? `${table}\n\nMore: --cursor ${page.next_cursor}` : table;
}

export const orgRow = (o: Json): string[] => [cell(o.id), cell(o.name), cell(o.created_at)];
export const ORG_HEADERS = ['ID', 'NAME', 'CREATED'];
export const orgView = (o: Json): string =>
  formatFields([
    ['id', cell(o.id)],
    ['name', cell(o.name)],
    ['created_at', cell(o.created_at)],
    ['updated_at', cell(o.updated_at)],
  ]);

export const projectRow = (p: Json): string[] => [cell(p.id), cell(p.name), cell(p.description), cell(p.created_at)];
export const PROJECT_HEADERS = ['ID', 'NAME', 'DESCRIPTION', 'CREATED'];
export const projectView = (p: Json): string =>
  formatFields([
    ['id', cell(p.id)],
    ['org_id', cell(p.org_id)],
    ['name', cell(p.name)],
    ['description', cell(p.description)],
    ['key_prefix', p.key_prefix === null || p.key_prefix === undefined ? 'kw_proj (default)' : cell(p.key_prefix)],
    ['max_keys_per_owner', p.max_keys_per_owner === null || p.max_keys_per_owner === undefined ? '- (no cap)' : cell(p.max_keys_per_owner)],
    ['created_at', cell(p.created_at)],
    ['updated_at', cell(p.updated_at)],
  ]);

export const keyRow = (k: Json): string[] => [
  cell(k.id),
  cell(k.name),
  cell(k.preview),
  cell(k.roles),
  keyStatus(k),
  cell(k.expires_at),
  cell(k.last_used_at),
];
export const KEY_HEADERS = ['ID', 'NAME', 'PREVIEW', 'ROLES', 'STATUS', 'EXPIRES', 'LAST USED'];

/** A key's fields; with the raw key and a warning when the body carries it (create, roll). */
export function keyView(k: Json): string {
  const fields = formatFields([
    ['id', cell(k.id)],
    ['name', cell(k.name)],
    ['preview', cell(k.preview)],
    ['status', keyStatus(k)],
    ['org_id', cell(k.org_id)],
    ['project_id', k.project_id === null ? '- (org key)' : cell(k.project_id)],
    ['roles', cell(k.roles)],
    ['enabled', cell(k.enabled)],
    ['metadata', cell(k.metadata)],
    ['rate_limit', rateLimitText(k.rate_limit)],
    ['owner_id', cell(k.owner_id)],
    ['credits', creditsText(k.credits)],
    ['allowed_ips', k.allowed_ips ? cell(k.allowed_ips) : '- (any)'],
    ['created_at', cell(k.created_at)],
    ['updated_at', cell(k.updated_at)],
    ['last_used_at', cell(k.last_used_at)],
    ['expires_at', cell(k.expires_at)],
    ['revoked_at', cell(k.revoked_at)],
  ]);
  if (typeof k.key !== 'string') return fields;
  return `${fields}\n\nKey: ${k.key}\nThis key will not be shown again: copy it now.`;
}

/** One word for the state a verification would see first. */
function keyStatus(k: Json): string {
  const now = Date.now();
  const revokedAt = typeof k.revoked_at === 'string' ? Date.parse(k.revoked_at) : null;
  if (revokedAt !== null) return revokedAt <= now ? 'revoked' : 'grace';
  if (typeof k.expires_at === 'string' && Date.parse(k.expires_at) <= now) return 'expired';
  return k.enabled === false ? 'disabled' : 'active';
}

function rateLimitText(value: unknown): string {
  const rl = value as { limit?: number; window_ms?: number; scope?: string } | null | undefined;
  return rl && typeof rl.limit === 'number'
    ? `${rl.limit} per ${rl.window_ms} ms${rl.scope === 'owner' ? ', shared by the owner' : ''}`
    : '-';
}

/** `40 left, refills to 1000 daily at …`, or `-` (unlimited, or not checked). */
function creditsText(c: unknown): string {
  if (c === null || c === undefined || typeof c !== 'object') return '-';
  const { remaining, refill, refill_at } = c as {
    remaining?: number;
    refill?: { amount: number; interval: string } | null;
    refill_at?: string | null;
  };
  const refills = refill ? `, refills to ${refill.amount} ${refill.interval}` : '';
  return `${remaining} left${refills}${refill_at ? ` at ${refill_at}` : ''}`;
}

export function verificationView(v: Json): string {
  const rl = v.rate_limit as { limit?: number; remaining?: number; reset_at?: string } | null | undefined;
  const fields: Array<[string, string]> = [
    ['valid', cell(v.valid)],
    ['code', cell(v.code)],
  ];
  // A NOT_FOUND answer holds only `valid` and `code`; show no empty rows for it.
  if ('key_id' in v) {
    fields.push(
      ['key_id', cell(v.key_id)],
      ['org_id', cell(v.org_id)],
      ['project_id', cell(v.project_id)],
      ['name', cell(v.name)],
      ['roles', cell(v.roles)],
      ['metadata', cell(v.metadata)],
      ['expires_at', cell(v.expires_at)],
      ['owner_id', cell(v.owner_id)],
      ['rate_limit', rl ? `${rl.remaining}/${rl.limit} left, resets ${cell(rl.reset_at)}` : '-'],
      ['credits', creditsText(v.credits)],
    );
  }
  return formatFields(fields);
}

export const auditRow = (e: Json): string[] => {
  const actor = e.actor as Json | undefined;
  const target = e.target as Json | undefined;
  return [
    cell(e.created_at),
    cell(e.action),
    `${cell(actor?.type)}:${cell(actor?.id)}`,
    `${cell(target?.type)}:${cell(target?.id)}`,
    cell(e.request_id),
    cell(e.ip),
  ];
};
export const AUDIT_HEADERS = ['TIME', 'ACTION', 'ACTOR', 'TARGET', 'REQUEST', 'IP'];
