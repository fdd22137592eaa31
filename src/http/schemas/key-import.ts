import { Type } from 'typebox';
import { ERROR_CODES } from '../../core/errors.js';
import { MAX_IMPORT_KEYS } from '../../core/use-cases/import-keys.js';
import { CreateKeyBody } from './key.js';
import { Uuid } from './common.js';

const Digest = Type.Object(
  {
    algorithm: Type.Union([Type.Literal('sha256'), Type.Literal('sha512')]),
    encoding: Type.Union([Type.Literal('hex'), Type.Literal('base64')]),
    value: Type.String({ minLength: 1, maxLength: 256 }),
    prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: "The key's visible start, for its preview" })),
  },
  { additionalProperties: false, description: "The key as the platform stored it: a plain digest of the whole key's text" },
);

/** A key to import: the fields of a created key, plus its raw text or its digest (exactly one). */
export const ImportItem = Type.Object(
  {
    ...CreateKeyBody.properties,
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The raw key; hashed at once, never stored' })),
    hash: Type.Optional(Digest),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  { keys: Type.Array(ImportItem, { minItems: 1, maxItems: MAX_IMPORT_KEYS }) },
  { additionalProperties: false },
);

const ItemError = Type.Object({
  code: Type.Enum([...ERROR_CODES]),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const ImportAnswer = Type.Object(
  {
    data: Type.Array(
      Type.Union([Type.Object({ index: Type.Integer(), id: Uuid }), Type.Object({ index: Type.Integer(), error: ItemError })]),
      { description: 'One per key sent, in order: its new id, or why it was not imported' },
    ),
    created: Type.Integer(),
    failed: Type.Integer(),
  },
  { description: 'Always 200 when the batch was read: each item says whether it was imported' },
);
