import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { Webhook } from 'standardwebhooks';

export type AttemptOutcome = 'success' | 'http_error' | 'timeout' | 'network_error' | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

export interface SignedMessage {
  /** The event id: the `webhook-id`, the same on every attempt. */
  id: string;
  /** The JSON body, exactly as signed. */
  body: string;
}

/** The JSON body integrators receive: `{ type, timestamp (ISO 8601), data }`. */
export function webhookBody(event: { type: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data });
}

/** The Standard Webhooks headers for one attempt, signed over `id.timestamp.body`. */
export function signedHeaders(
  secret: string,
  message: SignedMessage,
  at = new Date(),
): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(message.id, at, message.body),
  };
}

/**
 * Sends webhook attempts: one POST, no redirects followed, a 2xx within the timeout is success.
 * Every connection goes through request-filtering-agent, which checks the address actually
 * connected to (after DNS resolution), so a host that resolves to a private address at delivery
 * time is refused even if it looked public when the endpoint was saved.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: { timeoutMs: number; allowPrivate: boolean }) {
    const filter = { allowPrivateIPAddress: options.allowPrivate, keepAlive: false };
    this.httpAgent = new RequestFilteringHttpAgent(filter);
    this.httpsAgent = new RequestFilteringHttpsAgent(filter);
  }

  send(url: string, secret: string, message: SignedMessage): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = new URL(url);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Bazaar-Webhooks/1.0',
      'content-length': String(Buffer.byteLength(message.body)),
      ...signedHeaders(secret, message),
    };
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, durationMs: elapsed() });
      };
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(target, {
        method: 'POST',
        headers,
        agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
      });
      const timer = setTimeout(() => {
        finish({
          outcome: 'timeout',
          responseStatus: null,
          error: `no answer within ${this.options.timeoutMs} ms`,
        });
        request.destroy();
      }, this.options.timeoutMs);
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        finish({
          outcome: ok ? 'success' : 'http_error',
          responseStatus: status,
          error: ok ? null : `answered ${status}`,
        });
        // The answer's body is not used: drop the connection rather than read an unbounded stream.
        response.destroy();
      });
      request.on('error', (error) => {
        const refused = /is not allowed/.test(error.message);
        finish({
          outcome: refused ? 'refused' : 'network_error',
          responseStatus: null,
          error: (refused
            ? 'refused: the host resolves to a private or loopback address'
            : error.message
          ).slice(0, 500),
        });
      });
      request.end(message.body);
    });
  }
}
