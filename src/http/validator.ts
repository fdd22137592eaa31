import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * Request validation with TypeBox. Bodies are checked exactly as sent: a string is never
 * coerced into a number. Query and path values always arrive as strings, so those are
 * converted first, but strictly: only a plain integer becomes an integer and only
 * `true`/`false` a boolean. TypeBox's own conversion would turn `1.5` into 1 and `0x10`
 * into 16, silently accepting what the client did not mean.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    if (httpPart !== 'body') {
      const nul = nulAt(schema, value);
      if (nul !== null) return { error: [nulIssue(nul)] };
    }
    const input = httpPart === 'body' ? value : convertStrings(schema, value);
    if (check.Check(input)) return { value: input };
    return { error: check.Errors(input) as unknown as FastifySchemaValidationError[] };
  };
};

const INTEGER = /^-?[0-9]{1,15}$/;

function convertStrings(schema: TSchema, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, raw] of Object.entries(out)) {
    if (typeof raw !== 'string') continue;
    const type = properties[name]?.type;
    if (type === 'integer' && INTEGER.test(raw)) out[name] = Number(raw);
    else if (type === 'boolean' && (raw === 'true' || raw === 'false')) out[name] = raw === 'true';
  }
  return out;
}

/**
 * A path or query value holding U+0000 (`%00`) can name nothing Keyward stores, and
 * PostgreSQL refuses such text outright (a 500 for an id a dialect passes on unchecked, such
 * as Basic's project id), where SQLite simply finds nothing. Refused here, the same on both.
 */
function nulAt(schema: TSchema, value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  // Only declared names: others are never read, and their names come from the client.
  const declared = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  for (const name of Object.keys(declared)) {
    const raw = (value as Record<string, unknown>)[name];
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return name;
  }
  return null;
}

const nulIssue = (name: string): FastifySchemaValidationError =>
  ({
    keyword: 'nul',
    instancePath: `/${name}`,
    schemaPath: '#',
    params: {},
    message: 'must not contain a NUL character (%00)',
  }) as FastifySchemaValidationError;
