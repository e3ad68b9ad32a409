import { z } from 'zod';
import { FULFILLMENT_STATUSES } from './tables';

export const fulfillmentStatusSchema = z.enum(FULFILLMENT_STATUSES);

export const createFulfillmentBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        orderItemId: z.uuid(),
        quantity: z.number().int().min(1).max(1_000_000),
      }),
    )
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((i) => i.orderItemId)).size === items.length, 'Each order item once')
    .optional()
    .describe('Default: everything not yet fulfilled'),
  carrier: z.string().trim().min(1).max(100),
  trackingNumber: z.string().trim().min(1).max(100),
  trackingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});
export type CreateFulfillmentInput = z.infer<typeof createFulfillmentBody>;

export const fulfillmentSchema = z
  .object({
    id: z.uuid(),
    items: z.array(z.object({ orderItemId: z.uuid(), quantity: z.number().int() })),
    carrier: z.string(),
    trackingNumber: z.string(),
    trackingUrl: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'Fulfillment' });
export type FulfillmentView = z.infer<typeof fulfillmentSchema>;

export const fulfillmentParams = z.object({ id: z.uuid(), fulfillmentId: z.uuid() });
