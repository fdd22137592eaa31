import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAuditEvents } from '../../core/use-cases/audit-log.js';
import { principalOf } from '../auth.js';
import { AuditEvent, AuditQuery, auditEventToWire } from '../schemas/audit.js';
import { BEARER, READ_ERRORS, errorResponses, listOf } from '../schemas/common.js';
import type { RouteOptions } from './route-options.js';

export const auditRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        security: BEARER,
        operationId: 'audit.list',
        summary: "The org's audit log, newest first, filtered by action or target (audit:read)",
        querystring: AuditQuery,
        response: { 200: listOf(AuditEvent, 'One page of audit events'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => {
      const { action, target_id, ...page } = request.query;
      const result = await listAuditEvents(deps, principalOf(request), { ...page, action, targetId: target_id });
      return { data: result.data.map(auditEventToWire), next_cursor: result.nextCursor };
    },
  );
};
