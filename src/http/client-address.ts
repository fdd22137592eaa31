import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config.js';

/** Whether the address at `hop` (0: the socket's peer) may tell who is behind it (X-Forwarded-For). */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * KEYWARD_TRUST_PROXY as one function, given both to Fastify (its `trustProxy`, which sets
 * `request.ip`) and to the verify lane, so both paths name the same client. `true` trusts
 * one hop, the socket's peer whoever it is (Fastify's own `true` would trust every hop, i.e.
 * the left-most, client-written X-Forwarded-For entry); a list trusts only those addresses,
 * hop after hop, as proxy-addr does. `false`: the socket's address.
 */
export function proxyTrust(trust: TrustProxy | undefined): ProxyTrust | false {
  if (!trust) return false;
  if (trust === true) return (_address, hop) => hop === 0;
  return proxyAddr.compile([...trust]);
}

/** The client's address as Fastify's `request.ip` gives it under the same trust. */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust | false): string {
  if (!trust) return req.socket.remoteAddress ?? '';
  return proxyAddr(req, trust);
}
