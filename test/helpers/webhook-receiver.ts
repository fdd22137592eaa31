import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  /** The request path: tests give each endpoint its own (`/hook/<name>`) and read their own requests. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The status this request was answered with. */
  readonly answered: number;
}

/**
 * A real webhook receiver on 127.0.0.1 for tests: records every request, answers with the
 * statuses queued by `answerNext` (then 200), and lets a test wait for the n-th request.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly #queue: number[] = [];
  readonly #waiters: Array<{ path: string; count: number; resolve: () => void }> = [];
  readonly #server: http.Server;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answered = receiver.#queue.shift() ?? 200;
        receiver.received.push({
          path: req.url ?? '',
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString('utf8'),
          answered,
        });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try again later');
        for (const w of receiver.#waiters.filter((w) => receiver.at(w.path).length >= w.count)) w.resolve();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The URL of endpoint `name` on this receiver. */
  url(name: string): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook/${name}`;
  }

  /** The requests endpoint `name` received, in order. */
  at(name: string): Received[] {
    return this.received.filter((r) => r.path === `/hook/${name}`);
  }

  answerNext(...statuses: number[]): void {
    this.#queue.push(...statuses);
  }

  /** Resolves once endpoint `name` has received `count` requests, and gives them. */
  async waitFor(name: string, count: number): Promise<Received[]> {
    if (this.at(name).length < count) await new Promise<void>((resolve) => this.#waiters.push({ path: name, count, resolve }));
    return this.at(name);
  }

  /** Verifies the request's signature with `standardwebhooks` and returns its parsed payload (throws when it does not verify). */
  static verify(secret: string, r: Received): Record<string, any> {
    return new Webhook(secret).verify(r.body, r.headers) as Record<string, any>;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
