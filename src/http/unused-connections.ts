import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Tracks connections that have not sent a request yet, so that a graceful close can end them.
 * Fastify's close ends idle keep-alive connections, but Node does not count a connection that
 * never sent a request as idle: one such socket (a client's pre-opened connection, a port
 * scanner) held every shutdown until Node's 60 s request timeout. Connections serving a request
 * are left to finish.
 */
export function trackUnusedConnections(server: Server): { destroyAll(): void } {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (req: { socket: Socket }) => unused.delete(req.socket));
  return {
    destroyAll(): void {
      for (const socket of unused) socket.destroy();
      unused.clear();
    },
  };
}
