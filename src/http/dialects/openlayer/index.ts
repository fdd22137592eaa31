import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { OPENLAYER_KEY_FORMAT } from '../../../core/dialect-key-formats.js';
import { NO_KEY_NAME } from '../../../core/types.js';
import { createPersonalKey } from '../../../core/use-cases/personal-keys.js';
import { callContext } from '../../auth.js';
import { jsonBodyParser } from '../../json-body.js';
import { OPTIONAL_BODY } from '../../openapi.js';
import { BEARER_KEY_SECURITY } from '../catalog.js';
import type { DialectOptions } from '../dialect.js';
import { authenticateRequests, fromBearer } from '../shared/credentials.js';
import { installDialectErrors, type ErrorRenderer } from '../shared/dialect-errors.js';

/**
 * Openlayer's one key endpoint (test/dialects/specs/openlayer.openapi.yaml) at /compat/openlayer: `workspaceId` is the
 * Keyward org id, the caller's own (another org's answers 404). Openlayer has no list,
 * get or delete for API keys, so neither has this dialect; Keyward's own API manages them,
 * showing them masked as `sk-ol-*************************5PW0`.
 */
const ORIGIN = 'openlayer';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const OpenlayerKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Nullable(Type.String({ maxLength: 120 })),
  dateCreated: Type.String({ format: 'date-time' }),
  dateUpdated: Type.String({ format: 'date-time' }),
  dateLastUsed: Nullable(Type.String({ format: 'date-time' })),
  secureKey: Type.String({ description: 'The full key, in this answer only' }),
});
const Params = Type.Object({ workspaceId: Type.String({ format: 'uuid', description: 'The workspace id: the Keyward org id' }) });
const Body = Type.Object({ name: Type.Optional(Nullable(Type.String({ description: 'At most 120 characters' }))) });
const OpenlayerError = Type.Object({ error: Type.String(), message: Type.String() });

/**
 * Openlayer documents no error body: the legacy client reads `error`, the current SDK
 * `message`, so both. Its SDK retries 408, 409, 429 and 5xx unless told not to: every
 * 4xx but a 429 says `x-should-retry: false`, so a client mistake is not sent three times;
 * a 429 is worth retrying after its Retry-After, which the SDK honours.
 */
const renderOpenlayerError: ErrorRenderer = (e) => ({
  body: { error: e.message, message: e.message },
  headers: {
    ...(e.status < 500 && e.status !== 429 ? { 'x-should-retry': 'false' } : {}),
    ...(e.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  },
});

export const openlayerDialect: FastifyPluginAsyncTypebox<DialectOptions> = async (app, { deps }) => {
  installDialectErrors(app, renderOpenlayerError);
  authenticateRequests(app, deps, { read: fromBearer });
  // The document's own curl sample sends its JSON with `--data` and no Content-Type, which curl
  // labels form-urlencoded: read such a body as the JSON it is (in this scope only).
  const json = jsonBodyParser(app);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) =>
    json(request, body as Buffer, done),
  );

  app.post(
    '/v1/workspaces/:workspaceId/api-keys',
    {
      schema: {
        tags: ['compat/openlayer'],
        security: BEARER_KEY_SECURITY,
        operationId: 'compat.openlayer.apiKeys.create',
        summary: 'Create an API key in the workspace, acting as the caller (keys:write); secureKey is shown once',
        params: Params,
        body: Body,
        [OPTIONAL_BODY]: true,
        response: {
          201: OpenlayerKey,
          400: OpenlayerError,
          401: OpenlayerError,
          403: OpenlayerError,
          404: OpenlayerError,
          500: OpenlayerError,
        },
      },
      // `{}`, an empty body and no body at all all mean "no name".
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      // Openlayer's `name` is nullable and has no minimum: absent, null, "" or blanks all make
      // a key without a name, answered as null (and shown by /v1 as "", see NO_KEY_NAME).
      const name = request.body.name;
      const { key, raw } = await createPersonalKey(deps, callContext(request), {
        name: name === null || name === undefined || name.trim() === '' ? null : name,
        orgId: request.params.workspaceId,
        format: OPENLAYER_KEY_FORMAT,
        origin: ORIGIN,
      });
      return reply.code(201).send({
        id: key.id,
        name: key.name === NO_KEY_NAME ? null : key.name,
        dateCreated: key.createdAt,
        dateUpdated: key.updatedAt,
        dateLastUsed: key.lastUsedAt,
        secureKey: raw,
      });
    },
  );
};
