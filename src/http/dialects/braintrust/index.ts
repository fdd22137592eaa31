import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BRAINTRUST_KEY_FORMAT } from '../../../core/dialect-key-formats.js';
import { checkOrgName, createPersonalKey } from '../../../core/use-cases/personal-keys.js';
import { getScopedKey, listScopedKeys, revokeScopedKey, type KeyScope } from '../../../core/use-cases/scoped-keys.js';
import { callContext, principalOf } from '../../auth.js';
import { BEARER_KEY_OR_USER_SECURITY } from '../catalog.js';
import type { DialectOptions } from '../dialect.js';
import { authenticateRequests, fromBearer } from '../shared/credentials.js';
import { installDialectErrors } from '../shared/dialect-errors.js';
import * as w from './wire.js';

/**
 * Braintrust's api_key API at /compat/braintrust. A key made here is an org-level key
 * acting as its creator (a user JWT or an org key); each caller sees only its own keys,
 * as Braintrust shows people only theirs.
 */
const SCOPE: KeyScope = { projectId: null, origin: w.ORIGIN, ownOnly: true };

export const braintrustDialect: FastifyPluginAsyncTypebox<DialectOptions> = async (app, { deps }) => {
  installDialectErrors(app, w.renderBraintrustError);
  authenticateRequests(app, deps, { read: fromBearer, userTokens: true });

  const common = { tags: ['compat/braintrust'], security: BEARER_KEY_OR_USER_SECURITY };
  const errors = {
    400: w.BraintrustError,
    401: w.BraintrustError,
    403: w.BraintrustError,
    404: w.BraintrustError,
    429: w.BraintrustError,
    500: w.BraintrustError,
  };

  app.post(
    '/v1/api_key',
    {
      schema: {
        ...common,
        operationId: 'compat.braintrust.apiKeys.create',
        summary: 'Create an api_key acting as the caller (keys:write); the raw key is shown once',
        body: w.CreateBody,
        response: { 200: w.CreatedBraintrustKey, ...errors },
      },
    },
    async (request) => {
      const { key, raw } = await createPersonalKey(deps, callContext(request), {
        name: request.body.name,
        orgName: request.body.org_name,
        format: BRAINTRUST_KEY_FORMAT,
        origin: w.ORIGIN,
      });
      return { ...w.braintrustKey(key), key: raw };
    },
  );

  app.get(
    '/v1/api_key',
    {
      schema: {
        ...common,
        operationId: 'compat.braintrust.apiKeys.list',
        summary: "List the caller's api_keys, newest first (keys:read)",
        querystring: w.ListQuery,
        response: { 200: w.KeyList, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = principalOf(request);
      await checkOrgName(deps, principal, q.org_name);
      const keys = await listScopedKeys(deps, principal, SCOPE, {
        limit: q.limit,
        startingAfter: q.starting_after,
        endingBefore: q.ending_before,
        ids: q.ids === undefined ? undefined : [q.ids].flat(),
        name: q.api_key_name,
      });
      return { objects: keys.map(w.braintrustKey) };
    },
  );

  app.get(
    '/v1/api_key/:api_key_id',
    {
      schema: {
        ...common,
        operationId: 'compat.braintrust.apiKeys.get',
        summary: 'Get one of the caller’s api_keys (keys:read)',
        params: w.KeyParams,
        response: { 200: w.BraintrustKey, ...errors },
      },
    },
    async (request) => w.braintrustKey(await getScopedKey(deps, principalOf(request), SCOPE, { id: request.params.api_key_id })),
  );

  app.delete(
    '/v1/api_key/:api_key_id',
    {
      schema: {
        ...common,
        operationId: 'compat.braintrust.apiKeys.delete',
        summary: 'Delete (revoke) one of the caller’s api_keys (keys:write)',
        params: w.KeyParams,
        response: { 200: w.BraintrustKey, ...errors },
      },
    },
    async (request) => w.braintrustKey(await revokeScopedKey(deps, callContext(request), SCOPE, { id: request.params.api_key_id })),
  );
};
