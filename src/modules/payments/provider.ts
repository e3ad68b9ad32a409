import { timingSafeEqual } from 'node:crypto';
import { AppError, badRequest } from '../../platform/errors';
import type { PaymentProviderName } from './tables';

// What every payment provider implements, and the small helpers they share.

/** What a provider needs to know about the order it collects for. */
export interface OrderToPay {
  id: string;
  orderNumber: string;
  customerEmail: string;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  items: Array<{ name: string; sku: string; unitPrice: number; quantity: number }>;
}

export interface CreatedPayment {
  providerOrderId: string;
  checkoutUrl: string | null;
}

/** A provider event reduced to what the payments service acts on (the raw payload is kept too). */
export interface ProviderEvent {
  eventId: string;
  type: string;
  /** PAID: money captured; FAILED: the attempt failed or expired; IGNORE: recorded only. */
  effect: 'PAID' | 'FAILED' | 'IGNORE';
  /** Our order id as the provider echoed it back (metadata / notes / client reference). */
  orderId: string | null;
  /** Our payment attempt id as the provider echoed it back (metadata / notes), when present. */
  attemptId?: string | null;
  providerOrderId: string | null;
  providerPaymentId: string | null;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  payload: unknown;
}

/** A refund to make: `id` (our refund id) keys the provider call, so a retry never pays twice. */
export interface RefundableAttempt {
  id: string;
  orderId: string;
  amount: number;
  providerPaymentId: string | null;
}

/** The one interface every payment method implements. */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Creates the provider-side payment (session / order); `attemptId` keys outbound idempotency. */
  createPayment(attemptId: string, order: OrderToPay): Promise<CreatedPayment>;
  /** Verifies a webhook delivery on its raw body (400 INVALID_SIGNATURE) and normalises it. */
  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): ProviderEvent;
  /** Refunds `amount` of a captured payment; returns the provider's refund id. */
  refund(attempt: RefundableAttempt): Promise<{ refundId: string }>;
}

export const unavailable = (provider: string) =>
  new AppError(503, 'PAYMENT_PROVIDER_UNAVAILABLE', `${provider} payments are not configured`);

export const providerError = (provider: string, detail: string) =>
  new AppError(502, 'PAYMENT_PROVIDER_ERROR', `${provider} did not accept the request: ${detail}`);

export const invalidSignature = (message: string) => badRequest('INVALID_SIGNATURE', message);

export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseJson(rawBody: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest('VALIDATION_ERROR', 'The body is not a JSON object');
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
export const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** Constant-time comparison of two hex digests. */
export function safeEqualHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
