import { createHash } from 'node:crypto';
import { reserveAttempts } from '../../platform/attempts';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { couponInvalid } from './service';

const WINDOW_MS = 15 * 60_000;
/** Wrong coupon codes per cart (or signed-in user) and per IP address within WINDOW_MS. */
export const COUPON_FAILURES_PER_CART = 10;
export const COUPON_FAILURES_PER_IP = 30;

export interface CouponCaller {
  ip: string;
  userId?: string | undefined;
  cartToken?: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Runs one attempt to apply a coupon code under the guessing limits: the attempt is reserved
 * before the code is looked at, kept when the code is refused (a COUPON_* error) and given back
 * otherwise. Beyond a limit → 429 RATE_LIMITED. Guests learn nothing from the difference
 * between an unknown and an expired code (both COUPON_INVALID). Fails open without the cache.
 */
export async function withCouponAttempt<T>(
  ctx: AppContext,
  caller: CouponCaller,
  apply: () => Promise<T>,
): Promise<T> {
  const cart = caller.userId
    ? `user:${caller.userId}`
    : caller.cartToken
      ? `token:${digest(caller.cartToken)}`
      : null;
  const limits = [
    { key: `coupon-failures:ip:${caller.ip}`, max: COUPON_FAILURES_PER_IP },
    ...(cart ? [{ key: `coupon-failures:cart:${cart}`, max: COUPON_FAILURES_PER_CART }] : []),
  ];
  const reservation = await reserveAttempts(ctx.cache, limits, WINDOW_MS).catch((err: unknown) => {
    ctx.log.warn({ err }, 'coupon limiter unavailable; allowing the attempt');
    return { full: null, release: async () => {} };
  });
  if (reservation.full !== null) {
    const seconds = Math.max(1, Math.ceil(reservation.full / 1000));
    throw new AppError(429, 'RATE_LIMITED', `Too many wrong coupon codes; retry in ${seconds} s`, undefined, {
      'retry-after': String(seconds),
    });
  }
  const giveBack = () =>
    reservation.release().catch((err: unknown) => ctx.log.warn({ err }, 'coupon limiter unavailable'));
  try {
    const result = await apply();
    await giveBack();
    return result;
  } catch (error) {
    if (!(error instanceof AppError && error.code.startsWith('COUPON_'))) {
      await giveBack();
      throw error;
    }
    if (!caller.userId && error.code === 'COUPON_EXPIRED') throw couponInvalid();
    throw error;
  }
}
