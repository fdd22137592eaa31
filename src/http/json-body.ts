import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeywardError } from '../core/errors.js';

/**
 * JSON nested deeper than this is refused before it is parsed. Nothing Keyward reads nests
 * past a few levels (metadata is free-form but small), and a body of a few KiB can nest
 * thousands of levels deep, enough to overflow the stack of the recursive code that walks it
 * later (JSON.stringify in the metadata size check did: a 500).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` opens more than `max` arrays/objects at once, counting only brackets outside strings. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

/** A UTF-16 surrogate standing alone: not a character, and no UTF-8 database can store it. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Only a `\uD800`-style escape can put one in a body (UTF-8 bytes decode to U+FFFD instead). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Where a parsed body holds text that is not well-formed Unicode (a lone surrogate, in a
 * value or a key), as the dotted field path; null when it holds none. Such text cannot be
 * stored as sent: SQLite kept three U+FFFD for one surrogate and PostgreSQL one, so the
 * stored name differed from the 201 answer and between engines. Depth is bounded by MAX_JSON_DEPTH.
 */
export function malformedTextAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return path;
    // An index as the schema's messages name it (`roles[2]`), a property dotted.
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const found = malformedTextAt(child, at);
    if (found !== null) return found;
  }
  return null;
}

type Done = (err: Error | null, body?: unknown) => void;

/** Decodes UTF-8 and throws on any invalid sequence, instead of putting U+FFFD in its place. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
/** The charset labels that name UTF-8 (WHATWG Encoding), lower-cased. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; null when there is none. */
export function charsetOf(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return null;
}

/**
 * The body as text, or the 400 that refuses it: JSON is read as UTF-8 only (RFC 8259), so a
 * Content-Type naming another charset is refused rather than misread, and bytes that are not
 * UTF-8 are refused rather than stored as U+FFFD (which the caller never sent, and the 201
 * answer would hide). A leading BOM is dropped, as before.
 */
export function utf8BodyText(contentType: string | undefined, bytes: Buffer): string | KeywardError {
  const charset = charsetOf(contentType);
  if (charset !== null && !UTF8_LABELS.has(charset)) {
    return new KeywardError('VALIDATION', 'body: must be sent as UTF-8 (the Content-Type names another charset)', 'body');
  }
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return new KeywardError('VALIDATION', 'body: is not valid UTF-8', 'body');
  }
}

/**
 * Fastify's JSON parser (which refuses `__proto__` and `constructor` poisoning) behind the
 * checks every JSON body gets: empty means none, not UTF-8 or too deep is a 400 naming `body`. Dialects
 * that read JSON under another content type use it too.
 */
export function jsonBodyParser(app: FastifyInstance): (request: FastifyRequest, bytes: Buffer, done: Done) => void {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, bytes, done) => {
    if (bytes.length === 0) {
      done(null, undefined);
      return;
    }
    const text = utf8BodyText(request.headers['content-type'], bytes);
    if (text instanceof KeywardError) {
      done(text, undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new KeywardError('VALIDATION', `body: must not nest deeper than ${MAX_JSON_DEPTH} levels`, 'body'), undefined);
      return;
    }
    // Fastify types a body parser as possibly async; the default JSON one answers through `done`.
    if (!SURROGATE_ESCAPE.test(text)) {
      void parse(request, text, done);
      return;
    }
    void parse(request, text, (err, body) => {
      const at = err ? null : malformedTextAt(body);
      if (at === null) done(err, body);
      else
        done(new KeywardError('VALIDATION', `${at || 'body'}: must be well-formed Unicode (no lone surrogates)`, at || 'body'), undefined);
    });
  };
}

/**
 * JSON is the only body the API reads: any other content type is refused (and mapped to a
 * 400 naming `body`). An empty body with a JSON content type counts as no body, because many
 * clients send the header on every request, including DELETE and a body-less roll.
 * Parsing itself stays Fastify's, which refuses `__proto__` and `constructor` poisoning.
 */
export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  const parse = jsonBodyParser(app);
  app.removeAllContentTypeParsers();
  // parseAs: 'buffer', so the body is a Buffer: decoded here, strictly (Fastify's 'string' replaces bad UTF-8).
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => parse(request, body as Buffer, done));
}
