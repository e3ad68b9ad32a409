import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context';

/** An opaque random token (256 bits, base64url). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A 6-digit numeric code, uniformly random. */
export function randomCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/**
 * Tokens and codes are stored only as an HMAC keyed with a server secret: a database leak reveals
 * neither the tokens nor (for 6-digit codes, which a plain hash would not protect) the codes.
 */
export function secretHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** secretHash keyed with the server's refresh secret, as every stored token and code is. */
export const hashOf = (ctx: AppContext, purpose: string, value: string) =>
  secretHash(ctx.config.JWT_REFRESH_SECRET, purpose, value);
