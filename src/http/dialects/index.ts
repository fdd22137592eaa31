import type { FastifyPluginAsync } from 'fastify';
import { basicDialect } from './basic/index.js';
import { braintrustDialect } from './braintrust/index.js';
import { confidentDialect } from './confident/index.js';
import type { DialectOptions } from './dialect.js';
import { langtraceDialect } from './langtrace/index.js';
import { openlayerDialect } from './openlayer/index.js';

/**
 * Every platform dialect, each an encapsulated plugin with its own auth hook and error
 * shape, mounted at /compat/<name>. A new dialect is a folder beside these and one line here.
 */
export const DIALECTS = {
  langtrace: langtraceDialect,
  basic: basicDialect,
  confident: confidentDialect,
  braintrust: braintrustDialect,
  openlayer: openlayerDialect,
} as const;

/** Register with `prefix: '/compat'`. */
export const registerDialects: FastifyPluginAsync<DialectOptions> = async (app, { deps }) => {
  // The dialects' auth hooks set the principal, as /v1's does in its own scope.
  app.decorateRequest('principal', null);
  for (const [name, dialect] of Object.entries(DIALECTS)) await app.register(dialect, { prefix: `/${name}`, deps });
};
