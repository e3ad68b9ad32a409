import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, type App } from '../../platform/http';
import { bearerSecurity, optionalAuth } from '../../platform/security';
import {
  addItemBody,
  cartItemsQuery,
  cartLineSchema,
  cartSchema,
  cartTokenHeaders,
  couponCodeBody,
  itemParams,
  updateItemBody,
  type CartView,
} from './schemas';
import { addCartItem } from './add';
import {
  applyCartCoupon,
  clearCart,
  getCart,
  listCartItems,
  removeCartCoupon,
  removeCartItem,
  updateCartItem,
  type CartOwner,
} from './service';

/** The caller's cart: the signed-in user's (a guest token sent along is merged into it), else the guest token's. */
export function ownerOf(request: FastifyRequest): CartOwner {
  const header = request.headers['x-cart-token'];
  return { userId: request.user?.id, token: typeof header === 'string' && header ? header : undefined };
}

function withToken(reply: FastifyReply, cart: CartView): CartView {
  if (cart.cartToken) reply.header('x-cart-token', cart.cartToken);
  return cart;
}

/** Open to guests (X-Cart-Token) and signed-in users (Authorization: Bearer). */
export async function cartRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = {
    tags: ['cart'],
    // Either a bearer token or a guest cart token: both are optional.
    security: [...bearerSecurity, {}],
    headers: cartTokenHeaders,
  };
  const cartResponse = envelope(cartSchema);

  app.get(
    '/cart',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'The cart with current prices, stock, subtotal, discount and total',
        response: { 200: cartResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => ok(withToken(reply, await getCart(ctx, ownerOf(request)))),
  );

  app.get(
    '/cart/items',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Cart lines with search, sort and pagination',
        querystring: cartItemsQuery,
        response: { 200: pagedEnvelope(cartLineSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { items, meta } = await listCartItems(ctx, ownerOf(request), request.query);
      return paged(items, meta);
    },
  );

  app.post(
    '/cart/items',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Add an item (201), or increment the line of that variant (200)',
        description:
          'A guest without a cart gets one: its token is in `data.cartToken` and the `X-Cart-Token` header. Quantity beyond stock → 409 OUT_OF_STOCK.',
        body: addItemBody,
        response: { 200: cartResponse, 201: cartResponse, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { cart, created } = await addCartItem(ctx, ownerOf(request), request.body);
      return reply
        .status(created ? 201 : 200)
        .send(ok(withToken(reply, cart), created ? 'Item added' : 'Quantity updated'));
    },
  );

  app.patch(
    '/cart/items/:itemId',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Set the quantity of a line (0 removes it)',
        params: itemParams,
        body: updateItemBody,
        response: { 200: cartResponse, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      ok(
        withToken(
          reply,
          await updateCartItem(ctx, ownerOf(request), request.params.itemId, request.body.quantity),
        ),
        'Cart updated',
      ),
  );

  app.delete(
    '/cart/items/:itemId',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Remove a line',
        params: itemParams,
        response: { 200: cartResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) =>
      ok(
        withToken(reply, await removeCartItem(ctx, ownerOf(request), request.params.itemId)),
        'Item removed',
      ),
  );

  app.delete(
    '/cart',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Empty the cart',
        response: { 200: cartResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => ok(withToken(reply, await clearCart(ctx, ownerOf(request))), 'Cart cleared'),
  );

  app.post(
    '/cart/coupon',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Apply a coupon code',
        description:
          'COUPON_INVALID (400: unknown or inactive; for guests also expired), COUPON_EXPIRED (400, signed-in callers), ' +
          'COUPON_NOT_APPLICABLE (400: e.g. minimum subtotal), COUPON_USAGE_LIMIT_REACHED (409). 10 refused codes per cart ' +
          '(or signed-in user) and 30 per IP address within 15 minutes, then 429 RATE_LIMITED with Retry-After. ' +
          'Checkout re-validates it.',
        body: couponCodeBody,
        response: { 200: cartResponse, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) =>
      ok(
        withToken(reply, await applyCartCoupon(ctx, ownerOf(request), request.body.code, request.ip)),
        'Coupon applied',
      ),
  );

  app.delete(
    '/cart/coupon',
    {
      onRequest: optionalAuth,
      schema: {
        ...common,
        summary: 'Remove the coupon',
        response: { 200: cartResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) =>
      ok(withToken(reply, await removeCartCoupon(ctx, ownerOf(request))), 'Coupon removed'),
  );
}
