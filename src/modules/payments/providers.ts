import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';
import type { Config } from '../../config';
import { AppError, badRequest } from '../../platform/errors';
import type { PaymentProviderName } from './tables';

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

export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

const unavailable = (provider: string) =>
  new AppError(503, 'PAYMENT_PROVIDER_UNAVAILABLE', `${provider} payments are not configured`);

const providerError = (provider: string, detail: string) =>
  new AppError(502, 'PAYMENT_PROVIDER_ERROR', `${provider} did not accept the request: ${detail}`);

const invalidSignature = (message: string) => badRequest('INVALID_SIGNATURE', message);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(rawBody: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest('VALIDATION_ERROR', 'The body is not a JSON object');
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

// ---------------------------------------------------------------- Stripe

export function stripeClient(config: Config): Stripe {
  if (!config.STRIPE_SECRET_KEY) throw unavailable('Stripe');
  const base = new URL(config.STRIPE_API_URL);
  return new Stripe(config.STRIPE_SECRET_KEY, {
    host: base.hostname,
    port: base.port || (base.protocol === 'http:' ? 80 : 443),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

/** Stripe takes lower-case ISO currency codes; our orders store upper case. */
const stripeCurrency = (currency: string) => currency.toLowerCase();

/**
 * The SDK only refuses timestamps older than the tolerance; a signature dated beyond it in the
 * future (a clock attack, or a header prepared for later replay) is refused here.
 */
function assertNotFromTheFuture(signature: string): void {
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  if (Number.isFinite(timestamp) && timestamp - Date.now() / 1000 > STRIPE_WEBHOOK_TOLERANCE_SECONDS)
    throw invalidSignature('Invalid Stripe-Signature: timestamp is in the future');
}

export class StripeProvider implements PaymentProvider {
  readonly name = 'STRIPE' as const;
  constructor(private readonly config: Config) {}

  async createPayment(attemptId: string, order: OrderToPay): Promise<CreatedPayment> {
    const stripe = stripeClient(this.config);
    const fill = (template: string) =>
      template.replaceAll('{ORDER_ID}', order.id).replaceAll('%7BORDER_ID%7D', order.id);
    const storefront = this.config.STOREFRONT_URL;
    const successUrl = fill(
      this.config.STRIPE_SUCCESS_URL ??
        `${storefront}/checkout/success?orderId={ORDER_ID}&session_id={CHECKOUT_SESSION_ID}`,
    );
    const cancelUrl = fill(
      this.config.STRIPE_CANCEL_URL ?? `${storefront}/checkout/cancel?orderId={ORDER_ID}`,
    );
    const currency = stripeCurrency(order.currency);
    // Line items must add up to the order total: one per item when nothing is taken off, else a
    // single line for the whole order (Stripe line items cannot be negative).
    const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] =
      order.discount === 0
        ? [
            ...order.items.map((i) => ({
              quantity: i.quantity,
              price_data: {
                currency,
                unit_amount: i.unitPrice,
                product_data: { name: `${i.name} (${i.sku})` },
              },
            })),
            ...(order.shipping > 0
              ? [
                  {
                    quantity: 1,
                    price_data: { currency, unit_amount: order.shipping, product_data: { name: 'Shipping' } },
                  },
                ]
              : []),
            ...(order.tax > 0
              ? [
                  {
                    quantity: 1,
                    price_data: { currency, unit_amount: order.tax, product_data: { name: 'Tax' } },
                  },
                ]
              : []),
          ]
        : [
            {
              quantity: 1,
              price_data: {
                currency,
                unit_amount: order.total,
                product_data: { name: `Order ${order.orderNumber}` },
              },
            },
          ];
    const metadata = { orderId: order.id, orderNumber: order.orderNumber, paymentAttemptId: attemptId };
    try {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lineItems,
          client_reference_id: order.id,
          customer_email: order.customerEmail,
          metadata,
          payment_intent_data: { metadata },
          success_url: successUrl,
          cancel_url: cancelUrl,
        },
        { idempotencyKey: `checkout-session-${attemptId}` },
      );
      if (!session.url) throw new Error('no url in the session');
      return { providerOrderId: session.id, checkoutUrl: session.url };
    } catch (error) {
      throw providerError('Stripe', (error as Error).message);
    }
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): ProviderEvent {
    if (!this.config.STRIPE_WEBHOOK_SECRET) throw unavailable('Stripe');
    const signature = header(headers, 'stripe-signature');
    if (!signature) throw invalidSignature('Missing Stripe-Signature header');
    assertNotFromTheFuture(signature);
    let event: Stripe.Event;
    try {
      // The SDK's own check: HMAC-SHA256 of "<t>.<raw body>", constant-time, 5 minute tolerance.
      event = stripeClient(this.config).webhooks.constructEvent(
        rawBody,
        signature,
        this.config.STRIPE_WEBHOOK_SECRET,
        STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      );
    } catch (error) {
      throw invalidSignature(`Invalid Stripe-Signature: ${(error as Error).message}`);
    }
    const base = { eventId: event.id, type: event.type, payload: event, reason: null };
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.async_payment_failed':
      case 'checkout.session.expired': {
        const session = event.data.object;
        const paid =
          event.type === 'checkout.session.async_payment_succeeded' ||
          (event.type === 'checkout.session.completed' && session.payment_status === 'paid');
        const failed =
          event.type === 'checkout.session.async_payment_failed' || event.type === 'checkout.session.expired';
        const paymentIntent = session.payment_intent;
        return {
          ...base,
          effect: paid ? 'PAID' : failed ? 'FAILED' : 'IGNORE',
          orderId: str(session.metadata?.orderId) ?? str(session.client_reference_id),
          attemptId: str(session.metadata?.paymentAttemptId),
          providerOrderId: session.id,
          providerPaymentId: typeof paymentIntent === 'string' ? paymentIntent : (paymentIntent?.id ?? null),
          amount: int(session.amount_total),
          currency: session.currency ? session.currency.toUpperCase() : null,
          reason: failed
            ? event.type === 'checkout.session.expired'
              ? 'checkout session expired'
              : 'asynchronous payment failed'
            : null,
        };
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        return {
          ...base,
          effect: 'FAILED',
          orderId: str(intent.metadata?.orderId),
          attemptId: str(intent.metadata?.paymentAttemptId),
          providerOrderId: null,
          providerPaymentId: intent.id,
          amount: int(intent.amount),
          currency: intent.currency ? intent.currency.toUpperCase() : null,
          reason: intent.last_payment_error?.message ?? 'payment failed',
        };
      }
      default:
        return {
          ...base,
          effect: 'IGNORE',
          orderId: null,
          providerOrderId: null,
          providerPaymentId: null,
          amount: null,
          currency: null,
        };
    }
  }

  async refund(attempt: RefundableAttempt): Promise<{ refundId: string }> {
    if (!attempt.providerPaymentId) throw providerError('Stripe', 'the attempt has no payment intent');
    try {
      const refund = await stripeClient(this.config).refunds.create(
        {
          payment_intent: attempt.providerPaymentId,
          amount: attempt.amount,
          metadata: { orderId: attempt.orderId, refundId: attempt.id },
        },
        { idempotencyKey: `refund-${attempt.id}` },
      );
      return { refundId: refund.id };
    } catch (error) {
      throw providerError('Stripe', (error as Error).message);
    }
  }
}

