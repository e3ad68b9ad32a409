import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, paged, pagedEnvelope, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { listMovements } from './ledger';
import { adjustmentBody, movementListQuery, movementSchema } from './schemas';
import { adjustStock } from './service';

const tags = ['inventory'];
const admin = requireAuth('ADMIN');

// GET /admin/inventory/low-stock lists catalog variants by a stock condition, so the catalog
// serves it (catalog/low-stock.ts), as it serves product lists filtered by `inStock`.
export async function inventoryRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.post(
    '/admin/inventory/adjustments',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Adjust a variant’s stock',
        description:
          'Records a movement; stock never goes below zero (409 OUT_OF_STOCK). Accepts `Idempotency-Key`: a retry with the same key and body replays the first response (`Idempotent-Replayed: true`) instead of adjusting twice.',
        security: bearerSecurity,
        headers: idempotencyHeaders,
        body: adjustmentBody,
        response: {
          201: envelope(
            movementSchema.extend({ stock: z.number().int().describe('Stock after the change') }),
          ),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await adjustStock(ctx, request.body, currentUser(request).id, request.headers['idempotency-key']),
      ),
  );
  app.get(
    '/admin/inventory/movements',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Stock ledger',
        security: bearerSecurity,
        querystring: movementListQuery,
        response: { 200: pagedEnvelope(movementSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listMovements(ctx, request.query);
      return paged(items, meta);
    },
  );
}
