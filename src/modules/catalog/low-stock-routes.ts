import type { AppContext } from '../../platform/context';
import { errorResponses, paged, pagedEnvelope, type App } from '../../platform/http';
import { paginationQuery } from '../../platform/pagination';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { listLowStock } from './low-stock';
import { lowStockSchema } from './schemas';

/** Served by the catalog (variants filtered by their stock), documented with inventory. */
export async function lowStockRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get(
    '/admin/inventory/low-stock',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['inventory'],
        summary: 'Variants at or under their low-stock threshold',
        security: bearerSecurity,
        querystring: paginationQuery,
        response: { 200: pagedEnvelope(lowStockSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listLowStock(ctx, request.query);
      return paged(items, meta);
    },
  );
}
