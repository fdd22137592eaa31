import type { IncomingMessage } from 'node:http';
import type { KeyCache } from '../../cache/key-cache.js';
import type { Deps, Principal } from '../../core/context.js';
import { hasRole } from '../../core/roles.js';
import { knownCaller } from '../../core/use-cases/authenticate.js';
import { bearerToken } from '../auth.js';
import { clientAddress, type ProxyTrust } from '../client-address.js';

/** Where a connection keeps the caller it last authenticated on the lane. */
const CALLER = Symbol('keyward.verifyLaneCaller');

interface CallerMemo {
  /** The Authorization header exactly as the caller sent it. */
  readonly header: string;
  readonly principal: Principal;
  /** The cache's generation when the key was checked: anything forgotten since voids the memo. */
  readonly generation: number;
  /** Until when the cache trusts the key's entry without a re-read (the cache's clock). */
  readonly freshUntil: number;
  /** When the key stops working by itself (revocation date or expiry), epoch ms. */
  readonly usableUntil: number;
}

type MemoSocket = IncomingMessage['socket'] & { [CALLER]?: CallerMemo | undefined };

/**
 * The verify lane's callers: who sent a request, when the lane may answer it. A platform's
 * backend verifies over a few keep-alive connections with one verifier key, so each
 * connection remembers the caller it last authenticated, and a request bearing the same
 * Authorization header is answered for that caller without hashing and looking its key up
 * again. The memo holds only while nothing could have changed the answer: no key was
 * forgotten by the cache since (revoke, disable, roll, update, a change signal, a lost
 * signal), the key's cache entry is still fresh, and the key has not reached its
 * revocation or expiry date. Otherwise the caller is checked again from the cache; a
 * caller the cache does not know, or refuses, goes to the full request path.
 *
 * The header is compared in constant time: a reverse proxy may send several clients'
 * requests over one upstream connection, and an early exit would tell a later client how
 * much of its guess matched the previous client's key. The memo lives as long as the
 * connection and holds the header, as the request it came with did.
 */
export class LaneCallers {
  readonly #deps: Deps;
  readonly #cache: KeyCache;
  readonly #trust: ProxyTrust | false;

  constructor(deps: Deps, cache: KeyCache, trust: ProxyTrust | false) {
    this.#deps = deps;
    this.#cache = cache;
    this.#trust = trust;
  }

  /** The caller, when it is known from memory, usable, holds `keys:verify` and the abuse guard trusts it; else null. */
  callerOf(req: IncomingMessage): Principal | null {
    const header = req.headers.authorization;
    if (header === undefined) return null;
    const socket = req.socket as MemoSocket;
    const memo = socket[CALLER];
    const now = this.#deps.clock.now();
    if (
      memo !== undefined &&
      memo.generation === this.#cache.generation &&
      this.#cache.now() < memo.freshUntil &&
      now.getTime() < memo.usableUntil &&
      sameText(memo.header, header)
    ) {
      return memo.principal;
    }
    socket[CALLER] = undefined;
    const principal = this.#check(req, header, now, socket);
    return principal;
  }

  #check(req: IncomingMessage, header: string, now: Date, socket: MemoSocket): Principal | null {
    const credential = bearerToken(header);
    if (credential === undefined) return null;
    const known = knownCaller(this.#deps, credential);
    if (known === null) return null;
    const { principal, key, hash } = known;
    if (principal.kind !== 'org' || !hasRole(principal.roles, 'keys:verify')) return null;
    const guard = this.#deps.abuse;
    if (guard) {
      // The client as Fastify's request.ip names it (KEYWARD_TRUST_PROXY), not the proxy's socket.
      const attempt = guard.attempt(clientAddress(req, this.#trust), credential);
      if (!guard.trusts(attempt, now)) return null;
      guard.recordSuccess(attempt, now);
    }
    socket[CALLER] = {
      header,
      principal,
      generation: this.#cache.generation,
      freshUntil: this.#cache.freshUntil(hash),
      usableUntil: Math.min(epochMs(key.revokedAt), epochMs(key.expiresAt)),
    };
    return principal;
  }
}

const epochMs = (instant: string | null): number => (instant === null ? Number.POSITIVE_INFINITY : Date.parse(instant));

/** Equal strings, compared without an early exit (the length of a credential is no secret: each format has one). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
