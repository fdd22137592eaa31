import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { importProjectKeys, MAX_IMPORT_KEYS, type ImportItem as CoreItem, type ImportResult } from '../../core/use-cases/import-keys.js';
import { callContext } from '../auth.js';
import { BEARER, WRITE_ERRORS, described, errorResponses } from '../schemas/common.js';
import { ImportAnswer, ImportBody, ImportItem } from '../schemas/key-import.js';
import { keyFieldsFromWire } from '../schemas/key.js';
import { ProjectParams } from '../schemas/project.js';
import { describeValidationError, type SchemaIssue } from '../validation-message.js';
import { validatorCompiler } from '../validator.js';
import type { RouteOptions } from './route-options.js';

const checkItem = Compile(ImportItem);

/**
 * The body is checked only down to "a list of 1 to 1,000 objects" here: each item is then
 * checked against ImportItem on its own, so a bad item is answered in its place (its index,
 * VALIDATION, the field) and the others are still imported. The OpenAPI document shows the
 * whole item schema.
 */
const bodyShape = Compile(
  Type.Object(
    { keys: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: MAX_IMPORT_KEYS }) },
    { additionalProperties: false },
  ),
);
const looseBody: FastifySchemaCompiler<TSchema> = (route) => {
  if (route.httpPart !== 'body') return validatorCompiler(route);
  return (value: unknown) =>
    bodyShape.Check(value) ? { value } : { error: bodyShape.Errors(value) as unknown as FastifySchemaValidationError[] };
};

type WireItem = Record<string, unknown> & { name: string };

/** `POST /v1/projects/{projectId}/keys/import`: keys a platform already issued, kept as they are written. */
export const keyImportRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.post(
    '/projects/:projectId/keys/import',
    {
      validatorCompiler: looseBody,
      schema: {
        tags: ['keys'],
        security: BEARER,
        operationId: 'keys.import',
        summary: 'Import up to 1,000 existing keys, raw or as sha256/sha512 digests (keys:write); per-item results',
        params: ProjectParams,
        body: ImportBody,
        response: { 200: described(ImportAnswer, 'One result per key, in order'), ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request) => {
      const items = request.body.keys as unknown[];
      const refused = new Map<number, ImportResult>();
      const accepted: Array<{ index: number; item: CoreItem }> = [];
      items.forEach((raw, index) => {
        if (checkItem.Check(raw)) accepted.push({ index, item: fromWire(raw as WireItem) });
        else {
          const { field, message } = describeValidationError(checkItem.Errors(raw) as unknown as SchemaIssue[], undefined);
          refused.set(index, { index, error: { code: 'VALIDATION', message, field } });
        }
      });
      const imported = await importProjectKeys(
        deps,
        callContext(request),
        request.params.projectId,
        accepted.map((a) => a.item),
        refused.size,
      );
      imported.forEach((result, i) => {
        const index = accepted[i]!.index;
        refused.set(index, { ...result, index });
      });
      const data = items.map((_, index) => refused.get(index)!);
      const created = data.filter((r) => 'id' in r).length;
      return { data, created, failed: data.length - created };
    },
  );
};

function fromWire(item: WireItem): CoreItem {
  const { name, key, hash, ...rest } = item as WireItem & { key?: string; hash?: CoreItem['hash'] };
  return {
    name,
    ...(key !== undefined ? { key } : {}),
    ...(hash !== undefined ? { hash } : {}),
    ...keyFieldsFromWire(rest as Parameters<typeof keyFieldsFromWire>[0]),
  };
}
