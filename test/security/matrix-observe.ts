import type { DatabaseDump } from '../helpers/database-dump.js';
import type { Caller } from './matrix-callers.js';
import type { Answer } from './inject-stream.js';
import type { MatrixRoute } from './matrix-routes.js';
import { valuesOf, type Choice } from './matrix-slots.js';
import type { MatrixWorld, Tenant } from './matrix-world.js';

/**
 * One answer as a client could tell it apart from another: status, the headers that carry
 * meaning, and the body, with the per-request id and the value the caller itself sent
 * (an echo tells nothing new) replaced by placeholders.
 */
export interface Observed {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

const MEANINGFUL_HEADERS = ['content-type', 'www-authenticate', 'x-should-retry', 'retry-after', 'location'] as const;

export function observed(res: Answer, sent: readonly (string | number)[] = []): Observed {
  let body = res.body;
  const requestId = res.headers['x-request-id'];
  if (typeof requestId === 'string' && requestId !== '') body = body.split(requestId).join('<request-id>');
  // Only long values: replacing a short number (a seq) could hide a real difference elsewhere.
  for (const value of sent) if (String(value).length >= 8) body = body.split(String(value)).join('<sent>');
  const headers: Record<string, string | undefined> = {};
  for (const h of MEANINGFUL_HEADERS) {
    const v = res.headers[h];
    headers[h] = v === undefined ? undefined : String(v);
  }
  return { status: res.statusCode, headers, body };
}

/** Sends `route` built from `choices` as `caller`, observing the answer (the `varying` values count as sent). */
export async function observe(
  world: MatrixWorld,
  route: MatrixRoute,
  caller: Caller,
  choices: Readonly<Record<string, Choice>>,
  varying: readonly Choice[],
): Promise<Observed> {
  const res = await world.call(route.surface, caller.cred, route.build(valuesOf(choices)));
  return observed(
    res,
    varying.flatMap((c) => [c.value, ...(c.raw !== undefined ? [c.raw] : [])]),
  );
}

/** Every string that would betray `victim` if it showed up in another org's answers: ids, raw keys, name. */
export function secretsOf(victim: Tenant): string[] {
  return [
    victim.id,
    victim.name,
    victim.project['id'],
    victim.deletedProject['id'],
    victim.confidentProject['id'],
    victim.webhook['id'],
    victim.webhook['url'],
    victim.deliveryId,
    ...victim.keys.flatMap((k) => [k.key.id, k.raw, k.key.hash]),
  ];
}

/** The rows of a dump that mention any of `ids` (an org's own rows: it, its projects, keys, audit, usage). */
export function rowsMentioning(dump: DatabaseDump, ids: readonly string[]): DatabaseDump {
  const out: DatabaseDump = {};
  for (const [table, rows] of Object.entries(dump)) out[table] = rows.filter((r) => ids.some((id) => r.includes(id)));
  return out;
}
