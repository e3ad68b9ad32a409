import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, type App } from '../../platform/http';
import { bearerSecurity, optionalAuth } from '../../platform/security';
import { destinationQuery, quoteQuery, quoteSchema, shippingOptionsSchema } from './quote-schemas';
import { cartShippingOptions, quoteCart } from './quote';
import { ownerOf } from './routes';
import { cartTokenHeaders } from './schemas';

/** What the cart would cost delivered somewhere: the shipping choices and the full quote. */
export async function cartQuoteRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['cart'], security: [...bearerSecurity, {}], headers: cartTokenHeaders };
  app.get(
    '/cart/shipping-options',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Shipping methods that can carry the cart to an address, cheapest first',
        description:
          '`addressId` (signed in) or `country` (+ `state`, `postalCode`). The cart weighs Σ weightGrams × ' +
          'quantity; methods of the address’s zone (its region’s zone wins over its country’s) that carry ' +
          'that weight in the cart’s currency, priced (free at or above `freeOver` after discount).',
        querystring: destinationQuery,
        response: { 200: envelope(shippingOptionsSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => ok(await cartShippingOptions(ctx, ownerOf(request), request.query)),
  );
  app.get(
    '/cart/quote',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Totals the checkout would charge: subtotal, discount, shipping, tax lines, total',
        description:
          'Computed exactly as the checkout computes them for the same cart, address and method, with ' +
          'the same errors: 400 CART_EMPTY, SHIPPING_METHOD_REQUIRED (the zone has methods: choose one), ' +
          'SHIPPING_UNAVAILABLE (no zone serves the address, or the method cannot carry the cart there).',
        querystring: quoteQuery,
        response: { 200: envelope(quoteSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => ok(await quoteCart(ctx, ownerOf(request), request.query)),
  );
}
