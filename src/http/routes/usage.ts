import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { keyUsage, projectUsage } from '../../core/use-cases/usage.js';
import { principalOf } from '../auth.js';
import { BEARER, READ_ERRORS, errorResponses } from '../schemas/common.js';
import { KeyParams } from '../schemas/key.js';
import { ProjectParams } from '../schemas/project.js';
import { Usage, UsageQuery, usageToWire } from '../schemas/usage.js';
import type { RouteOptions } from './route-options.js';

export const usageRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['usage'], security: BEARER, querystring: UsageQuery };
  const response = { 200: Usage, ...errorResponses(...READ_ERRORS, 404) };

  app.get(
    '/keys/:keyId/usage',
    {
      schema: {
        ...common,
        operationId: 'usage.byKey',
        summary: "A key's verifications per day and outcome (keys:read)",
        params: KeyParams,
        response,
      },
    },
    async (request) => usageToWire(await keyUsage(deps, principalOf(request), request.params.keyId, request.query)),
  );

  app.get(
    '/projects/:projectId/usage',
    {
      schema: {
        ...common,
        operationId: 'usage.byProject',
        summary: "All of a project's keys' verifications per day and outcome (keys:read)",
        params: ProjectParams,
        response,
      },
    },
    async (request) => usageToWire(await projectUsage(deps, principalOf(request), request.params.projectId, request.query)),
  );
};
