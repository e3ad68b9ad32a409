import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Form-encoded (Stripe) or JSON (Razorpay) body, as received. */
  raw: string;
  form: URLSearchParams;
  json: any;
}

export interface ProviderStandIn {
  /** Base URL without /v1: pass as STRIPE_API_URL / RAZORPAY_API_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Answer the next requests to `path` with this status (e.g. 500 to simulate an outage). */
  failNext(path: string, status: number, times?: number): void;
  /**
   * Carry out the next requests to `path` but drop the connection instead of answering: the
   * provider did the work, the caller never hears (a timeout after the fact).
   */
  loseNextAnswer(path: string, times?: number): void;
  /** The refunds the Razorpay stand-in has made for a payment id. */
  razorpayRefunds(paymentId: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A local stand-in for Stripe's and Razorpay's HTTP APIs: the endpoints the payments module calls,
 * answering the shapes those APIs document, and remembering every request (headers included).
 */
export async function startProviderStandIn(): Promise<ProviderStandIn> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, { status: number; times: number }>();
  const lostAnswers = new Map<string, number>();
  const razorpayRefunds = new Map<string, Array<Record<string, unknown>>>();
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        raw,
        form: new URLSearchParams(isJson ? '' : raw),
        json: isJson && raw ? JSON.parse(raw) : null,
      };
      requests.push(recorded);
      const send = (status: number, body: object) => {
        const lost = lostAnswers.get(path) ?? 0;
        if (lost > 0) {
          lostAnswers.set(path, lost - 1);
          return void req.socket.destroy();
        }
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++n}` });
        res.end(JSON.stringify(body));
      };
      const failure = failures.get(path);
      if (failure && failure.times > 0) {
        failure.times--;
        return send(failure.status, { error: { type: 'api_error', message: 'stand-in failure' } });
      }
      n++;
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${n}`;
        return send(200, {
          id,
          object: 'checkout.session',
          url: `https://checkout.stripe.test/c/pay/${id}`,
          client_reference_id: recorded.form.get('client_reference_id'),
          currency: recorded.form.get('line_items[0][price_data][currency]'),
          metadata: { orderId: recorded.form.get('metadata[orderId]') },
          payment_status: 'unpaid',
          status: 'open',
        });
      }
      if (req.method === 'POST' && path === '/v1/refunds')
        return send(200, {
          id: `re_${n}`,
          object: 'refund',
          payment_intent: recorded.form.get('payment_intent'),
          status: 'succeeded',
        });
      if (req.method === 'POST' && path === '/v1/orders')
        return send(200, {
          id: `order_${n}`,
          entity: 'order',
          amount: recorded.json.amount,
          currency: recorded.json.currency,
          receipt: recorded.json.receipt,
          notes: recorded.json.notes,
          status: 'created',
        });
      const refund = /^\/v1\/payments\/([^/]+)\/refund$/.exec(path);
      if (req.method === 'POST' && refund) {
        const made = {
          id: `rfnd_${n}`,
          entity: 'refund',
          payment_id: refund[1],
          amount: recorded.json.amount,
          receipt: recorded.json.receipt ?? null,
          notes: recorded.json.notes ?? [],
        };
        razorpayRefunds.set(refund[1]!, [...(razorpayRefunds.get(refund[1]!) ?? []), made]);
        return send(200, made);
      }
      const refundList = /^\/v1\/payments\/([^/]+)\/refunds$/.exec(path);
      if (req.method === 'GET' && refundList) {
        const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
        const skip = Number(query.get('skip') ?? 0);
        const all = razorpayRefunds.get(refundList[1]!) ?? [];
        const items = all.slice(skip, skip + Number(query.get('count') ?? 10));
        return send(200, { entity: 'collection', count: items.length, items });
      }
      return send(404, { error: { message: `no stand-in for ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(path, status, times = 1) {
      failures.set(path, { status, times });
    },
    loseNextAnswer(path, times = 1) {
      lostAnswers.set(path, times);
    },
    razorpayRefunds: (paymentId) => razorpayRefunds.get(paymentId) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
