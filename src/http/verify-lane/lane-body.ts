import type { VerifyInput } from '../../core/use-cases/verify-key.js';
import { VerifyBatchBody, VerifyBody } from '../schemas/verification.js';

/**
 * The largest body the lane reads itself: room for the longest key and the most and
 * longest roles the schema allows (about 4.5 KB written compactly). Anything larger goes
 * to Fastify (which answers 413 past 1 MiB).
 */
export const LANE_MAX_BODY_BYTES = 16 * 1024;

/**
 * The largest batch body the lane reads itself: 100 items of a gateway's usual size (a key
 * and a few roles) with room to spare. Larger batches, which the schema may still allow, go to Fastify.
 */
export const LANE_MAX_BATCH_BYTES = 256 * 1024;

/**
 * A bound of the verify route's schema, read once at load. TypeBox does not type a
 * schema's keywords, so they are checked here: a schema without the bound fails at start-up
 * rather than letting the lane accept what the route would refuse.
 */
function schemaBound(
  schema: object,
  keyword: 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minimum' | 'maximum',
  path: string,
): number {
  const value = (schema as Record<string, unknown>)[keyword];
  if (typeof value !== 'number') throw new Error(`${path} has no ${keyword}: the verify lane reads its limits there`);
  return value;
}

/**
 * The lane builds `{ key, roles, cost, ip }` and nothing else, so a field added to the schema must be
 * added here too (it would otherwise be dropped): refuse to load until it is.
 */
const LANE_FIELDS = ['key', 'roles', 'cost', 'ip'];
if (Object.keys(VerifyBody.properties).join() !== LANE_FIELDS.join()) {
  throw new Error(
    `VerifyBody's fields changed (${Object.keys(VerifyBody.properties).join(', ')}): teach the verify lane (lane-body.ts) the new ones`,
  );
}

