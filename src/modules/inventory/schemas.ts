import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';

export const MOVEMENT_REASONS = [
  'ORDER',
  'CANCEL',
  'RETURN',
  'ADJUSTMENT',
  'IMPORT',
  'INITIAL',
  'DAMAGED',
  'RECOUNT',
  'RECEIVED',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** Movement codes an admin adjustment may carry; the others are written by the system only. */
export const ADJUSTMENT_REASONS = [
  'ADJUSTMENT',
  'RETURN',
  'DAMAGED',
  'RECOUNT',
  'RECEIVED',
  'IMPORT',
] as const;
const SYSTEM_REASONS: readonly string[] = MOVEMENT_REASONS.filter(
  (code) => !(ADJUSTMENT_REASONS as readonly string[]).includes(code),
);

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
  reason: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(
      (reason) => !SYSTEM_REASONS.includes(reason),
      'ORDER, CANCEL and INITIAL are recorded by the system',
    )
    .describe(
      `Required. A movement code (${ADJUSTMENT_REASONS.join(', ')}) or free text, which is stored as the note of an ADJUSTMENT movement`,
    ),
  note: z.string().trim().max(500).optional(),
});

export const movementListQuery = paginationQuery.extend({
  variantId: z.uuid().optional(),
  reason: z.enum(MOVEMENT_REASONS).optional(),
  orderId: z.uuid().optional(),
});
