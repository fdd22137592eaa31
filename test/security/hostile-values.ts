import fc from 'fast-check';

/**
 * The raw material of the hostile-input suite: strings, JSON texts, query strings, header
 * values and path segments an attacker (or a broken client) sends. Bodies are built as
 * JSON *text*, not objects, so they can carry what JSON.stringify never writes: duplicate
 * keys, own `__proto__` keys, 100,000 levels of nesting, numbers past the double range.
 */

/** Strings that broke some parser, query builder or template somewhere once. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE api_keys; --",
  '"; DROP TABLE orgs; --',
  '1); DELETE FROM projects; --',
  "' UNION SELECT hash, id FROM api_keys --",
  "'||(SELECT pg_sleep(5))||'",
  '$1',
  '?',
  '%',
  '_%',
  '\\',
  "\\'",
  '`',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '","roles":["admin"],"x":"',
  '"},"admin":true,"a":{"',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d\ude00\ud83d',
  '🔑'.repeat(130),
  '\u202egnp.exe',
  '\ufeffname',
  'line\r\nX-Injected: 1',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  'null',
  'true',
  '[]',
  '{}',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  ' ',
  '',
  'é'.repeat(121),
  'a'.repeat(121),
  'kw_org_' + 'A'.repeat(43) + '_AAAAAA',
];

/** Property names that poison a careless merge or lookup. */
export const POLLUTING_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', '__defineSetter__', 'valueOf'];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Any string, weighted towards the nasty ones; lengths up to ~200k characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(loneSurrogate, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((a) => a.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '\u0000', '🔑', '"', '\\', '\ud800'), fc.constantFrom(1_000, 70_000, 200_000))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** A JSON syntax tree that JSON.stringify could not produce: entries may repeat and may be `__proto__`. */
export type JsonTree =
  | { readonly t: 'raw'; readonly text: string }
  | { readonly t: 'arr'; readonly items: readonly JsonTree[] }
  | { readonly t: 'obj'; readonly entries: readonly (readonly [string, JsonTree])[] };

export function renderJson(tree: JsonTree): string {
  if (tree.t === 'raw') return tree.text;
  if (tree.t === 'arr') return `[${tree.items.map(renderJson).join(',')}]`;
  return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${renderJson(v)}`).join(',')}}`;
}

const str = (s: string): JsonTree => ({ t: 'raw', text: JSON.stringify(s) });
const raw = (text: string): JsonTree => ({ t: 'raw', text });

/** Scalars of every JSON type, plus numbers a double cannot hold. */
export const hostileScalar: fc.Arbitrary<JsonTree> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(str) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.integer(),
        fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324),
        fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '-0', '0.0000000000000000000001'),
      )
      .map((n) => raw(String(n))),
  },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null').map(raw) },
);

/** Deep nesting as text: arrays or objects, 10 to 100,000 levels (100k arrays is 200 KB). */
export const deepNesting: fc.Arbitrary<JsonTree> = fc
  .tuple(fc.constantFrom(10, 1_000, 10_000, 100_000), fc.boolean())
  .map(([depth, arrays]) => raw(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** Any JSON value, with keys drawn from `names` (a route's own fields) and polluting ones. */
export function hostileJson(names: readonly string[]): fc.Arbitrary<JsonTree> {
  const key = fc.oneof(
    { weight: 3, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('name') },
    { weight: 2, arbitrary: fc.constantFrom(...POLLUTING_KEYS) },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length < 300) },
  );
  const { tree } = fc.letrec<{ tree: JsonTree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: hostileScalar },
      { weight: 1, arbitrary: deepNesting },
      { weight: 2, arbitrary: fc.array(tie('tree'), { maxLength: 4 }).map((items): JsonTree => ({ t: 'arr', items })) },
      {
        weight: 3,
        arbitrary: fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries): JsonTree => ({ t: 'obj', entries })),
      },
    ),
  }));
  return tree;
}

/** What a route's schema says about one body or query field, enough to aim near a valid value. */
export interface FieldShape {
  readonly name: string;
  readonly types: readonly string[];
  readonly required: boolean;
}

/** A value that has the right JSON type for `types` (so validation lets it pass deeper) but hostile content. */
function plausible(types: readonly string[], ids: readonly string[]): fc.Arbitrary<JsonTree> {
  const options: fc.Arbitrary<JsonTree>[] = [];
  for (const type of types) {
    if (type === 'string') options.push(fc.oneof(hostileString.map(str), fc.constantFrom(...ids, '2031-01-01T00:00:00Z').map(str)));
    if (type === 'integer' || type === 'number')
      options.push(fc.constantFrom('0', '1', '60', '1000', '86400', '-1', '1.5', '1e999').map(raw));
    if (type === 'boolean') options.push(fc.constantFrom('true', 'false').map(raw));
    if (type === 'null') options.push(fc.constant(raw('null')));
    if (type === 'array')
      options.push(
        fc.array(hostileString.filter((s) => s.length < 100).map(str), { maxLength: 4 }).map((items): JsonTree => ({ t: 'arr', items })),
      );
    if (type === 'object')
      options.push(
        fc.oneof(
          fc.constant(raw('{"limit":10,"window_ms":60000}')),
          hostileJson(['a', 'b']).map((v): JsonTree => ({ t: 'obj', entries: [['nested', v]] })),
        ),
      );
  }
  return options.length > 0 ? fc.oneof(...options) : hostileScalar;
}

