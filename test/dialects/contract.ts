import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { Json } from './specs.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Validation of every request a contract test sends and every answer Keyward gives,
 * against the platform's schemas. Ajv understands OpenAPI's `nullable`; `strict: false`
 * lets it skip the documentation keywords (`example`, `readOnly`) the documents carry.
 */
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

export const compile = (schema: Json): ValidateFunction => ajv.compile(schema);

/**
 * The document's schema made exact: every object lists all its properties as required and
 * allows no others. Seeds mark few fields required; DIALECTS.md asks for the exact field
 * set, so an answer that drops or adds a field fails. Exact implies valid under the document.
 */
export function exact(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(exact);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'properties' ? v : exact(v)]));
  if (schema['properties']) {
    out['properties'] = Object.fromEntries(Object.entries(schema['properties']).map(([k, v]) => [k, exact(v as Json)]));
    out['required'] = Object.keys(schema['properties']);
    out['additionalProperties'] = false;
  }
  return out;
}

export function expectValid(validate: ValidateFunction, value: unknown, what: string): void {
  const ok = validate(value);
  expect({ what, value, errors: ok ? null : validate.errors }).toEqual({ what, value, errors: null });
}

/** A request a test sends on purpose against the platform's schema (a missing field, say). */
export function expectInvalid(validate: ValidateFunction, value: unknown, what: string): void {
  expect({ what, valid: validate(value) }).toEqual({ what, valid: false });
}

/** Contract: schemas for the request body and for each status the test expects. */
export interface Contract {
  readonly request?: ValidateFunction;
  readonly responses: Readonly<Record<number, ValidateFunction>>;
}
