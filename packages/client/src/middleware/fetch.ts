import type { Verification } from '../types.js';
import { checkOptions, decide, type KeywardMiddlewareOptions } from './core.js';

export type { KeywardMiddlewareOptions } from './core.js';

/**
 * Guards a `(Request) => Response` handler (Next.js route handlers, Bun, Deno, Cloudflare):
 * the handler runs only for a verified key and gets its Verification as the second argument;
 * any further arguments (Next's context) follow it.
 */
export function withKeyward<A extends unknown[]>(
  handler: (request: Request, keyward: Verification, ...rest: A) => Response | Promise<Response>,
  options: KeywardMiddlewareOptions,
): (request: Request, ...rest: A) => Promise<Response> {
  const checked = checkOptions(options);
  return async (request, ...rest) => {
    const decision = await decide(checked, (name) => request.headers.get(name), request.headers.get('x-request-id') ?? undefined);
    if (!decision.ok) {
      const { status, headers, body } = decision.refusal;
      return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
    }
    return handler(request, decision.verification, ...rest);
  };
}
