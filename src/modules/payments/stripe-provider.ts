import type Stripe from 'stripe';
import type { Config } from '../../config';
import { onFirstUse } from '../../platform/lazy';
import {
  header,
  int,
  invalidSignature,
  providerError,
  str,
  unavailable,
  type CreatedPayment,
  type OrderToPay,
  type PaymentProvider,
  type ProviderEvent,
  type RefundableAttempt,
} from './provider';

export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

/** The SDK (~0.2 s of CPU to load) on the first Stripe payment, webhook or refund, not at start-up. */
const stripeSdk = onFirstUse<typeof Stripe>('stripe');

export function stripeClient(config: Config): Stripe {
  if (!config.STRIPE_SECRET_KEY) throw unavailable('Stripe');
  const base = new URL(config.STRIPE_API_URL);
  const StripeSdk = stripeSdk();
  return new StripeSdk(config.STRIPE_SECRET_KEY, {
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
