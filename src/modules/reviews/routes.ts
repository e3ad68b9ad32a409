import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import {
  adminReviewSchema,
  adminReviewsQuery,
  createReviewBody,
  moderateReviewBody,
  productParam,
  productReviewsQuery,
  reviewSchema,
  updateReviewBody,
} from './schemas';
import {
  createReview,
  deleteOwnReview,
  deleteReviewAsAdmin,
  listProductReviews,
  listReviewsForAdmin,
  moderateReview,
  updateOwnReview,
  voteHelpful,
} from './service';

const tags = ['reviews'];

export async function reviewRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get(
    '/products/:id/reviews',
    {
      schema: {
        tags,
        summary: "A product's approved reviews",
        params: productParam,
        querystring: productReviewsQuery,
        response: { 200: pagedEnvelope(reviewSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { items, meta } = await listProductReviews(ctx, request.params.id, request.query);
      return paged(items, meta);
    },
  );

  app.post(
    '/products/:id/reviews',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Review a product you received (one review per product)',
        security: bearerSecurity,
        params: productParam,
        body: createReviewBody,
        response: { 201: envelope(reviewSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const review = await createReview(ctx, currentUser(request).id, request.params.id, request.body);
      return reply.status(201).send(ok(review, 'Review published'));
    },
  );

  app.patch(
    '/reviews/:id',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Edit your review',
        security: bearerSecurity,
        params: uuidParam,
        body: updateReviewBody,
        response: { 200: envelope(reviewSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      ok(
        await updateOwnReview(ctx, currentUser(request).id, request.params.id, request.body),
        'Review updated',
      ),
  );

  app.delete(
    '/reviews/:id',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Delete your review',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await deleteOwnReview(ctx, currentUser(request).id, request.params.id);
      return ok(null, 'Review deleted');
    },
  );

  app.post(
    '/reviews/:id/helpful',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Mark a review helpful (once per user): 201 when counted, 200 when already counted',
        security: bearerSecurity,
        params: uuidParam,
        response: {
          201: envelope(reviewSchema),
          200: envelope(reviewSchema),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { added, review } = await voteHelpful(ctx, currentUser(request).id, request.params.id);
      return reply.status(added ? 201 : 200).send(ok(review, added ? 'Vote counted' : 'Already counted'));
    },
  );

  app.get(
    '/admin/reviews',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags,
        summary: 'All reviews, for moderation',
        security: bearerSecurity,
        querystring: adminReviewsQuery,
        response: { 200: pagedEnvelope(adminReviewSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listReviewsForAdmin(ctx, request.query);
      return paged(items, meta);
    },
  );

  app.patch(
    '/admin/reviews/:id',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags,
        summary: 'Approve or hide a review',
        security: bearerSecurity,
        params: uuidParam,
        body: moderateReviewBody,
        response: { 200: envelope(adminReviewSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(await moderateReview(ctx, request.params.id, request.body.status), 'Review moderated'),
  );

  app.delete(
    '/admin/reviews/:id',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags,
        summary: 'Delete any review',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await deleteReviewAsAdmin(ctx, request.params.id);
      return ok(null, 'Review deleted');
    },
  );
}
