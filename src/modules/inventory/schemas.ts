import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';

export const MOVEMENT_REASONS = ['ORDER', 'CANCEL', 'RETURN', 'ADJUSTMENT', 'IMPORT', 'INITIAL'] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export const movementSchema = z
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

export const adjustmentBody = z.strictObject({
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

export const movementListQuery = paginationQuery.extend({
  variantId: z.uuid().optional(),
  reason: z.enum(MOVEMENT_REASONS).optional(),
  orderId: z.uuid().optional(),
});
