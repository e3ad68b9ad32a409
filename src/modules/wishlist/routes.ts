import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { addToWishlistBody, productIdParam, wishlistItemSchema, wishlistQuery } from './schemas';
import { addToWishlist, listWishlist, removeFromWishlist } from './service';

const common = { tags: ['wishlist'], security: bearerSecurity };

export async function wishlistRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get(
    '/wishlist',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'Your wishlist with current prices and stock',
        querystring: wishlistQuery,
        response: { 200: pagedEnvelope(wishlistItemSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { items, meta } = await listWishlist(ctx, currentUser(request).id, request.query);
      return paged(items, meta);
    },
  );

  app.post(
    '/wishlist',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'Add a product: 201 when added, 200 when it was already there',
        body: addToWishlistBody,
        response: {
          201: envelope(z.object({ productId: z.string() })),
          200: envelope(z.object({ productId: z.string() })),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const added = await addToWishlist(ctx, currentUser(request).id, request.body.productId);
      const data = { productId: request.body.productId };
      return reply
        .status(added ? 201 : 200)
        .send(ok(data, added ? 'Added to wishlist' : 'Already in wishlist'));
    },
  );

  app.delete(
    '/wishlist/:productId',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'Remove a product from your wishlist',
        params: productIdParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await removeFromWishlist(ctx, currentUser(request).id, request.params.productId);
      return ok(null, 'Removed from wishlist');
    },
  );
}
