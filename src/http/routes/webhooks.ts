import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhook,
} from '../../core/use-cases/webhooks.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, NoContent, PageQuery, READ_ERRORS, WRITE_ERRORS, described, errorResponses, listOf } from '../schemas/common.js';
import {
  CreateWebhookBody,
  DeliveryParams,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookParams,
  WebhookWithSecret,
  deliveryToWire,
  webhookFieldsFromWire,
  webhookToWire,
} from '../schemas/webhook.js';
import type { RouteOptions } from './route-options.js';

/** Org webhooks (admin): endpoints, their signing secrets, deliveries (docs/WEBHOOKS.md). */
export const webhookRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['webhooks'], security: BEARER };
  const withSecret = (r: { webhook: Parameters<typeof webhookToWire>[0]; secret: string }) => ({
    webhook: webhookToWire(r.webhook),
    secret: r.secret,
  });

  app.post(
    '/webhooks',
    {
      schema: {
        ...common,
        operationId: 'webhooks.create',
        summary: 'Create a webhook endpoint; its signing secret is in this answer only (admin)',
        body: CreateWebhookBody,
        response: { 201: described(WebhookWithSecret, 'The new webhook and its signing secret'), ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const made = await createWebhook(deps, callContext(request), request.body);
      return reply.code(201).send(withSecret(made));
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        ...common,
        operationId: 'webhooks.list',
        summary: 'List webhook endpoints, newest first (admin)',
        querystring: PageQuery,
        response: { 200: listOf(Webhook, 'One page of webhooks'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => {
      const page = await listWebhooks(deps, principalOf(request), request.query);
      return { data: page.data.map(webhookToWire), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/webhooks/:webhookId',
    {
      schema: {
        ...common,
        operationId: 'webhooks.get',
        summary: 'Read a webhook endpoint (admin)',
        params: WebhookParams,
        response: { 200: described(Webhook, 'The webhook'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => webhookToWire(await getWebhook(deps, principalOf(request), request.params.webhookId)),
  );

  app.patch(
    '/webhooks/:webhookId',
    {
      schema: {
        ...common,
        operationId: 'webhooks.update',
        summary: 'Change a webhook’s URL, events, description or enabled flag (admin)',
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: described(Webhook, 'The updated webhook'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request) =>
      webhookToWire(await updateWebhook(deps, callContext(request), request.params.webhookId, webhookFieldsFromWire(request.body))),
  );

  app.delete(
    '/webhooks/:webhookId',
    {
      schema: {
        ...common,
        operationId: 'webhooks.delete',
        summary: 'Delete a webhook endpoint and its deliveries (admin)',
        params: WebhookParams,
        response: { 204: NoContent, ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      await deleteWebhook(deps, callContext(request), request.params.webhookId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:webhookId/rotate-secret',
    {
      schema: {
        ...common,
        operationId: 'webhooks.rotateSecret',
        summary: 'Replace a webhook’s signing secret; the new one is in this answer only (admin)',
        params: WebhookParams,
        response: { 201: described(WebhookWithSecret, 'The webhook and its new signing secret'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(withSecret(await rotateWebhookSecret(deps, callContext(request), request.params.webhookId))),
  );

  app.get(
    '/webhooks/:webhookId/deliveries',
    {
      schema: {
        ...common,
        operationId: 'webhooks.deliveries',
        summary: 'List a webhook’s deliveries with their attempts, newest first (admin)',
        params: WebhookParams,
        querystring: PageQuery,
        response: { 200: listOf(WebhookDelivery, 'One page of deliveries'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => {
      const page = await listWebhookDeliveries(deps, principalOf(request), request.params.webhookId, request.query);
      return { data: page.data.map(deliveryToWire), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    {
      schema: {
        ...common,
        operationId: 'webhooks.redeliver',
        summary: 'Send a delivery again, now, with a fresh retry window (admin)',
        params: DeliveryParams,
        response: { 202: described(WebhookDelivery, 'The delivery, queued'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(deliveryToWire(await redeliverWebhook(deps, callContext(request), request.params.webhookId, request.params.deliveryId))),
  );
};
