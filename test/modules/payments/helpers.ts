import Stripe from 'stripe';
import type { TestApp } from '../../helpers/app';
import { addToCart, checkout, count, product, shopper, type Shopper } from '../orders/fixtures';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_secret';
export const RAZORPAY_KEY_ID = 'rzp_test_key';
export const RAZORPAY_KEY_SECRET = 'rzp_test_key_secret';
export const RAZORPAY_WEBHOOK_SECRET = 'rzp_webhook_secret';
export const ADMIN_EMAIL = 'alerts-admin@example.com';

export function paymentEnv(standInUrl: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_x',
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_URL: standInUrl,
    RAZORPAY_KEY_ID,
    RAZORPAY_KEY_SECRET,
    RAZORPAY_WEBHOOK_SECRET,
    RAZORPAY_API_URL: standInUrl,
    APP_URL: 'https://shop.example.com',
    ADMIN_EMAIL,
    ADMIN_PASSWORD: 'Admin-password-123!',
  };
}

/** A real order: a product, a customer with it in the cart, checked out with `paymentMethod`. */
export async function placeOrder(
  t: TestApp,
  admin: Shopper,
  paymentMethod: 'COD' | 'STRIPE' | 'RAZORPAY',
  opts: { price?: number; quantity?: number; currency?: string; customer?: Shopper } = {},
) {
  const customer = opts.customer ?? (await shopper(t));
  const item = await product(t, admin, {
    price: opts.price ?? 2500,
    stock: 10,
    currency: opts.currency ?? 'USD',
  });
  await addToCart(t, customer, item.variantId, opts.quantity ?? 2);
  const res = await checkout(t, customer, { paymentMethod });
  if (res.statusCode !== 201) throw new Error(`checkout failed: ${res.statusCode} ${res.body}`);
  return { customer, order: res.json().data, variantId: item.variantId };
}

export async function orderRow(t: TestApp, orderId: string) {
  const { rows } = await t.ctx.database.pool.query(
    'SELECT status, payment_status FROM orders WHERE id = $1',
    [orderId],
  );
  return rows[0] as { status: string; payment_status: string };
}

export const paidTransitions = (t: TestApp, orderId: string) =>
  count(
    t,
    `SELECT 1 FROM order_status_history WHERE order_id = $1 AND to_status = 'PAID' AND from_status = 'PENDING'`,
    [orderId],
  );

export const jobsFor = (t: TestApp, name: string, where: string, params: unknown[]) =>
  count(t, `SELECT 1 FROM pgboss.job WHERE name = '${name}' AND ${where}`, params);

const stripe = new Stripe('sk_test_x');

/** A Stripe event body and the Stripe-Signature header Stripe would send with it. */
export function signedStripeEvent(
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; timestamp?: number; secret?: string } = {},
) {
  const payload = JSON.stringify({
    id: opts.id ?? `evt_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
  });
  const signature = stripe.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? STRIPE_WEBHOOK_SECRET,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
  });
  return { payload, signature };
}

export function postStripeWebhook(t: TestApp, event: { payload: string; signature?: string }) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/webhook',
    headers: {
      'content-type': 'application/json',
      ...(event.signature ? { 'stripe-signature': event.signature } : {}),
    },
    payload: event.payload,
  });
}
