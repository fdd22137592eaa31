import type { FastifyPluginAsync } from 'fastify';
import type { Verification } from '../types.js';
import { checkOptions, decide, type KeywardMiddlewareOptions } from './core.js';

export type { KeywardMiddlewareOptions } from './core.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Verification of the request's key, set by the keyward plugin (null before it runs). */
    keyward: Verification | null;
  }
}

/**
 * `app.register(keyward, { client, roles })`: every route of the registering scope refuses a
 * request without a valid key and sees its Verification as `request.keyward`.
 */
export const keyward: FastifyPluginAsync<KeywardMiddlewareOptions> = async (app, options) => {
  const checked = checkOptions(options);
  if (!app.hasRequestDecorator('keyward')) app.decorateRequest('keyward', null);
  app.addHook('onRequest', async (request, reply) => {
    const read = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const decision = await decide(checked, read, request.id);
    if (decision.ok) {
      request.keyward = decision.verification;
      return;
    }
    const { status, headers, body } = decision.refusal;
    return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(body));
  });
};

// What fastify-plugin does, without the dependency: the hook applies to the scope that
// registers the plugin, not to a child scope of its own.
Object.assign(keyward, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: '@keyward/client/fastify' });

export default keyward;
