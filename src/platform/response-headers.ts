import { ServerResponse, validateHeaderName, validateHeaderValue, type IncomingMessage } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { UniformResponse } from './http-shapes';

/**
 * The security headers Helmet sets with `options`, computed once. Helmet's middleware builds the
 * same names and values on every response (the CSP string is re-parsed each time); setting this
 * precomputed set instead costs one object copy per request and sends exactly the same headers.
 * Names are lower case, as Fastify stores reply headers.
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let called = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {
    called = true;
  });
  // Helmet's middleware is synchronous; a version that is not would leave the set incomplete.
  if (!called) throw new Error('helmet did not finish synchronously: cannot precompute its headers');
  return Object.freeze(headers);
}

/** The CORS headers @fastify/cors sends on every response when any origin is allowed (`*`). */
export function anyOriginCorsHeaders(exposed: readonly string[]): Readonly<Record<string, string>> {
  return Object.freeze({
    'access-control-allow-origin': '*',
    'access-control-expose-headers': exposed.join(', '),
  });
}

/** A response that writes the server's fixed headers itself (see fixedHeadersResponse). */
export interface FixedHeadersResponse extends ServerResponse {
  /** Set once the request's hooks run: the fixed headers and this id go out with the response. */
  requestId: string | undefined;
}

type StoreHeader = (this: ServerResponse, firstLine: string, headers: unknown) => void;

/** Node's own header serialization (internal, stable since Node 0.x; light-my-request relies on it too). */
const nodeStoreHeader = (ServerResponse.prototype as unknown as { _storeHeader: StoreHeader })._storeHeader;

/** Lower-case names of the headers a response object (or pairs array) holds. */
function headerNames(headers: unknown): string[] {
  if (!headers || typeof headers !== 'object') return [];
  if (!Array.isArray(headers)) return Object.keys(headers).map((name) => name.toLowerCase());
  if (headers.length > 0 && Array.isArray(headers[0]))
    return headers.map((pair) => String((pair as unknown[])[0]).toLowerCase());
  return headers.filter((_, i) => i % 2 === 0).map((name) => String(name).toLowerCase());
}

/**
 * An http.ServerResponse class for the server (`http.createServer({ ServerResponse })`) whose
 * responses, once given their request id, write `headers` and X-Request-Id as one block of text
 * validated once here, ahead of the headers set through Fastify. Set through `reply.headers`,
 * Fastify lower-cased and stored each of them on every response, and Node validated each name and
 * value (two regular expressions, the CSP alone is 300 characters) and concatenated them: about 45%
 * of the instructions of `GET /health/live` (docs/benchmarks.md). The wire output is the same
 * (lower-case names, same values); a header the response sets itself (the docs page's CSP, a CORS
 * preflight's allow-origin) replaces the fixed one, as it did with `reply.headers`.
 *
 * `app.inject()` uses light-my-request's own response class, which this cannot reach: there the
 * caller sets the same headers through `reply.headers` (see createHttpServer).
 */
export function fixedHeadersResponse(headers: Readonly<Record<string, string>>) {
  const entries = Object.entries(headers).map(([name, value]) => {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return [name.toLowerCase(), value] as const;
  });
  const REQUEST_ID = 'x-request-id';
  const fixed = new Set([...entries.map(([name]) => name), REQUEST_ID]);
  const block = entries.map(([name, value]) => `${name}: ${value}\r\n`).join('');

  /** Whether the response sets one of the fixed headers itself (no allocation in the usual case). */
  function overrides(own: unknown): boolean {
    if (!own || typeof own !== 'object') return false;
    if (Array.isArray(own)) return headerNames(own).some((name) => fixed.has(name));
    for (const name in own) if (fixed.has(name.toLowerCase())) return true;
    return false;
  }

  /** The fixed lines, without those the response sets itself. */
  function linesFor(own: unknown, requestId: string): string {
    if (!overrides(own)) return `${block}${REQUEST_ID}: ${requestId}\r\n`;
    const names = headerNames(own);
    return [...entries, [REQUEST_ID, requestId] as const]
      .filter(([name]) => !names.includes(name))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
  }

  return class extends UniformResponse implements FixedHeadersResponse {
    requestId: string | undefined = undefined;

    /** Called by Node's writeHead with the status line and the headers to send. */
    _storeHeader(firstLine: string, own: unknown): void {
      const id = this.requestId;
      nodeStoreHeader.call(this, id === undefined ? firstLine : firstLine + linesFor(own, id), own);
    }
  };
}
