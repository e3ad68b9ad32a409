import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

/** Routes whose query strings may carry secrets (an OAuth `code` and `state`). */
const SECRET_QUERY_PREFIX = '/api/v1/auth/';

/** The URL as logged: on auth routes the query string is replaced by a marker. */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0 || !url.startsWith(SECRET_QUERY_PREFIX)) return url;
  return `${url.slice(0, query)}?[redacted]`;
}

interface QueryError {
  query: string;
  params: unknown[];
  cause?: unknown;
}

const isQueryError = (value: unknown): value is QueryError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as QueryError).query === 'string' &&
  Array.isArray((value as QueryError).params);

/** The "params: ..." texts a query error (Drizzle's) puts in its message, for the whole cause chain. */
function paramTexts(error: unknown): string[] {
  const texts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (isQueryError(current)) texts.push(`\nparams: ${String(current.params)}`);
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

/**
 * Errors without the values bound to a failed query (a password hash, an email) and without
 * PostgreSQL's `detail` (which quotes the failing row): the statement and error code stay.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  let { message, stack } = serialized as { message?: string; stack?: string };
  for (const text of paramTexts(error)) {
    message = message?.split(text).join('');
    stack = stack?.split(text).join('');
  }
  const { params: _params, detail, ...rest } = serialized;
  return { ...rest, message, stack, ...(detail === undefined ? {} : { detail: '[redacted]' }) };
}

/** Fastify's request summary, with loggableUrl. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Serializers for every log line: the app's own and Fastify's request loggers. */
export const logSerializers = { err: serializeError, req: serializeRequest };