/** The route's bounds (schemas/verification.ts `VerifyBody`), which a body the lane accepts must meet. */
const MIN_KEY_CHARS = schemaBound(VerifyBody.properties.key, 'minLength', 'VerifyBody.key');
const MAX_KEY_CHARS = schemaBound(VerifyBody.properties.key, 'maxLength', 'VerifyBody.key');
const MAX_ROLES = schemaBound(VerifyBody.properties.roles, 'maxItems', 'VerifyBody.roles');
const MIN_ROLE_CHARS = schemaBound(VerifyBody.properties.roles.items, 'minLength', 'VerifyBody.roles.items');
const MAX_ROLE_CHARS = schemaBound(VerifyBody.properties.roles.items, 'maxLength', 'VerifyBody.roles.items');
const MIN_COST = schemaBound(VerifyBody.properties.cost, 'minimum', 'VerifyBody.cost');
const MAX_COST = schemaBound(VerifyBody.properties.cost, 'maximum', 'VerifyBody.cost');
const MIN_IP_CHARS = schemaBound(VerifyBody.properties.ip, 'minLength', 'VerifyBody.ip');
const MAX_IP_CHARS = schemaBound(VerifyBody.properties.ip, 'maxLength', 'VerifyBody.ip');
/** The batch route's (`VerifyBatchBody`): each of its items is a `VerifyBody`, read as above. */
const MIN_ITEMS = schemaBound(VerifyBatchBody.properties.items, 'minItems', 'VerifyBatchBody.items');
const MAX_ITEMS = schemaBound(VerifyBatchBody.properties.items, 'maxItems', 'VerifyBatchBody.items');
if (VerifyBatchBody.properties.items.items !== VerifyBody || Object.keys(VerifyBatchBody.properties).join() !== 'items') {
  throw new Error('VerifyBatchBody changed: teach the verify lane (lane-body.ts) its new shape');
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
/** What nearly every verification sends: `{"key":"…"}`, nothing else, no spaces. */
const KEY_ONLY_HEAD = Buffer.from('{"key":"', 'latin1');

/**
 * `{"key": "…", "roles"?: ["…"], "cost"?: n, "ip"?: "…"}` exactly as `VerifyBody` accepts it, or null for anything
 * else: the full request path then answers it, with its own checks and error messages.
 *
 * Only plain ASCII bodies without escapes are read here. That keeps every check simple and
 * the same as the full path's: no lone surrogates or NULs can hide behind an escape, string
 * lengths in UTF-16 units equal lengths in characters (JSON Schema counts characters), and
 * JSON.parse of such text cannot build a prototype-polluting key the own-key check misses.
 * It also means the lane never decodes UTF-8: a body with any byte over 0x7f, valid UTF-8 or
 * not, and any charset but UTF-8 (verify-lane.ts `JSON_TYPES`), go to Fastify, whose parser
 * refuses invalid UTF-8 and other charsets (json-body.ts `utf8BodyText`).
 */
export function parseLaneBody(bytes: Buffer): VerifyInput | null {
  const only = keyOnly(bytes);
  if (only !== null) return { key: only };
  return laneInput(plainJson(bytes));
}

/**
 * `{"items": [<a body parseLaneBody accepts>, …]}` with as many items as `VerifyBatchBody`
 * allows, or null for anything else (Fastify then answers, naming the field at fault).
 */
export function parseLaneBatchBody(bytes: Buffer): VerifyInput[] | null {
  const body = plainJson(bytes);
  if (!isPlainObject(body)) return null;
  for (const name in body) if (name !== 'items') return null;
  const items = body['items'];
  if (!Array.isArray(items) || items.length < MIN_ITEMS || items.length > MAX_ITEMS) return null;
  const inputs: VerifyInput[] = [];
  for (const item of items as unknown[]) {
    const input = laneInput(item);
    if (input === null) return null;
    inputs.push(input);
  }
  return inputs;
}

/** The parsed body when it is plain ASCII JSON without escapes (see `parseLaneBody`); undefined otherwise. */
function plainJson(bytes: Buffer): unknown {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 || b === BACKSLASH) return undefined;
  }
  try {
    return JSON.parse(bytes.toString('latin1')) as unknown;
  } catch {
    return undefined;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One `VerifyBody`, checked against the schema's bounds, or null. */
function laneInput(body: unknown): VerifyInput | null {
  if (!isPlainObject(body)) return null;
  const fields = body;
  for (const name in fields) if (!LANE_FIELDS.includes(name)) return null;
  const { key, roles, cost, ip } = fields;
  if (typeof key !== 'string' || key.length < MIN_KEY_CHARS || key.length > MAX_KEY_CHARS) return null;
  if (cost !== undefined && (typeof cost !== 'number' || !Number.isInteger(cost) || cost < MIN_COST || cost > MAX_COST)) return null;
  if (ip !== undefined && (typeof ip !== 'string' || ip.length < MIN_IP_CHARS || ip.length > MAX_IP_CHARS)) return null;
  if (roles !== undefined) {
    if (!Array.isArray(roles) || roles.length > MAX_ROLES) return null;
    for (const role of roles as unknown[]) {
      if (typeof role !== 'string' || role.length < MIN_ROLE_CHARS || role.length > MAX_ROLE_CHARS) return null;
    }
  }
  return {
    key,
    ...(roles !== undefined ? { roles: roles as string[] } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(ip !== undefined ? { ip } : {}),
  };
}

/**
 * The key of a body that is exactly `{"key":"<printable ASCII, no quote or backslash>"}`,
 * read without JSON.parse (a JSON string with no escapes is its own text); null for any
 * other body, which `parseLaneBody` then reads in full.
 */
function keyOnly(bytes: Buffer): string | null {
  const n = bytes.length;
  const head = KEY_ONLY_HEAD.length;
  const chars = n - head - 2;
  if (chars < MIN_KEY_CHARS || chars > MAX_KEY_CHARS || bytes[n - 1] !== CLOSE_BRACE || bytes[n - 2] !== QUOTE) return null;
  for (let i = 0; i < head; i++) if (bytes[i] !== KEY_ONLY_HEAD[i]) return null;
  for (let i = head; i < n - 2; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e || b === QUOTE || b === BACKSLASH) return null;
  }
  return bytes.toString('latin1', head, n - 2);
}
