import { createServer, type Server, type ServerOptions } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Deps } from '../../core/context.js';
import type { WiredDeps } from '../../deps.js';
import type { ProxyTrust } from '../client-address.js';
import type { HttpMetrics } from '../metrics.js';
import { createVerifyLane, LANE_BODY, type LaneRequest, type RequestHandler } from './verify-lane.js';

/**
 * Puts the verify lane in front of a Fastify app: Fastify's `serverFactory` makes the HTTP
 * server with the lane as its request listener, and `open` (once deps and metrics exist)
 * gives the lane what it needs. Until then, and for every request the lane declines,
 * Fastify's own handler answers.
 */
export class VerifyLaneServer {
  #fastify: RequestHandler | null = null;
  #lane: RequestHandler | null = null;
  #closing = false;

  /** Fastify's `serverFactory` option. */
  readonly serverFactory = (handler: RequestHandler, options: FastifyServerOptions): Server => {
    this.#fastify = handler;
    // Node's own options (headersTimeout, requestTimeout, …): what Fastify passes its http.createServer.
    const http = (options as { http?: ServerOptions }).http ?? {};
    const server = createServer(http, (req, res) => (this.#lane ?? handler)(req, res));
    // What Fastify sets on a server it makes itself, and leaves to a factory's maker.
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  /**
   * Starts the lane on `app` (built with `serverFactory`); without a verification cache there
   * is no lane. `trust`: the app's own `trustProxy`, so the lane names the client as Fastify does.
   */
  open(app: FastifyInstance, deps: Deps & Partial<Pick<WiredDeps, 'cachedStore'>>, metrics: HttpMetrics, trust: ProxyTrust | false): void {
    const fallback = this.#fastify;
    if (!fallback) throw new Error('the app was not built with this serverFactory');
    // The lane answers from the cache of the store verification uses, or not at all (a
    // caller that swapped `store` keeps the full path, which reads the store it gave).
    const cached = deps.cachedStore;
    if (!cached || cached !== deps.store) return;
    const cache = cached.cache;
    // A body the lane read but declined is handed to Fastify as if it came off the socket.
    app.addHook('preParsing', (request, _reply, payload, done) => {
      const body = (request.raw as LaneRequest)[LANE_BODY];
      done(null, body === undefined ? payload : Readable.from([body], { objectMode: false }));
    });
    // From the start of close, Fastify answers everything (it refuses new requests with 503).
    app.addHook('preClose', (done) => {
      this.#closing = true;
      done();
    });
    this.#lane = createVerifyLane({ deps, cache, metrics, log: app.log, fallback, isClosing: () => this.#closing, trust });
  }
}
