/** A real HTTP receiver on 127.0.0.1 for outgoing-webhook tests: records every request, answers what it is told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Answers for the next requests, in order (then 200 "ok"). */
  answer(...responses: Array<{ status: number; body?: string; delayMs?: number }>): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let queue: Array<{ status: number; body?: string; delayMs?: number }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/', at: Date.now() });
      const next = queue.shift() ?? { status: 200, body: 'ok' };
      const send = () => {
        res.writeHead(next.status, { 'content-type': 'text/plain' });
        res.end(next.body ?? '');
      };
      if (next.delayMs) setTimeout(send, next.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    answer: (...responses) => {
      queue.push(...responses);
    },
    reset: () => {
      received.length = 0;
      queue = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
