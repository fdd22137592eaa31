import type { FastifyInstance } from 'fastify';

/**
 * JSON is the only body the API reads: any other content type is refused (and mapped to a
 * 400 naming `body`). An empty body with a JSON content type counts as no body, because many
 * clients send the header on every request, including DELETE and a body-less roll.
 * Parsing itself stays Fastify's, which refuses `__proto__` and `constructor` poisoning.
 */
export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    if (text === '') {
      done(null, undefined);
      return;
    }
    parse(request, text, done);
  });
}
