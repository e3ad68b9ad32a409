import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { couponListQuery, couponSchema, createCouponBody, updateCouponBody } from './schemas';
import { createCoupon, deleteCoupon, getCoupon, listCoupons, updateCoupon } from './service';

export async function couponRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['coupons'], security: bearerSecurity };
  app.get(
    '/admin/coupons',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'List coupons',
        querystring: couponListQuery,
        response: { 200: pagedEnvelope(couponSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listCoupons(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/coupons',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Create a coupon',
        body: createCouponBody,
        response: { 201: envelope(couponSchema), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createCoupon(ctx, request.body), 'Coupon created')),
  );
  app.get(
    '/admin/coupons/:id',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Get a coupon',
        params: uuidParam,
        response: { 200: envelope(couponSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getCoupon(ctx, request.params.id)),
  );
  app.patch(
    '/admin/coupons/:id',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Update a coupon',
        params: uuidParam,
        body: updateCouponBody,
        response: { 200: envelope(couponSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await updateCoupon(ctx, request.params.id, request.body), 'Coupon updated'),
  );
  app.delete(
    '/admin/coupons/:id',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Delete an unused coupon (a used one answers 409 COUPON_IN_USE: deactivate it instead)',
        params: uuidParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await deleteCoupon(ctx, request.params.id);
      return ok(null, 'Coupon deleted');
    },
  );
}
