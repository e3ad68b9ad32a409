import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import { reserveAttempts, type AttemptLimit } from '../../platform/attempts';
import { AppError } from '../../platform/errors';
import { normalizeEmail } from '../users/service';

/** Failed sign-ins from one IP address within LOGIN_WINDOW before it is throttled. */
export const IP_MAX_LOGIN_FAILURES = 100;
const MAIL_WINDOW_MS = 3_600_000;
/** Mails of one kind (codes, reset links) per account and hour, whoever asks. */
const MAILS_PER_ACCOUNT = 10;
/** ... of which one IP address may spend at most this many, so a stranger cannot use them all up. */
const MAILS_PER_ACCOUNT_AND_IP = 3;
/** Mail requests (any account, known or not) from one IP address per hour. */
const MAIL_REQUESTS_PER_IP = 30;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** The error for a full counter: 429 with Retry-After. */
function tooManyAttempts(resetInMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
  return new AppError(
    429,
    'RATE_LIMITED',
    `Too many failed sign-in attempts; retry in ${seconds} s`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}

async function reserve(ctx: AppContext, limits: AttemptLimit[], windowMs: number): Promise<number | null> {
  return (await reserveAttempts(ctx.cache, limits, windowMs)).full;
}

export interface LoginAttempt {
  /** The password was right: the reserved slots are given back (only failures count). */
  succeeded(): Promise<void>;
}

/**
 * Reserves a password check before it runs, so concurrent guesses cannot exceed the limits: per
 * IP address (100), per (account, IP address) (LOGIN_MAX_FAILURES) and per account
 * (LOGIN_ACCOUNT_MAX_FAILURES, higher, so a stranger's guesses alone cannot lock the owner out).
 * The reservation stands as a failure unless `succeeded()` is called. Fails open without the cache.
 */
export async function reserveLoginAttempt(ctx: AppContext, email: string, ip: string): Promise<LoginAttempt> {
  const account = digest(normalizeEmail(email));
  const limits: AttemptLimit[] = [
    { key: `auth:login-failures:ip:${ip}`, max: IP_MAX_LOGIN_FAILURES },
    { key: `auth:login-failures:pair:${account}:${ip}`, max: ctx.config.LOGIN_MAX_FAILURES },
    { key: `auth:login-failures:account:${account}`, max: ctx.config.LOGIN_ACCOUNT_MAX_FAILURES },
  ];
  let resetInMs: number | null;
  try {
    resetInMs = await reserve(ctx, limits, ctx.config.LOGIN_WINDOW);
  } catch (err) {
    ctx.log.warn({ err }, 'login limiter unavailable; allowing the attempt');
    return { succeeded: async () => {} };
  }
  if (resetInMs !== null) throw tooManyAttempts(resetInMs);
  return {
    succeeded: () =>
      Promise.all(limits.map((limit) => ctx.cache.decrement(limit.key)))
        .then(() => undefined)
        .catch((err: unknown) => ctx.log.warn({ err }, 'login limiter unavailable')),
  };
}

/**
 * Silently caps mails per account and kind (mail bombing). The caller's IP address is charged
 * first, then the (account, IP) pair, and only then the account's own budget, so anonymous callers
 * cannot spend the owner's. Fails open when the cache is down.
 */
export async function mailAllowed(
  ctx: AppContext,
  kind: string,
  userId: string,
  ip: string,
): Promise<boolean> {
  try {
    const full = await reserve(
      ctx,
      [
        { key: `auth:mails:${kind}:pair:${userId}:${ip}`, max: MAILS_PER_ACCOUNT_AND_IP },
        { key: `auth:mails:${kind}:account:${userId}`, max: MAILS_PER_ACCOUNT },
      ],
      MAIL_WINDOW_MS,
    );
    return full === null;
  } catch (err) {
    ctx.log.warn({ err }, 'mail limiter unavailable');
    return true;
  }
}

/** Mail requests per IP address, counted before the account is even looked up. */
export async function mailRequestAllowed(ctx: AppContext, ip: string): Promise<boolean> {
  try {
    const { count } = await ctx.cache.increment(`auth:mail-requests:ip:${ip}`, MAIL_WINDOW_MS);
    return count <= MAIL_REQUESTS_PER_IP;
  } catch (err) {
    ctx.log.warn({ err }, 'mail limiter unavailable');
    return true;
  }
}
