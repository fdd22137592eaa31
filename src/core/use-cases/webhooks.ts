import { randomUUID } from 'node:crypto';
import { changed, recordAudit } from '../audit-trail.js';
import { isoNow } from '../clock.js';
import type { CallContext, Deps, Principal } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { paginate, type PageInput } from '../pagination.js';
import type { Page } from '../types.js';
import { checkDescription } from '../validate.js';
import { SecretSealer, newSigningSecret } from '../webhook-secret.js';
import { checkWebhookUrl } from '../webhook-url.js';
import { isWebhookEventType, type Webhook, type WebhookDelivery, type WebhookEventType } from '../webhooks.js';
import { requireRole } from './authenticate.js';

type WebhookDeps = Pick<Deps, 'store' | 'clock' | 'webhookTargets'>;

export interface WebhookInput {
  readonly url?: string | undefined;
  readonly events?: readonly string[] | undefined;
  readonly enabled?: boolean | undefined;
  readonly description?: string | null | undefined;
}

/** The answer to create and rotate-secret: the webhook and its signing secret, shown this once. */
export interface WebhookWithSecret {
  readonly webhook: Webhook;
  readonly secret: string;
}

const MAX_EVENTS = 32;

function checkEvents(events: readonly string[]): WebhookEventType[] {
  if (events.length === 0) throw invalid('events', 'must name at least one event');
  if (events.length > MAX_EVENTS) throw invalid('events', `must hold at most ${MAX_EVENTS} events`);
  for (const event of events) {
    if (!isWebhookEventType(event)) throw invalid('events', `unknown event ${JSON.stringify(event.slice(0, 64))}`);
  }
  return [...new Set(events as WebhookEventType[])];
}

async function checkTarget(deps: Pick<Deps, 'webhookTargets'>, url: string): Promise<string> {
  const checked = checkWebhookUrl(url);
  const refusal = await deps.webhookTargets?.refusal(checked);
  if (refusal) throw invalid('url', refusal);
  return checked;
}

const sealer = async (deps: Pick<Deps, 'store'>): Promise<SecretSealer> => new SecretSealer(await deps.store.webhookSealingSecret());

export async function createWebhook(
  deps: WebhookDeps,
  ctx: CallContext<Principal>,
  input: WebhookInput & { url: string; events: readonly string[] },
): Promise<WebhookWithSecret> {
  const p = requireRole(ctx.principal, 'admin');
  const events = checkEvents(input.events);
  const description = checkDescription(input.description);
  const url = await checkTarget(deps, input.url);
  const now = isoNow(deps.clock);
  const id = randomUUID();
  const secret = newSigningSecret();
  const webhook: Webhook = { id, orgId: p.orgId, url, description, events, enabled: input.enabled ?? true, createdAt: now, updatedAt: now };
  const secretSealed = (await sealer(deps)).seal(id, secret);
  await deps.store.transaction(async (tx) => {
    await tx.insertWebhook({ ...webhook, secretSealed });
    await recordAudit(tx, ctx, p.orgId, 'webhook.create', { type: 'webhook', id }, now);
  });
  return { webhook, secret };
}

export async function listWebhooks(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  page: PageInput,
): Promise<Page<Webhook & { seq: number }>> {
  const p = requireRole(principal, 'admin');
  return paginate(deps.store, `webhooks:${p.orgId}`, page, (req) => deps.store.listWebhooks(p.orgId, req));
}

export async function getWebhook(deps: Pick<Deps, 'store'>, principal: Principal, webhookId: string): Promise<Webhook> {
  const p = requireRole(principal, 'admin');
  const found = await deps.store.findWebhook(p.orgId, webhookId);
  if (!found) throw notFound('webhook');
  const { secretSealed: _, ...webhook } = found;
  return webhook;
}

