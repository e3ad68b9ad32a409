import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { postgresErrorCode } from './db';
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

interface ErrorBody {
  success: false;
  message: string;
  error: { code: string; details?: ErrorDetail[] };
  requestId: string;
}

function body(request: FastifyRequest, message: string, code: string, details?: ErrorDetail[]): ErrorBody {
  return { success: false, message, error: details ? { code, details } : { code }, requestId: request.id };
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
      return reply.status(known.status).send(body(request, known.message ?? error.message, known.code));
    }
    const pgCode = postgresErrorCode(error);
    const pgKnown = pgCode ? postgresCodes[pgCode] : undefined;
    if (pgKnown) {
      request.log.warn({ err: error }, 'database rejected the input');
      return reply.status(pgKnown.status).send(body(request, pgKnown.message, pgKnown.code));
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
