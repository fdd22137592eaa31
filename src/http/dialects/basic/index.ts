import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createProjectKey } from '../../../core/use-cases/keys.js';
import { getScopedKey, listScopedKeys, revokeScopedKey, verifyScopedKey, type KeyScope } from '../../../core/use-cases/scoped-keys.js';
import { callContext, principalOf } from '../../auth.js';
import { BEARER_KEY_OR_USER_SECURITY } from '../catalog.js';
import type { DialectOptions } from '../dialect.js';
import { authenticateRequests, fromBearer } from '../shared/credentials.js';
import { installDialectErrors } from '../shared/dialect-errors.js';
import {
  BasicError,
  CreateBody,
  CreatedBasicKey,
  Deleted,
  KeyList,
  KeyParams,
  ORIGIN,
  OneKey,
  ProjectParams,
  Verified,
  VerifyBody,
  basicKey,
  parseRoles,
  renderBasicError,
} from './wire.js';

/**
 * Basic (basic.tech) project keys at /compat/basic. `{id}` is a Keyward project id; the
 * caller (an org key, or a user JWT) must belong to its org. Keys minted here are
 * Keyward project keys (`kw_proj_…`) and this API shows only those it minted.
 */
export const basicDialect: FastifyPluginAsyncTypebox<DialectOptions> = async (app, { deps }) => {
  installDialectErrors(app, renderBasicError);
  authenticateRequests(app, deps, { read: fromBearer, userTokens: true });

  const common = { tags: ['compat/basic'], security: BEARER_KEY_OR_USER_SECURITY };
  const errors = { 400: BasicError, 401: BasicError, 403: BasicError, 404: BasicError, 500: BasicError };
  const scopeOf = (projectId: string): KeyScope => ({ projectId, origin: ORIGIN });

  app.post(
    '/project/:id/key',
    {
      schema: {
        ...common,
        operationId: 'compat.basic.keys.create',
        summary: 'Create an API key for the project (keys:write)',
        params: ProjectParams,
        body: CreateBody,
        response: { 200: CreatedBasicKey, ...errors },
      },
      config: { wireFields: { name: 'label' } },
    },
    async (request) => {
      const { key, raw } = await createProjectKey(deps, callContext(request), request.params.id, {
        name: request.body.label,
        roles: parseRoles(request.body.roles),
        origin: ORIGIN,
      });
      return { key: { ...basicKey(key), value: raw } };
    },
  );

  app.get(
    '/project/:id/key',
    {
      schema: {
        ...common,
        operationId: 'compat.basic.keys.list',
        summary: "List the project's API keys, newest first (keys:read)",
        params: ProjectParams,
        response: { 200: KeyList, ...errors },
      },
    },
    async (request) => ({ keys: (await listScopedKeys(deps, principalOf(request), scopeOf(request.params.id))).map(basicKey) }),
  );

  app.get(
    '/project/:id/key/:key_id',
    {
      schema: {
        ...common,
        operationId: 'compat.basic.keys.get',
        summary: 'Get one API key, without its value (keys:read)',
        params: KeyParams,
        response: { 200: OneKey, ...errors },
      },
    },
    async (request) => ({
      key: basicKey(await getScopedKey(deps, principalOf(request), scopeOf(request.params.id), { id: request.params.key_id })),
    }),
  );

  app.delete(
    '/project/:id/key/:key_id',
    {
      schema: {
        ...common,
        operationId: 'compat.basic.keys.delete',
        summary: 'Delete (revoke) an API key (keys:write)',
        params: KeyParams,
        response: { 200: Deleted, ...errors },
      },
    },
    async (request) => {
      await revokeScopedKey(deps, callContext(request), scopeOf(request.params.id), { id: request.params.key_id });
      return { message: 'API key deleted successfully' };
    },
  );

  app.post(
    '/project/:id/key/verify',
    {
      schema: {
        ...common,
        operationId: 'compat.basic.keys.verify',
        summary: 'Check a raw key against a key id of the project (keys:verify)',
        params: ProjectParams,
        body: VerifyBody,
        response: { 200: Verified, ...errors },
      },
    },
    async (request) => {
      const result = await verifyScopedKey(deps, principalOf(request), scopeOf(request.params.id), {
        key: request.body.key,
        keyId: request.body.key_id,
      });
      return { is_valid: result.valid, key: result.key ? basicKey(result.key) : null };
    },
  );
};
