import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import {
  rangeQuery,
  recentOrderSchema,
  recentOrdersQuery,
  salesQuery,
  salesSchema,
  summarySchema,
  topProductSchema,
  topProductsQuery,
} from './schemas';
import { bestSellers, latestOrders, sales, summary } from './service';

/** Admin dashboards. Revenue counts orders paid and not cancelled/refunded, in minor units of one currency. */
export async function analyticsRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { onRequest: requireAuth('ADMIN') };
  const schema = { tags: ['analytics'], security: bearerSecurity };

  app.get(
    '/admin/analytics/summary',
    {
      ...common,
      schema: {
        ...schema,
        summary: 'Orders, revenue, average order value and new customers, with the previous period',
        querystring: rangeQuery,
        response: { 200: envelope(summarySchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ok(await summary(ctx, request.query)),
  );

  app.get(
    '/admin/analytics/sales',
    {
      ...common,
      schema: {
        ...schema,
        summary: 'Revenue and order count per day, week or month (empty buckets are 0)',
        querystring: salesQuery,
        response: { 200: envelope(salesSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ok(await sales(ctx, request.query)),
  );

  app.get(
    '/admin/analytics/top-products',
    {
      ...common,
      schema: {
        ...schema,
        summary: 'Best-selling products by units or revenue',
        querystring: topProductsQuery,
        response: { 200: envelope(z.array(topProductSchema)), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ok(await bestSellers(ctx, request.query)),
  );

  app.get(
    '/admin/analytics/recent-orders',
    {
      ...common,
      schema: {
        ...schema,
        summary: 'The latest orders, any status',
        querystring: recentOrdersQuery,
        response: { 200: envelope(z.array(recentOrderSchema)), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ok(await latestOrders(ctx, request.query.limit)),
  );
}