/**
 * A body aimed at a route: mostly an object with the route's own fields holding values of
 * the right type and hostile content (so it reaches handlers and the database), sometimes
 * with extra or polluting keys, sometimes any JSON at all.
 */
export function hostileBody(fields: readonly FieldShape[], ids: readonly string[]): fc.Arbitrary<string> {
  const names = fields.map((f) => f.name);
  const aimed = fc
    .tuple(
      fc.tuple(
        ...fields.map((f) =>
          fc.option(fc.oneof({ weight: 4, arbitrary: plausible(f.types, ids) }, { weight: 1, arbitrary: hostileJson(names) }), {
            freq: f.required ? 8 : 2,
          }),
        ),
      ),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.constantFrom(...names, 'extra')), hostileJson(names)), {
        maxLength: 2,
      }),
      fc.boolean(),
    )
    .map(([values, extras, withExtras]): JsonTree => {
      const entries: (readonly [string, JsonTree])[] = [];
      values.forEach((v, i) => {
        if (v !== null) entries.push([names[i]!, v]);
      });
      if (withExtras) entries.push(...extras);
      return { t: 'obj', entries };
    });
  return fc.oneof(
    { weight: fields.length > 0 ? 6 : 1, arbitrary: aimed.map(renderJson) },
    { weight: 2, arbitrary: hostileJson(names).map(renderJson) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '{',
        '{"name":',
        '{"name":"a",}',
        "{'name':'a'}",
        '{"name":"a"}garbage',
        '{"__proto__":{"polluted":"yes"}}',
        '{"name":"p","constructor":{"prototype":{"polluted":"yes"}}}',
        '{"a":{"b":{"__proto__":{"polluted":"yes"}}}}',
        '[{"__proto__":{"polluted":"yes"}}]',
        '{"name":"\\ud800"}',
        '{"name":"\\u0000"}',
        '\ufeff{"name":"bom"}',
        '\u0000',
        'null',
        '"just a string"',
        '12',
      ),
    },
  );
}

/** Content types a client may send, odd ones included. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;;;',
      'application/json; boundary="x',
      'application/jsonx',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      '*/*',
      '',
      'application/json, text/plain',
    ),
  },
);

/** A header value HTTP allows (visible ASCII, obs-text, spaces), up to 8 KiB. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 64 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 16 }),
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer  a b', 'bearer ' + 'x'.repeat(8000), 'Basic Og==', '\t', 'x'.repeat(8000)),
);

/** Headers beside the credential: request ids, proxies, caching, the credential's rivals. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'x-request-id',
          'accept',
          'accept-encoding',
          'x-forwarded-for',
          'x-api-key',
          'confident_api_key',
          'cookie',
          'origin',
          'if-none-match',
          'if-modified-since',
          'range',
          'x-http-method-override',
          'expect',
          '__proto__',
        ),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
      ),
      headerValue,
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const out: Record<string, string> = {};
    for (const [name, value] of pairs) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    return out;
  });

/** encodeURIComponent, or the raw text when it holds a lone surrogate (which it cannot encode). */
export function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[^\x21-\x7e]/g, '_');
  }
}

/** Raw percent sequences no decoder should trust: bad escapes, overlong UTF-8, a lone surrogate in UTF-8. */
const BAD_ESCAPES = ['%', '%zz', '%0', '%00', '%ED%A0%80', '%C0%AF', '%FF%FE', '%2e%2e', '%2F', '%252F', '%u0041', '..', '.', '%20'];

/** A path segment: a real id sometimes (so the handler runs), else anything. */
export function pathSegment(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('-1', '0', '1e3', '99999999999999999999999', '1.5', 'NaN', 'a'.repeat(10_000), '%41'.repeat(3000)),
    },
    { weight: 3, arbitrary: hostileString.filter((s) => s.length < 5000).map(encodeLoosely) },
  );
}

/** A query string: the route's own names with hostile or real values, rivals, duplicates, bad escapes. */
export function queryString(names: readonly string[], valid: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 3, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('q') },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTING_KEYS, '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[]', 'a[b]') },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length < 200).map(encodeLoosely) },
  );
  const value = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...valid, '1', '100', '101', '0', 'true', 'false', 'yes', '') },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length < 20_000).map(encodeLoosely) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
  );
  return fc
    .array(
      fc.oneof(
        fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
        name,
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.join('&'));
}
