import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, uuidParam, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { refundDestinationSchema, refundSchema } from './refund-views';
import { refundOrderPayment } from './refunds';

const createRefundBody = z.strictObject({
  amount: z.number().int().min(1).max(2_147_483_647).describe('Minor units'),
  reason: z.string().trim().min(1).max(500),
  refundTo: refundDestinationSchema
    .optional()
    .describe(
      'ORIGINAL: the order payment through its provider, or a manual record for cash; STORE_CREDIT: the customer’s store credit. ' +
        'Default: STORE_CREDIT for cash on delivery, ORIGINAL otherwise',
    ),
});

export async function refundRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.post(
    '/admin/orders/:id/refunds',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['payments'],
        security: bearerSecurity,
        summary: 'Refund part (or all) of what was paid for an order',
        description:
          'Σ refunds never exceeds what was paid, also under concurrent calls (409 REFUND_EXCEEDS_PAID). ORIGINAL ' +
          'refunds go through the order’s provider (Stripe/Razorpay refund of that amount, keyed by the refund id) or ' +
          'are recorded as manual for cash on delivery; STORE_CREDIT refunds (the default for cash on delivery) credit the customer’s ledger once. ' +
          'For an order paid partly with store credit, the provider returns at most what it collected and the rest goes to credit (`storeCreditAmount`). The answer is SUCCEEDED, or PENDING when the provider failed: ' +
          'a job retries it until it succeeds. The order’s `refundedAmount`, `refunds[]` and `paymentStatus` ' +
          '(PARTIALLY_REFUNDED / REFUNDED) follow. Accepts Idempotency-Key.',
        headers: idempotencyHeaders,
        params: uuidParam,
        body: createRefundBody,
        response: { 201: envelope(refundSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await refundOrderPayment(
          ctx,
          currentUser(request).id,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );
}
