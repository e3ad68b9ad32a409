import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

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
