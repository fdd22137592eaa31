import { Type, type TSchema } from 'typebox';
import { ERROR_CODES } from '../../core/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/pagination.js';

/** Building blocks shared by every /v1 schema. Wire names are snake_case, as in the contract. */

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Path ids are UUIDs; anything else is a 400 naming the parameter, before any lookup. */
export const Uuid = Type.String({ format: 'uuid' });

/** A free-form JSON object (metadata). */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const Name = Type.String({ minLength: 1, maxLength: 120 });

/**
 * Adds an OpenAPI response description. Only for response schemas, which are serialized
 * (fast-json-stringify) and documented but never compiled by TypeBox, so the shallow copy
 * dropping TypeBox's hidden marker properties does no harm.
 */
export const described = <T extends TSchema>(schema: T, description: string): T => ({ ...schema, description });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Enum([...ERROR_CODES]),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'The request field at fault, when there is one' })),
    request_id: Type.String(),
  }),
});

const ERROR_DESCRIPTIONS = {
  400: 'VALIDATION: the request is malformed; `field` names the culprit',
  401: 'UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential',
  403: 'FORBIDDEN: the key lacks a role this call needs',
  404: 'NOT_FOUND: no such resource in your org',
  409: 'CONFLICT: the change clashes with existing data',
  413: 'PAYLOAD_TOO_LARGE: the body is over 1 MiB',
  429: 'RATE_LIMITED: too many requests from this client; see Retry-After',
  500: 'INTERNAL: unexpected failure; details are in the server log',
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses a route can return; 500 is always added (anything can fail). */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S | 500, typeof ErrorBody> {
  const out = {} as Record<S | 500, typeof ErrorBody>;
  for (const s of [...statuses, 500 as const]) out[s] = described(ErrorBody, ERROR_DESCRIPTIONS[s]);
  return out;
}

/** Statuses of an authenticated call that reads: bad params, bad credential, missing role. */
export const READ_ERRORS = [400, 401, 403] as const;
/** …and one that writes a body, which can also be too large. */
export const WRITE_ERRORS = [400, 401, 403, 413] as const;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'next_cursor of the previous page' })),
});

export const listOf = <T extends TSchema>(item: T, description: string) =>
  described(
    Type.Object({
      data: Type.Array(item),
      next_cursor: Nullable(Type.String({ description: 'null on the last page' })),
    }),
    description,
  );

export const NoContent = described(Type.Null(), 'Deleted');

export const BEARER = [{ bearerAuth: [] }];
