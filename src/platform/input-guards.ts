import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validationError, type ErrorDetail } from './errors';

const NUL = '\u0000';
const NUL_MESSAGE = 'NUL characters (\\u0000) are not allowed';

/** Paths (dot-joined, like validation details) of every string or key in `value` that holds a NUL. */
export function findNulCharacters(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes(NUL) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes(NUL)) found.push(itemPath);
    else found.push(...findNulCharacters(item, itemPath));
  }
  return found;
}

function nulDetails(request: FastifyRequest, inUrl: boolean): ErrorDetail[] {
  const parts = inUrl
    ? { params: request.params, query: request.query, body: request.body }
    : { body: request.body };
  return Object.entries(parts).flatMap(([where, value]) =>
    findNulCharacters(value).map((path) => ({ path: path || where, message: NUL_MESSAGE })),
  );
}

/**
 * Path parameters and the query string are decoded from the URL, where a NUL can only be written
 * as `%00` (the HTTP parser refuses a raw one; injected requests may carry it): a URL without
 * either cannot give one, and most requests skip the walk over params and query.
 */
const urlMayHoldNul = (url: string) => url.includes('%00') || url.includes(NUL);

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Input rules that hold for every route, checked before the route's own schema (and after the
 * onRequest authentication, so anonymous callers still get 401 first):
 * - no string anywhere in params, query or body may contain NUL (PostgreSQL text cannot store it);
 * - a PATCH with a body schema must change something: `{}` is a 400, never a silent no-op.
 * Added to each route as it is registered, and only to routes that take input: a GET or HEAD route
 * without path parameters or a query schema (health checks, /metrics) reads nothing a NUL could
 * hide in, and its requests skip the hook.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    const methods = [route.method].flat();
    const readsOnly = methods.every((method) => method === 'GET' || method === 'HEAD');
    const takesInput = schema?.params || schema?.querystring || /[:*]/.test(route.url);
    if (readsOnly && !takesInput) return;
    const patchNeedsAChange = methods.includes('PATCH') && schema?.body !== undefined;
    const own = route.preValidation === undefined ? [] : [route.preValidation].flat();
    if (own.includes(inputGuard) || own.includes(patchInputGuard)) return;
    route.preValidation = [patchNeedsAChange ? patchInputGuard : inputGuard, ...own];
  });
}

// Synchronous (done callback): no promise per request.
function inputGuard(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  done(nulError(request));
}

function patchInputGuard(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  const error = nulError(request);
  if (error) return done(error);
  if (request.method === 'PATCH' && isEmptyObject(request.body)) {
    return done(
      validationError('Invalid body', [{ path: '', message: 'Send at least one field to change' }]),
    );
  }
  done();
}

function nulError(request: FastifyRequest): Error | undefined {
  const inUrl = urlMayHoldNul(request.url);
  if (!inUrl && (request.body === undefined || request.body === null)) return undefined;
  const details = nulDetails(request, inUrl);
  return details.length > 0 ? validationError('Invalid input', details) : undefined;
}
