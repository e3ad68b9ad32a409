import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 */
export function registerInputGuards(app: FastifyInstance): void {
  // Synchronous (done callback): no promise per request.
  app.addHook('preValidation', (request, _reply, done) => {
    const inUrl = urlMayHoldNul(request.url);
    if (inUrl || (request.body !== undefined && request.body !== null)) {
      const details = nulDetails(request, inUrl);
      if (details.length > 0) return done(validationError('Invalid input', details));
    }
    if (request.method === 'PATCH' && request.routeOptions.schema?.body && isEmptyObject(request.body)) {
      return done(
        validationError('Invalid body', [{ path: '', message: 'Send at least one field to change' }]),
      );
    }
    done();
  });
}
