import type { MiddlewareHandler } from 'hono';
import type { Verification } from '../types.js';
import { checkOptions, decide, type KeywardMiddlewareOptions } from './core.js';

export type { KeywardMiddlewareOptions } from './core.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The Verification of the request's key, set by keyward(). */
    keyward: Verification;
  }
}

/** `app.use(keyward({ client, roles }))`: refuses a request without a valid key; `c.get('keyward')` is its Verification. */
export function keyward(options: KeywardMiddlewareOptions): MiddlewareHandler {
  const checked = checkOptions(options);
  return async (c, next) => {
    const decision = await decide(checked, (name) => c.req.header(name), c.req.header('x-request-id'));
    if (!decision.ok) {
      const { status, headers, body } = decision.refusal;
      return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
    }
    c.set('keyward', decision.verification);
    await next();
  };
}

export default keyward;
