import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getKey, revokeKey, rollKey, updateKey } from '../../core/use-cases/keys.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, READ_ERRORS, WRITE_ERRORS, described, errorResponses } from '../schemas/common.js';
import { Key, KeyParams, KeyWithSecret, RollKeyBody, UpdateKeyBody, keyFieldsFromWire, keyToWire, mintedToWire } from '../schemas/key.js';
import { OPTIONAL_BODY } from '../openapi.js';
import type { RouteOptions } from './route-options.js';

/** One key by id, whatever its kind: read, change, roll, revoke. */
export const keyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['keys'], security: BEARER };

  app.get(
    '/keys/:keyId',
    {
      schema: {
        ...common,
        operationId: 'keys.get',
        summary: 'Read a key, without its secret (keys:read)',
        params: KeyParams,
        response: { 200: described(Key, 'The key'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => keyToWire(await getKey(deps, principalOf(request), request.params.keyId)),
  );

  app.patch(
    '/keys/:keyId',
    {
      schema: {
        ...common,
        operationId: 'keys.update',
        summary: 'Rename, re-scope, enable/disable, re-date or re-limit a key (keys:write)',
        params: KeyParams,
        body: UpdateKeyBody,
        response: { 200: described(Key, 'The updated key'), ...errorResponses(...WRITE_ERRORS, 404, 409) },
      },
    },
    async (request) => keyToWire(await updateKey(deps, callContext(request), request.params.keyId, keyFieldsFromWire(request.body))),
  );

  app.post(
    '/keys/:keyId/roll',
    {
      schema: {
        ...common,
        operationId: 'keys.roll',
        summary: 'Replace a key with a new one; the old one works for grace_seconds more (keys:write)',
        params: KeyParams,
        body: RollKeyBody,
        [OPTIONAL_BODY]: true,
        response: { 201: described(KeyWithSecret, 'The new key, with its secret shown once'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
      // The body is optional: no body means the defaults (grace 0).
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const minted = await rollKey(deps, callContext(request), request.params.keyId, {
        graceSeconds: request.body.grace_seconds,
      });
      return reply.code(201).send(mintedToWire(minted));
    },
  );

  app.delete(
    '/keys/:keyId',
    {
      schema: {
        ...common,
        operationId: 'keys.revoke',
        summary: 'Revoke a key now; revoking again answers the same key (keys:write)',
        params: KeyParams,
        response: { 200: described(Key, 'The key, with revoked_at set'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request) => keyToWire(await revokeKey(deps, callContext(request), request.params.keyId)),
  );
};
