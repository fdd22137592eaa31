/**
 * Turns schema-validation issues (TypeBox's, which share Ajv's shape) into one public
 * message naming the offending field, as the contract asks: `name`, `rate_limit.limit`,
 * `limit`, `keyId`. Never echoes a value, only field names and rules.
 */
export interface SchemaIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath?: string;
  readonly params?: Record<string, unknown>;
  readonly message?: string;
}

/** Fastify's name for the part of the request → the word a client would use. */
const PART_NAMES: Readonly<Record<string, string>> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

const FORMAT_RULES: Readonly<Record<string, string>> = {
  uuid: 'must be a UUID',
  'date-time': 'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z',
  date: 'must be a date, YYYY-MM-DD',
};

const join = (parent: string, child: string): string => (parent ? `${parent}.${child}` : child);

/** `/rate_limit/limit` → `rate_limit.limit`; `/allowed_ips/2` → `allowed_ips[2]` (an index, as core names it). */
const toField = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, s) => (/^[0-9]+$/.test(s) && field !== '' ? `${field}[${s}]` : join(field, s)), '');

/**
 * A property name comes from the client. Field names are short; a long one may be anything
 * pasted by mistake (a raw key is 40+ characters, and the error would echo it), so it is
 * not repeated at all.
 */
const MAX_ECHOED_NAME = 32;

export function describeValidationError(issues: readonly SchemaIssue[], context: string | undefined): { field: string; message: string } {
  const part = PART_NAMES[context ?? 'body'] ?? 'body';
  const at = (field: string, rule: string) => ({ field: field || part, message: `${field || part}: ${rule}` });

  // TypeBox reports an unknown property twice (a `false` schema, then additionalProperties): skip the first.
  const first = issues.find((i) => i.keyword !== 'boolean') ?? issues[0];
  if (!first) return at('', 'is invalid');
  const nameIn = (key: string, legacyKey: string): string | undefined => {
    const v = first.params?.[key] ?? first.params?.[legacyKey];
    return Array.isArray(v) ? (v[0] as string | undefined) : (v as string | undefined);
  };
  if (first.keyword === 'additionalProperties') {
    const name = nameIn('additionalProperties', 'additionalProperty');
    if (name !== undefined && name.length <= MAX_ECHOED_NAME) return at(join(toField(first.instancePath), name), 'is not a known field');
    if (name !== undefined)
      return at(toField(first.instancePath), `holds an unknown field (its name, over ${MAX_ECHOED_NAME} characters, is not repeated)`);
  }
  if (first.keyword === 'required') {
    const name = nameIn('requiredProperties', 'missingProperty');
    if (name !== undefined) return at(join(toField(first.instancePath), name), 'is required');
  }
  const field = toField(first.instancePath);

  // Alternatives (string | null, a set of literals) failed together at one place: name them all.
  const siblings = issues.filter((i) => i.instancePath === first.instancePath && (i.keyword === 'type' || i.keyword === 'const'));
  if ((first.keyword === 'type' || first.keyword === 'const') && siblings.length > 1) {
    const types = siblings.filter((i) => i.keyword === 'type').map((i) => String(i.params?.type));
    const values = siblings.filter((i) => i.keyword === 'const').map((i) => JSON.stringify(i.params?.allowedValue));
    const options = [...types, ...values];
    return at(field, values.length > 0 && types.length === 0 ? `must be one of ${options.join(', ')}` : `must be ${options.join(' or ')}`);
  }
  if (first.keyword === 'enum') {
    const allowed = (first.params?.allowedValues ?? []) as unknown[];
    return at(field, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (first.keyword === 'const') return at(field, `must be ${JSON.stringify(first.params?.allowedValue)}`);
  if (first.keyword === 'format') {
    const format = String(first.params?.format);
    return at(field, FORMAT_RULES[format] ?? `must be a ${format}`);
  }
  return at(field, first.message ?? 'is invalid');
}