export async function updateWebhook(
  deps: WebhookDeps,
  ctx: CallContext<Principal>,
  webhookId: string,
  input: WebhookInput,
): Promise<Webhook> {
  const p = requireRole(ctx.principal, 'admin');
  const patch = {
    ...(input.events !== undefined ? { events: checkEvents(input.events) } : {}),
    ...(input.description !== undefined ? { description: checkDescription(input.description) } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.url !== undefined ? { url: await checkTarget(deps, input.url) } : {}),
    updatedAt: isoNow(deps.clock),
  };
  return deps.store.transaction(async (tx) => {
    const before = await tx.findWebhook(p.orgId, webhookId);
    const updated = before && (await tx.updateWebhook(p.orgId, webhookId, patch));
    if (!before || !updated) throw notFound('webhook');
    const changes = {
      ...changed('url', urlOrigin(before.url), urlOrigin(updated.url)),
      ...(before.events.join(',') === updated.events.join(',') ? {} : { events: { from: before.events, to: updated.events } }),
      ...changed('enabled', before.enabled, updated.enabled),
    };
    await recordAudit(tx, ctx, p.orgId, 'webhook.update', { type: 'webhook', id: webhookId }, patch.updatedAt, changes);
    return updated;
  });
}

/**
 * What the audit log says of a URL: its origin, and `/…` when it had more. Receivers' URLs
 * often carry a token in their path or query (chat webhooks do), and the log holds no secret.
 */
function urlOrigin(url: string): string {
  const u = new URL(url);
  return u.pathname === '/' && u.search === '' ? u.origin : `${u.origin}/…`;
}

/** Deletes the endpoint with its deliveries (pending ones are not sent). */
export async function deleteWebhook(deps: Pick<Deps, 'store' | 'clock'>, ctx: CallContext<Principal>, webhookId: string): Promise<void> {
  const p = requireRole(ctx.principal, 'admin');
  await deps.store.transaction(async (tx) => {
    if (!(await tx.deleteWebhook(p.orgId, webhookId))) throw notFound('webhook');
    await recordAudit(tx, ctx, p.orgId, 'webhook.delete', { type: 'webhook', id: webhookId }, isoNow(deps.clock));
  });
}

/** A new signing secret, effective for every delivery sent from now on (retries included). */
export async function rotateWebhookSecret(deps: WebhookDeps, ctx: CallContext<Principal>, webhookId: string): Promise<WebhookWithSecret> {
  const p = requireRole(ctx.principal, 'admin');
  const secret = newSigningSecret();
  const sealed = (await sealer(deps)).seal(webhookId, secret);
  const now = isoNow(deps.clock);
  const webhook = await deps.store.transaction(async (tx) => {
    const updated = await tx.updateWebhook(p.orgId, webhookId, { secretSealed: sealed, updatedAt: now });
    if (!updated) throw notFound('webhook');
    // The event says that the secret changed, never what it is.
    await recordAudit(tx, ctx, p.orgId, 'webhook.rotate_secret', { type: 'webhook', id: webhookId }, now);
    return updated;
  });
  return { webhook, secret };
}

export async function listWebhookDeliveries(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  webhookId: string,
  page: PageInput,
): Promise<Page<WebhookDelivery & { seq: number }>> {
  const p = requireRole(principal, 'admin');
  if (!(await deps.store.findWebhook(p.orgId, webhookId))) throw notFound('webhook');
  return paginate(deps.store, `webhook-deliveries:${p.orgId}:${webhookId}`, page, (req) =>
    deps.store.listWebhookDeliveries(p.orgId, webhookId, req),
  );
}

/** Queues the delivery again, due now, with a fresh retry window; its attempts are kept. */
export async function redeliverWebhook(
  deps: Pick<Deps, 'store' | 'clock'>,
  ctx: CallContext<Principal>,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const p = requireRole(ctx.principal, 'admin');
  const delivery = await deps.store.redeliverWebhook(p.orgId, webhookId, deliveryId, isoNow(deps.clock));
  if (!delivery) throw notFound('delivery');
  return delivery;
}
