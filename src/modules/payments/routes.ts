import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import {
  createRazorpayOrderBody,
  razorpayOrderSchema,
  razorpayVerifyBody,
  razorpayVerifySchema,
  stripeSessionBody,
  stripeSessionSchema,
  webhookAckSchema,
} from './schemas';
import {
  createRazorpayOrder,
  createStripeCheckoutSession,
  handleWebhook,
  verifyRazorpayPayment,
} from './service';

export async function paymentRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const guarded = { tags: ['payments'], security: bearerSecurity };

  app.post(
    '/payments/stripe/checkout-session',
    {
      onRequest: requireAuth(),
      schema: {
        ...guarded,
        summary: 'Start a Stripe hosted checkout for my order',
        description:
          'Owner only (another user’s order → 404). The order must be PENDING, unpaid and placed with paymentMethod STRIPE ' +
          '(else 409 ORDER_NOT_PAYABLE / PAYMENT_METHOD_MISMATCH). Line items in minor units, `client_reference_id` and ' +
          '`metadata.orderId` carry the order id. Safe to repeat: while a session is open for the same amount it is returned ' +
          'again (200); a new session answers 201. ' +
          'Accepts `Idempotency-Key` (replayed with `Idempotent-Replayed: true`; different body → 422; in flight → 409). 502 PAYMENT_PROVIDER_ERROR when Stripe refuses, 503 when not configured.',
        headers: idempotencyHeaders,
        body: stripeSessionBody,
        response: {
          200: envelope(stripeSessionSchema),
          201: envelope(stripeSessionSchema),
          ...errorResponses(400, 401, 404, 409, 422, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const result = await createStripeCheckoutSession(
        ctx,
        currentUser(request),
        request.body.orderId,
        request.headers['idempotency-key'],
      );
      return sendIdempotent(reply, result);
    },
  );

  app.post(
    '/payments/razorpay/order',
    {
      onRequest: requireAuth(),
      schema: {
        ...guarded,
        summary: 'Create a Razorpay order for my order',
        description:
          'Owner only (404 otherwise); the order must be PENDING, unpaid and placed with paymentMethod RAZORPAY (409). ' +
          'Answers what Razorpay Checkout needs: `razorpayOrderId`, `amount` (minor units), `currency`, `keyId`. ' +
          'Repeating it returns the same open Razorpay order (200); a new one answers 201. Accepts `Idempotency-Key` ' +
          '(replayed with `Idempotent-Replayed: true`; different body → 422; in flight → 409).',
        headers: idempotencyHeaders,
        body: createRazorpayOrderBody,
        response: {
          200: envelope(razorpayOrderSchema),
          201: envelope(razorpayOrderSchema),
          ...errorResponses(400, 401, 404, 409, 422, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const result = await createRazorpayOrder(
        ctx,
        currentUser(request),
        request.body.orderId,
        request.headers['idempotency-key'],
      );
      return sendIdempotent(reply, result);
    },
  );

  app.post(
    '/payments/razorpay/verify',
    {
      onRequest: requireAuth(),
      schema: {
        ...guarded,
        summary: 'Confirm a Razorpay payment from Checkout',
        description:
          'Checks HMAC-SHA256(`razorpayOrderId|razorpayPaymentId`, key secret) in constant time: a match marks the order PAID ' +
          '(once, even racing the webhook); a mismatch → 400 INVALID_SIGNATURE and nothing changes.',
        body: razorpayVerifyBody,
        response: { 200: envelope(razorpayVerifySchema), ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) =>
      ok(await verifyRazorpayPayment(ctx, currentUser(request), request.body), 'Payment verified'),
  );

  // Webhooks: signatures cover the exact bytes, so these routes get the raw body (a Buffer) from a
  // JSON parser that applies to this encapsulated plugin only.
  await app.register(async (raw: App) => {
    raw.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const webhook =
      (provider: 'STRIPE' | 'RAZORPAY') => async (request: FastifyRequest, reply: FastifyReply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await handleWebhook(ctx, provider, body, request.headers);
        return reply.send(
          ok(
            { received: true as const, duplicate: result.duplicate, outcome: result.outcome },
            result.duplicate ? 'Event already processed' : 'Event processed',
          ),
        );
      };
    raw.post(
      '/payments/stripe/webhook',
      {
        // Providers retry on their own schedule; a throttled delivery would only be retried again.
        config: { rateLimit: false },
        schema: {
          tags: ['payments'],
          summary: 'Stripe webhook',
          description:
            'Raw JSON body verified against `Stripe-Signature` (STRIPE_WEBHOOK_SECRET, 5 minute tolerance); missing/invalid ' +
            'signature, or a timestamp more than 5 minutes old or ahead → 400 INVALID_SIGNATURE and nothing changes. Each event ' +
            'id is processed once ' +
            '(a repeat answers 200 with `duplicate: true`). checkout.session.completed (paid) and ' +
            'checkout.session.async_payment_succeeded → order PAID when amount and currency are present and match (else the ' +
            'payment is flagged); checkout.session.async_payment_failed, checkout.session.expired, payment_intent.payment_failed → ' +
            'payment FAILED + admin alert. An event for an unknown order → 200, recorded and ignored.',
          response: { 200: envelope(webhookAckSchema), ...errorResponses(400, 415, 503) },
        },
      },
      webhook('STRIPE'),
    );
    raw.post(
      '/payments/razorpay/webhook',
      {
        // Providers retry on their own schedule; a throttled delivery would only be retried again.
        config: { rateLimit: false },
        schema: {
          tags: ['payments'],
          summary: 'Razorpay webhook',
          description:
            'Raw JSON body verified against `X-Razorpay-Signature` (hex HMAC-SHA256 with RAZORPAY_WEBHOOK_SECRET); invalid → ' +
            '400 INVALID_SIGNATURE. An event about a payment is identified by its (signed) event name and payment id, so a ' +
            'redelivery is a duplicate whatever its (unsigned) `X-Razorpay-Event-Id`; other events by that header. ' +
            'payment.captured and order.paid → PAID, ' +
            'payment.failed → FAILED + admin alert. An event for an unknown order → 200, recorded and ignored.',
          response: { 200: envelope(webhookAckSchema), ...errorResponses(400, 415, 503) },
        },
      },
      webhook('RAZORPAY'),
    );
  });
}
