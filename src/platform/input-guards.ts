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

function nulDetails(request: FastifyRequest): ErrorDetail[] {
  const parts = { params: request.params, query: request.query, body: request.body };
  return Object.entries(parts).flatMap(([where, value]) =>
    findNulCharacters(value).map((path) => ({ path: path || where, message: NUL_MESSAGE })),
  );
}

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Input rules that hold for every route, checked before the route's own schema (and after the
 * onRequest authentication, so anonymous callers still get 401 first):
 * - no string anywhere in params, query or body may contain NUL (PostgreSQL text cannot store it);
 * - a PATCH with a body schema must change something: `{}` is a 400, never a silent no-op.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const details = nulDetails(request);
    if (details.length > 0) throw validationError('Invalid input', details);
    if (request.method === 'PATCH' && request.routeOptions.schema?.body && isEmptyObject(request.body)) {
      throw validationError('Invalid body', [{ path: '', message: 'Send at least one field to change' }]);
    }
  });
}
