import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { revokeKeysOfUser } from '../../core/use-cases/key-lineage.js';
import { createOrgKey, listOrgKeys } from '../../core/use-cases/keys.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, READ_ERRORS, WRITE_ERRORS, described, errorResponses, listOf } from '../schemas/common.js';
import { CreateOrgKeyBody, Key, KeyListQuery, KeyWithSecret, keyFieldsFromWire, keyToWire, mintedToWire } from '../schemas/key.js';
import type { RouteOptions } from './route-options.js';

/** Keys that manage an org (`kw_org_…`), holding Keyward's own roles. Admin only. */
export const orgKeyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['keys'], security: BEARER };

  app.post(
    '/org/keys',
    {
      schema: {
        ...common,
        operationId: 'orgKeys.create',
        summary: 'Mint an org key (admin); the raw key is in this response only',
        body: CreateOrgKeyBody,
        response: { 201: described(KeyWithSecret, 'The new key, with its secret shown once'), ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const { name, ...rest } = request.body;
      const minted = await createOrgKey(deps, callContext(request), { name, ...keyFieldsFromWire(rest) });
      return reply.code(201).send(mintedToWire(minted));
    },
  );

  app.get(
    '/org/keys',
    {
      schema: {
        ...common,
        operationId: 'orgKeys.list',
        summary: "List the org's own keys, newest first, without secrets (admin)",
        querystring: KeyListQuery,
        response: { 200: listOf(Key, 'One page of org keys'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => {
      const { include_revoked, ...page } = request.query;
      const result = await listOrgKeys(deps, principalOf(request), { ...page, includeRevoked: include_revoked });
      return { data: result.data.map(keyToWire), next_cursor: result.nextCursor };
    },
  );

  app.post(
    '/org/users/:userId/keys/revoke',
    {
      schema: {
        ...common,
        operationId: 'orgKeys.revokeUserKeys',
        summary: "Revoke every personal key a user (a user token's sub) made in the org, and every key those made (admin)",
        params: Type.Object({
          userId: Type.String({ minLength: 1, maxLength: 255, description: "The user's id: the sub of their user tokens" }),
        }),
        response: {
          200: described(
            Type.Object({ revoked: Type.Integer({ description: "How many of the user's own keys were live and are now revoked" }) }),
            'Done',
          ),
          ...errorResponses(...READ_ERRORS),
        },
      },
    },
    async (request) => ({ revoked: await revokeKeysOfUser(deps, callContext(request), request.params.userId) }),
  );
};
