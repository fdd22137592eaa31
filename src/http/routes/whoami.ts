import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { whoami } from '../../core/use-cases/whoami.js';
import { principalOf } from '../auth.js';
import { BEARER, described, errorResponses } from '../schemas/common.js';
import { WhoAmIBody, whoamiToWire } from '../schemas/org.js';
import type { RouteOptions } from './route-options.js';

export const whoamiRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.get(
    '/whoami',
    {
      schema: {
        tags: ['orgs'],
        security: BEARER,
        operationId: 'whoami.get',
        summary: 'Which org key is calling: its id, org and roles',
        response: { 200: described(WhoAmIBody, 'The calling key'), ...errorResponses(401, 403) },
      },
    },
    async (request) => whoamiToWire(await whoami(deps, principalOf(request))),
  );
};
