import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createProjectKey, listProjectKeys } from '../../core/use-cases/keys.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, READ_ERRORS, WRITE_ERRORS, described, errorResponses, listOf } from '../schemas/common.js';
import { CreateKeyBody, Key, KeyWithSecret, ProjectKeyListQuery, keyFieldsFromWire, keyToWire, mintedToWire } from '../schemas/key.js';
import { ProjectParams } from '../schemas/project.js';
import type { RouteOptions } from './route-options.js';

/** The keys a platform hands its users, minted and listed under their project. */
export const projectKeyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['keys'], security: BEARER };

  app.post(
    '/projects/:projectId/keys',
    {
      schema: {
        ...common,
        operationId: 'keys.create',
        summary: 'Mint a project key (keys:write); the raw key is in this response only',
        params: ProjectParams,
        body: CreateKeyBody,
        response: {
          201: described(KeyWithSecret, 'The new key, with its secret shown once'),
          ...errorResponses(...WRITE_ERRORS, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { name, ...rest } = request.body;
      const minted = await createProjectKey(deps, callContext(request), request.params.projectId, {
        name,
        ...keyFieldsFromWire(rest),
      });
      return reply.code(201).send(mintedToWire(minted));
    },
  );

  app.get(
    '/projects/:projectId/keys',
    {
      schema: {
        ...common,
        operationId: 'keys.list',
        summary: "List a project's keys (or one owner's), newest first, without secrets (keys:read)",
        params: ProjectParams,
        querystring: ProjectKeyListQuery,
        response: { 200: listOf(Key, 'One page of keys'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => {
      const { include_revoked, owner_id, ...page } = request.query;
      const result = await listProjectKeys(deps, principalOf(request), request.params.projectId, {
        ...page,
        includeRevoked: include_revoked,
        ownerId: owner_id,
      });
      return { data: result.data.map(keyToWire), next_cursor: result.nextCursor };
    },
  );
};
