import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseUnavailability, postgresErrorCode } from './postgres-errors';
import { AppError, type ErrorDetail } from './errors';

const genericCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

const fastifyCodes: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
};

/** PostgreSQL errors that a service failed to translate but that are the client's doing, not ours. */
const postgresCodes: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'A resource with these values already exists' },
  '22P02': { status: 400, code: 'VALIDATION_ERROR', message: 'A value has the wrong format' },
  '22003': { status: 400, code: 'VALIDATION_ERROR', message: 'A number is out of range' },
  '22001': { status: 400, code: 'VALIDATION_ERROR', message: 'A value is too long' },
  // NUL or bytes the database encoding cannot hold; the input guard refuses NUL first.
  '22021': {
    status: 400,
    code: 'VALIDATION_ERROR',
    message: 'A value contains a character that is not allowed',
  },
  '22P05': {
    status: 400,
    code: 'VALIDATION_ERROR',
    message: 'A value contains a character that is not allowed',
  },
};

const databaseUnavailableMessages = {
  busy: 'The server is overloaded; retry after the time in Retry-After',
  unavailable: 'The database is unavailable; retry after the time in Retry-After',
};

/** An oversized body up to this size is read and discarded after the 413; beyond it the connection closes. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Fastify answers an oversized body with `Connection: close`, and closing a socket the client is
 * still writing to resets it: the client sees EPIPE instead of the 413. So the connection stays
 * open while the rest of the body arrives (discarded), within a byte and time budget.
 */
function drainOversizedBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.complete || Number(request.headers['content-length']) > DRAIN_LIMIT_BYTES) return;
  reply.removeHeader('connection');
  reply.raw.once('finish', () => {
    let drained = 0;
    // Destroying the unfinished request destroys its socket; `raw.socket.destroy` would throw
    // under app.inject, whose mock socket has no destroy (an uncaught error 10 s later).
    const stop = () => raw.destroy();
    const timer = setTimeout(stop, DRAIN_TIMEOUT_MS).unref();
    raw.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) stop();
    });
    raw.once('close', () => clearTimeout(timer));
    raw.resume();
  });
}

interface ErrorBody {
  success: false;
  message: string;
  error: { code: string; details?: ErrorDetail[] };
  requestId: string;
}

function envelopeOf(requestId: string, message: string, code: string, details?: ErrorDetail[]): ErrorBody {
  return { success: false, message, error: details ? { code, details } : { code }, requestId };
}

function body(request: FastifyRequest, message: string, code: string, details?: ErrorDetail[]): ErrorBody {
  return envelopeOf(request.id, message, code, details);
}

const routerErrors: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'The URL is not validly percent-encoded' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path parameter is too long' },
};

/**
 * Errors the router raises before any route (and so before the error handler) runs: a malformed
 * URL, an over-long path parameter. Fastify's `frameworkErrors` option.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = routerErrors[error.code] ?? { status: 400, code: 'BAD_REQUEST', message: 'Bad request' };
  // Outside a route Fastify has no serializer for the reply: send the JSON text ourselves.
  void reply
    .status(known.status)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body(request, known.message, known.code)));
}

const clientErrors: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long' },
};

/**
 * Requests Node's HTTP parser rejects (headers too large, malformed request line) never reach
 * Fastify: answer them on the socket, in the envelope, then close it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrors[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP',
  };
  const requestId = randomUUID();
  const payload = JSON.stringify(envelopeOf(requestId, known.message, known.code));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${payload}`,
    );
  }
  socket.destroy(error);
}

function validationDetails(error: FastifyError): ErrorDetail[] {
  const context = error.validationContext;
  const details: ErrorDetail[] = [];
  for (const issue of error.validation ?? []) {
    const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const key of keys)
        details.push({ path: base ? `${base}.${String(key)}` : String(key), message: 'Unknown field' });
    } else {
      details.push({ path: base || context || '', message: issue.message ?? 'Invalid value' });
    }
  }
  return details;
}

/** The only place where an exception becomes an HTTP status. 5xx bodies never carry internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError & { headers?: Record<string, string> }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where =
        error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
      return reply
        .status(400)
        .send(body(request, `Invalid ${where}`, 'VALIDATION_ERROR', validationDetails(error)));
    }
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.statusCode).send(body(request, error.message, error.code, error.details));
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) {
      if (known.status === 413) drainOversizedBody(request, reply);
      return reply.status(known.status).send(body(request, known.message ?? error.message, known.code));
    }
    const pgCode = postgresErrorCode(error);
    const pgKnown = pgCode ? postgresCodes[pgCode] : undefined;
    if (pgKnown) {
      request.log.warn({ err: error }, 'database rejected the input');
      return reply.status(pgKnown.status).send(body(request, pgKnown.message, pgKnown.code));
    }
    const unavailable = databaseUnavailability(error);
    if (unavailable) {
      // Overload or an outage, not a bug: a clear, retryable 503 rather than a 500.
      request.log.warn({ err: error }, `database ${unavailable}: answered 503`);
      return reply
        .status(503)
        .header('retry-after', unavailable === 'busy' ? '1' : '5')
        .send(
          body(request, databaseUnavailableMessages[unavailable], `DATABASE_${unavailable.toUpperCase()}`),
        );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(request, error.message, genericCodes[status] ?? 'BAD_REQUEST'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(body(request, 'Internal server error', 'INTERNAL_ERROR'));
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .status(404)
      .send(body(request, `Route ${request.method} ${request.url.split('?')[0]} not found`, 'NOT_FOUND')),
  );
}
