import { connect, type Socket } from 'node:net';

/**
 * A raw TCP client for requests no well-behaved HTTP library sends: bodies that never
 * finish, headers that trickle in, duplicate credentials, unnormalised paths.
 */

export interface RawExchange {
  /** Everything the server wrote before it closed the connection (or before `stop`). */
  readonly response: string;
  /** Whether the server (not the client) ended the connection. */
  readonly closedByServer: boolean;
  readonly elapsedMs: number;
}

export interface RawClient {
  readonly socket: Socket;
  /** Resolves when the connection ends, when `until` holds, or after `giveUpMs` (closedByServer false for the last two). */
  readonly done: Promise<RawExchange>;
}

/** Opens a connection, writes `head` at once, then `drip` bytes one every `everyMs` until closed. */
export function rawClient(
  port: number,
  head: string | Buffer,
  opts: { drip?: string; everyMs?: number; giveUpMs: number; until?: (response: string) => boolean },
): RawClient {
  const socket = connect({ port, host: '127.0.0.1' });
  const started = Date.now();
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  let dripped = 0;
  let onData: () => void = () => {};
  socket.on('data', (c: Buffer) => {
    chunks.push(c);
    onData();
  });
  socket.on('connect', () => {
    socket.write(head);
    if (opts.drip) {
      timer = setInterval(() => {
        if (socket.writable) socket.write(opts.drip![dripped++ % opts.drip!.length]!);
      }, opts.everyMs ?? 200);
    }
  });
  const done = new Promise<RawExchange>((resolve) => {
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ response: Buffer.concat(chunks).toString('latin1'), closedByServer, elapsedMs: Date.now() - started });
      socket.destroy();
    };
    // EPIPE/ECONNRESET while we still write: the server hung up on us, which is the point.
    if (opts.until) onData = () => opts.until!(Buffer.concat(chunks).toString('latin1')) && finish(false);
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('end', () => finish(true));
    const giveUp = setTimeout(() => finish(false), opts.giveUpMs);
  });
  return { socket, done };
}

/** Sends a complete raw request and resolves with what came back once the server closes or `giveUpMs` passes. */
export function rawRequest(port: number, text: string | Buffer, giveUpMs = 5_000): Promise<RawExchange> {
  return rawClient(port, text, { giveUpMs }).done;
}

/** The status code of the first response in a raw exchange, or null when none came. */
export const statusOf = (response: string): number | null => {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : null;
};
