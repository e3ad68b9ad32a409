import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

/** What the receiver answers: a status code, or 'hang' to never answer. */
export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Changes how the next requests are answered (the default answers 200). */
  answer(fn: (request: ReceivedRequest, index: number) => Answer | Promise<Answer>): void;
  close(): Promise<void>;
}

/** A real HTTP server on loopback that records every webhook request it gets. */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let respond: (request: ReceivedRequest, index: number) => Answer | Promise<Answer> = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      const index = received.push(request) - 1;
      void Promise.resolve(respond(request, index)).then((answer) => {
        if (answer === 'hang') return;
        res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(fn) {
      respond = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Verifies a received request with the Standard Webhooks library; returns the parsed body. */
export function verified(
  secret: string,
  request: ReceivedRequest,
): { type: string; timestamp: string; data: any } {
  return new Webhook(secret).verify(request.body, request.headers) as {
    type: string;
    timestamp: string;
    data: any;
  };
}
