import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, type App } from '../../platform/http';
import { paginationQuery } from '../../platform/pagination';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { idempotencyHeaders, runIdempotent, sendIdempotent } from '../../platform/idempotency';
import { invalidateCatalog } from '../catalog/service';
import { adjustStockInTx, listLowStock, listMovements } from './service';
import { MOVEMENT_REASONS } from './tables';

const movementSchema = z
  .object({
    id: z.uuid(),
    variantId: z.uuid(),
    delta: z.number().int(),
    reason: z.enum(MOVEMENT_REASONS),
    orderId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'StockMovement' });

const adjustmentBody = z.strictObject({
  variantId: z.uuid(),
  delta: z
    .number()
    .int()
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((d) => d !== 0, 'delta must not be 0'),
  reason: z.enum(['ADJUSTMENT', 'RETURN', 'IMPORT']).default('ADJUSTMENT'),
  note: z.string().trim().max(500).optional(),
});

const lowStockSchema = z.object({
  variantId: z.uuid(),
  productId: z.uuid(),
  productName: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  stock: z.number().int(),
  lowStockThreshold: z.number().int(),
});

const tags = ['inventory'];
const admin = requireAuth('ADMIN');

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
    async (request, reply) => {
      const actorId = currentUser(request).id;
      try {
        const result = await runIdempotent(
          ctx,
          {
            scope: actorId,
            key: request.headers['idempotency-key'],
            fingerprint: ['inventory.adjust', request.body],
          },
          async (tx) => ({
            status: 201,
            body: ok(await adjustStockInTx(ctx, tx, request.body, actorId), 'Stock adjusted'),
          }),
        );
        return sendIdempotent(reply, result);
      } finally {
        await invalidateCatalog(ctx);
      }
    },
  );
  app.get(
    '/admin/inventory/movements',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Stock ledger',
        security: bearerSecurity,
        querystring: paginationQuery.extend({
          variantId: z.uuid().optional(),
          reason: z.enum(MOVEMENT_REASONS).optional(),
          orderId: z.uuid().optional(),
        }),
        response: { 200: pagedEnvelope(movementSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listMovements(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.get(
    '/admin/inventory/low-stock',
    {
      onRequest: admin,
      schema: {
        tags,
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
