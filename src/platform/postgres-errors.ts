import type { AppError } from './errors';

/** SQLSTATE codes the services translate. */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';
export const NOT_NULL_VIOLATION = '23502';

export interface PostgresError {
  code: string;
  constraint: string | undefined;
  detail: string | undefined;
}

/** A PostgreSQL error's code, constraint and detail, also when wrapped (Drizzle puts the driver's error in `cause`). */
export function postgresError(error: unknown): PostgresError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const candidate = current as { code?: unknown; severity?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && typeof candidate.severity === 'string') {
      const { constraint, detail } = candidate as { constraint?: unknown; detail?: unknown };
      return {
        code: candidate.code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        detail: typeof detail === 'string' ? detail : undefined,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** The SQLSTATE of a PostgreSQL error, or undefined for anything else. */
export function postgresErrorCode(error: unknown): string | undefined {
  return postgresError(error)?.code;
}

/** Did `error` violate `constraint` (any constraint when omitted) with SQLSTATE `code`? */
export function isViolation(error: unknown, code: string, constraint?: string): boolean {
  const found = postgresError(error);
  return found?.code === code && (constraint === undefined || found.constraint === constraint);
}

/**
 * The one PostgreSQL error mapper: a violated constraint named in `byConstraint` is rethrown as
 * the AppError it maps to (a 409 or 400 with a machine code); any other error unchanged.
 */
export function rethrowConstraintError(
  error: unknown,
  byConstraint: Record<string, (violation: PostgresError) => AppError>,
): never {
  const found = postgresError(error);
  const translate = found?.constraint ? byConstraint[found.constraint] : undefined;
  if (found && translate) throw translate(found);
  throw error;
}

/** Why the database could not take a query right now; the request may be retried shortly. */
export type DatabaseUnavailability = 'busy' | 'unavailable';

// pg-pool's own (code-less) error when no connection frees up within connectionTimeoutMillis.
const POOL_ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);

/**
 * 'busy' when every pool connection stayed taken too long or the server refuses more connections
 * (overload: more work than the database keeps up with), 'unavailable' when the server cannot be
 * reached or is shutting down or starting; undefined for every other error.
 */
export function databaseUnavailability(error: unknown): DatabaseUnavailability | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const { message, code, cause } = current as { message?: unknown; code?: unknown; cause?: unknown };
    if (message === POOL_ACQUIRE_TIMEOUT) return 'busy';
    // 53300 too_many_connections, 57014 query_canceled (statement timeout); 57P0x shutdown/
    // start-up, 08xxx connection exceptions.
    if (code === '53300' || code === '57014') return 'busy';
    if (typeof code === 'string' && (code.startsWith('57P0') || code.startsWith('08'))) return 'unavailable';
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unavailable';
    if (typeof message === 'string' && /^Connection terminated/.test(message)) return 'unavailable';
    current = cause;
  }
  return undefined;
}
