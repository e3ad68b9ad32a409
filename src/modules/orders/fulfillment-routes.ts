import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, uuidParam, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { createFulfillmentBody, fulfillmentParams, fulfillmentSchema } from './fulfillment-schemas';
import { deliverFulfillment, fulfillOrder } from './fulfillments';

export async function fulfillmentRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['orders'], security: bearerSecurity };
  app.post(
    '/admin/orders/:id/fulfillments',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Ship items of an order (partial or full) with carrier and tracking',
        description:
          'Default items: everything not yet fulfilled. More than remains → 409 FULFILLMENT_QUANTITY_EXCEEDED; ' +
          'a cancelled order, or an online payment not yet received → 409 INVALID_STATE_TRANSITION. The order ' +
          'moves to PROCESSING, and to SHIPPED once everything is fulfilled; the customer gets a tracking mail ' +
          'and `order.updated`. Accepts Idempotency-Key.',
        headers: idempotencyHeaders,
        params: uuidParam,
        body: createFulfillmentBody,
        response: { 201: envelope(fulfillmentSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await fulfillOrder(
          ctx,
          currentUser(request).id,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );
  app.post(
    '/admin/orders/:id/fulfillments/:fulfillmentId/delivered',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Mark a fulfillment delivered (the order becomes DELIVERED once every one is)',
        params: fulfillmentParams,
        response: { 200: envelope(fulfillmentSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(
        await deliverFulfillment(ctx, request.params.id, request.params.fulfillmentId),
        'Fulfillment delivered',
      ),
  );
}
