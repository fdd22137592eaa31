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
    const found = malformedTextAt(child, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Fastify's JSON parser (which refuses `__proto__` and `constructor` poisoning) behind the
 * checks every JSON body gets: empty means none, too deep is a 400 naming `body`. Dialects
 * that read JSON under another content type use it too.
 */
export function jsonBodyParser(app: FastifyInstance): (request: FastifyRequest, text: string, done: Done) => void {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, text, done) => {
    if (text === '') {
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new KeywardError('VALIDATION', `body: must not nest deeper than ${MAX_JSON_DEPTH} levels`, 'body'), undefined);
      return;
    }
    // The default parser answers through `done`; the promise its type admits is never made here.
    if (!SURROGATE_ESCAPE.test(text)) {
      void parse(request, text, done);
      return;
    }
    void parse(request, text, (err, body) => {
      const at = err ? null : malformedTextAt(body);
      if (at === null) done(err, body);
      else done(new KeywardError('VALIDATION', `${at || 'body'}: must be well-formed Unicode (no lone surrogates)`, at || 'body'), undefined);
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
  // parseAs: 'string', so the body is a string.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => parse(request, body as string, done));
}
