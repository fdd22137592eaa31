import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The platforms' own API documents (test/dialects/specs/, provenance and dates in its
 * README), read at test time so the contract tests check Keyward against the documents
 * themselves, not against our reading of them.
 */
export const SPECS_DIR = new URL('./specs/', import.meta.url);

/** Basic, Braintrust and Openlayer publish OpenAPI; Langtrace and Confident AI pages of text. */
const SPEC_FILES = {
  langtrace: 'langtrace.md',
  basic: 'basic.openapi.yaml',
  confident: 'confident.md',
  braintrust: 'braintrust.openapi.yaml',
  openlayer: 'openlayer.openapi.yaml',
} as const;
export type Platform = keyof typeof SPEC_FILES;
export type OpenApiPlatform = 'basic' | 'braintrust' | 'openlayer';

export function specText(platform: Platform): string {
  return readFileSync(new URL(SPEC_FILES[platform], SPECS_DIR), 'utf8');
}

export type Json = Record<string, any>;

/**
 * A platform's OpenAPI document, parsed. One repair, for a slip in Openlayer's page: its
 * request body declares `name: c93186a2-…` (an example value where the property's schema
 * belongs), which no generator or validator accepts. The
 * property is the API key's `name`, so it gets that property's schema from the same
 * document (`components.schemas.ApiKey.properties.name`: string, nullable, ≤ 120).
 */
export function specOpenApi(platform: OpenApiPlatform): Json {
  const doc = parse(specText(platform)) as Json;
  if (platform === 'openlayer') {
    const body = doc['paths']['/workspaces/{workspaceId}/api-keys'].post.requestBody.content['application/json'].schema;
    if (typeof body.properties.name !== 'object') body.properties.name = doc['components'].schemas.ApiKey.properties.name;
  }
  return doc;
}

/** Inlines the document's local `$ref`s, so a schema can be compiled on its own. */
export function deref(doc: Json, node: unknown): any {
  if (Array.isArray(node)) return node.map((n) => deref(doc, n));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Json)['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<any>((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(doc, target);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(doc, v)]));
}

/** One operation's request and response schemas from a platform's OpenAPI document. */
export function specOperation(platform: OpenApiPlatform, path: string, method: string) {
  const doc = specOpenApi(platform);
  const op = deref(doc, doc['paths'][path][method]);
  return {
    request: op.requestBody?.content?.['application/json']?.schema as Json | undefined,
    response: (status: number): Json | undefined => op.responses[String(status)]?.content?.['application/json']?.schema,
    components: deref(doc, doc['components'] ?? {}) as Json,
  };
}

/**
 * The page's cURL sample as an argv, with the doc's line continuations (`\`) and Fern's
 * prompt decorations (`$`, `>`) taken off, and single or double quotes honoured.
 */
export function specCurl(platform: 'langtrace' | 'confident'): string[] {
  const text = specText(platform);
  const block =
    platform === 'langtrace' ? /```bash cURL[^\n]*\n([\s\S]*?)```/.exec(text)?.[1] : /^\$(curl[\s\S]*?)\n(?!>)/m.exec(text)?.[1];
  if (!block) throw new Error(`no curl sample in the ${platform} spec`);
  const command = block
    .split('\n')
    .map((line) => line.replace(/^\s*>\s?/, ''))
    .join('\n');
  return shellWords(command);
}

/** A shell command as words: whitespace separates, single or double quotes group (the samples need no more). */
export function shellWords(line: string): string[] {
  // A backslash at a line's end continues the command (a last one, as in Langtrace's sample, ends it).
  const command = line.replace(/\\\n/g, ' ').replace(/\\\s*$/, '');
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) throw new Error('unbalanced quote in curl sample');
  if (word !== null) words.push(word);
  return words;
}
