import type { Verification } from '../types.js';
import { checkOptions, decide, type KeywardMiddlewareOptions } from './core.js';

export type { KeywardMiddlewareOptions } from './core.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own way to type req fields
  namespace Express {
    interface Request {
      /** The Verification of the request's key, set by keyward(). */
      keyward?: Verification;
    }
  }
}

/** The parts of Express's req/res this uses (plain node:http objects have them too, with Express's additions). */
interface Req {
  headers: Record<string, string | string[] | undefined>;
  keyward?: Verification;
}
interface Res {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** `app.use(keyward({ client, roles }))`: refuses a request without a valid key; sets `req.keyward`. */
export function keyward(options: KeywardMiddlewareOptions): (req: Req, res: Res, next: (err?: unknown) => void) => void {
  const checked = checkOptions(options);
  return (req, res, next) => {
    const read = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    decide(checked, read, read('x-request-id')).then((decision) => {
      if (decision.ok) {
        req.keyward = decision.verification;
        return next();
      }
      const { status, headers, body } = decision.refusal;
      res.statusCode = status;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    }, next);
  };
}

export default keyward;