// ---------------------------------------------------------------- Razorpay

/** Constant-time comparison of two hex digests. */
export function safeEqualHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export class RazorpayProvider implements PaymentProvider {
  readonly name = 'RAZORPAY' as const;
  constructor(private readonly config: Config) {}

  get keyId(): string {
    if (!this.config.RAZORPAY_KEY_ID || !this.config.RAZORPAY_KEY_SECRET) throw unavailable('Razorpay');
    return this.config.RAZORPAY_KEY_ID;
  }

  private async call<T>(path: string, body: object): Promise<T> {
    const keyId = this.keyId;
    const auth = Buffer.from(`${keyId}:${this.config.RAZORPAY_KEY_SECRET}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(`${this.config.RAZORPAY_API_URL.replace(/\/$/, '')}/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw providerError('Razorpay', (error as Error).message);
    }
    const text = await response.text();
    if (!response.ok) throw providerError('Razorpay', `HTTP ${response.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  async createPayment(attemptId: string, order: OrderToPay): Promise<CreatedPayment> {
    // `receipt` is our attempt id: the outbound idempotency key Razorpay shows on the order.
    const created = await this.call<{ id?: string }>('/orders', {
      amount: order.total,
      currency: order.currency,
      receipt: attemptId,
      notes: { orderId: order.id, orderNumber: order.orderNumber, paymentAttemptId: attemptId },
    });
    if (!created.id) throw providerError('Razorpay', 'no order id in the answer');
    return { providerOrderId: created.id, checkoutUrl: null };
  }

  /** Checkout's client-side confirmation: HMAC-SHA256("<order id>|<payment id>", key secret). */
  verifyPaymentSignature(razorpayOrderId: string, razorpayPaymentId: string, signature: string): boolean {
    if (!this.config.RAZORPAY_KEY_SECRET) throw unavailable('Razorpay');
    const expected = createHmac('sha256', this.config.RAZORPAY_KEY_SECRET)
      .update(`${razorpayOrderId}|${razorpayPaymentId}`)
      .digest('hex');
    return safeEqualHex(expected, signature);
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): ProviderEvent {
    if (!this.config.RAZORPAY_WEBHOOK_SECRET) throw unavailable('Razorpay');
    const signature = header(headers, 'x-razorpay-signature');
    if (!signature) throw invalidSignature('Missing X-Razorpay-Signature header');
    const expected = createHmac('sha256', this.config.RAZORPAY_WEBHOOK_SECRET).update(rawBody).digest('hex');
    if (!safeEqualHex(expected, signature)) throw invalidSignature('Invalid X-Razorpay-Signature');
    const body = parseJson(rawBody);
    const type = str(body.event) ?? 'unknown';
    const payload = (body.payload ?? {}) as Record<string, { entity?: Record<string, unknown> } | undefined>;
    const payment = payload.payment?.entity ?? {};
    const order = payload.order?.entity ?? {};
    const notes = (e: Record<string, unknown>) => (e.notes ?? {}) as Record<string, unknown>;
    // x-razorpay-event-id is not signed, so a replayed body with a new id must still be a duplicate:
    // an event about a payment is identified by the signed (event, payment id); others by the
    // header, else by the body itself.
    const paymentId = str(payment.id);
    const eventId = paymentId
      ? `${type}:${paymentId}`
      : (header(headers, 'x-razorpay-event-id') ??
        `sha256:${createHash('sha256').update(rawBody).digest('hex')}`);
    const effect =
      type === 'payment.captured' || type === 'order.paid'
        ? 'PAID'
        : type === 'payment.failed'
          ? 'FAILED'
          : 'IGNORE';
    return {
      eventId,
      type,
      effect,
      orderId: str(notes(payment).orderId) ?? str(notes(order).orderId),
      attemptId: str(notes(payment).paymentAttemptId) ?? str(notes(order).paymentAttemptId),
      providerOrderId: str(payment.order_id) ?? str(order.id),
      providerPaymentId: paymentId,
      amount: type === 'order.paid' ? (int(order.amount_paid) ?? int(payment.amount)) : int(payment.amount),
      currency: str(payment.currency) ?? str(order.currency),
      reason: effect === 'FAILED' ? (str(payment.error_description) ?? 'payment failed') : null,
      payload: body,
    };
  }

  async refund(attempt: RefundableAttempt): Promise<{ refundId: string }> {
    if (!attempt.providerPaymentId) throw providerError('Razorpay', 'the attempt has no payment id');
    const refund = await this.call<{ id?: string }>(
      `/payments/${encodeURIComponent(attempt.providerPaymentId)}/refund`,
      {
        amount: attempt.amount,
        receipt: `refund-${attempt.id}`,
        notes: { orderId: attempt.orderId, refundId: attempt.id },
      },
    );
    if (!refund.id) throw providerError('Razorpay', 'no refund id in the answer');
    return { refundId: refund.id };
  }
}

// ---------------------------------------------------------------- cash on delivery

/** Cash on delivery: nothing to create online; a refund is recorded as a manual one. */
export class CodProvider implements PaymentProvider {
  readonly name = 'COD' as const;
  async createPayment(attemptId: string): Promise<CreatedPayment> {
    return { providerOrderId: `cod-${attemptId}`, checkoutUrl: null };
  }
  parseWebhook(): ProviderEvent {
    throw badRequest('VALIDATION_ERROR', 'Cash on delivery has no webhooks');
  }
  async refund(attempt: RefundableAttempt): Promise<{ refundId: string }> {
    return { refundId: `manual-${attempt.id}` };
  }
}

export function providerFor(config: Config, name: PaymentProviderName): PaymentProvider {
  if (name === 'STRIPE') return new StripeProvider(config);
  if (name === 'RAZORPAY') return new RazorpayProvider(config);
  return new CodProvider();
}
