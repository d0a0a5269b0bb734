import { connect, type Socket } from 'node:net';

/** What a raw connection saw before it ended. */
export interface ConnectionEnd {
  /** Everything the server sent. */
  received: string;
  /** Bytes the client had written when the connection ended. */
  sentBytes: number;
  /** True when the server closed the connection (not the client's give-up timer). */
  closedByServer: boolean;
}

/**
 * A misbehaving HTTP client on a raw TCP connection: it writes `head` (request line and headers, as given),
 * then one byte of `trickle` every `intervalMs` until the server closes the connection, or gives up after
 * `giveUpMs` (then `closedByServer` is false).
 */
export function trickleRequest(
  url: string,
  head: string,
  options: { trickle?: string; intervalMs?: number; giveUpMs: number },
): Promise<ConnectionEnd> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    let sentBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const trickle = options.trickle ?? '';
    let position = 0;
    const giveUp = setTimeout(() => finish(false), options.giveUpMs);
    function finish(closedByServer: boolean): void {
      clearTimeout(giveUp);
      if (timer !== undefined) clearInterval(timer);
      socket.destroy();
      resolve({ received, sentBytes, closedByServer });
    }
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(head);
      sentBytes += head.length;
      if (trickle === '') return;
      timer = setInterval(() => {
        if (socket.destroyed || !socket.writable) return;
        socket.write(trickle[position % trickle.length]!);
        position++;
        sentBytes++;
      }, options.intervalMs ?? 50);
    });
  });
}
