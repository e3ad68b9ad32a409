import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { orderSchema } from '../orders/schemas';
import { checkoutBody } from './schemas';
import { placeOrder } from './service';

export async function checkoutRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['orders'], security: bearerSecurity };

  app.post(
    '/orders',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'Checkout: turn the cart into an order',
        description:
          'One transaction: re-prices the cart, takes stock for every line (all or nothing), redeems the coupon, creates the order and empties the cart. ' +
          'Empty cart → 400 CART_EMPTY; a short line → 409 OUT_OF_STOCK with one `details` entry per line (`path: items.<cartItemId>`). ' +
          'Send `Idempotency-Key` to make retries safe (replayed with `Idempotent-Replayed: true`; different body → 422; same key while the first is still running → 409 IDEMPOTENCY_KEY_IN_USE with `Retry-After: 1`). ' +
          "Shipping and tax follow the store's shipping zones and tax rates; a store that configures none charges 0 for both.",
        headers: idempotencyHeaders,
        body: checkoutBody,
        response: { 201: envelope(orderSchema), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await placeOrder(
        ctx,
        currentUser(request),
        request.body,
        request.headers['idempotency-key'],
      );
      return sendIdempotent(reply, result);
    },
  );
}
