import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { refundDestinationSchema } from '../payments/refund-views';
import { RETURN_REASONS, RETURN_STATUSES } from './tables';

export const returnStatusSchema = z.enum(RETURN_STATUSES);
export const returnReasonSchema = z.enum(RETURN_REASONS);

const eachItemOnce = (items: Array<{ orderItemId: string }>) =>
  new Set(items.map((i) => i.orderItemId)).size === items.length;

export const createReturnBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        orderItemId: z.uuid(),
        quantity: z.number().int().min(1).max(1_000_000),
        reason: returnReasonSchema,
        note: z.string().trim().max(500).optional(),
      }),
    )
    .min(1)
    .max(100)
    .refine(eachItemOnce, 'Each order item once'),
});
export type CreateReturnInput = z.infer<typeof createReturnBody>;

export const rejectReturnBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const receiveReturnBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          orderItemId: z.uuid(),
          quantity: z.number().int().min(0).max(1_000_000).describe('Units received'),
          restock: z.boolean().describe('Put these units back into stock (ledger reason RETURN)'),
        }),
      )
      .min(1)
      .max(100)
      .refine(eachItemOnce, 'Each order item once')
      .optional()
      .describe('Default: every unit of the return received and restocked'),
    refundTo: refundDestinationSchema
      .optional()
      .describe('Default: ORIGINAL (the order payment), STORE_CREDIT for cash-on-delivery orders'),
  })
  .optional();
export type ReceiveReturnInput = z.infer<typeof receiveReturnBody>;

export const adminReturnsQuery = paginationQuery.extend({ status: returnStatusSchema.optional() });
export type AdminReturnsQuery = z.infer<typeof adminReturnsQuery>;

export const returnSchema = z
  .object({
    id: z.uuid(),
    rmaNumber: z.string(),
    orderId: z.uuid(),
    userId: z.uuid(),
    status: returnStatusSchema,
    items: z.array(
      z.object({
        orderItemId: z.uuid(),
        name: z.string(),
        sku: z.string(),
        quantity: z.number().int(),
        reason: returnReasonSchema,
        note: z.string().nullable(),
        amount: z.number().int().describe('This line’s share of refundAmount (minor units)'),
        restockedQuantity: z.number().int(),
      }),
    ),
    refundAmount: z.number().int(),
    shippingAmount: z.number().int().describe('Part of refundAmount that is the order shipping'),
    currency: z.string(),
    refundTo: refundDestinationSchema.nullable(),
    refundId: z.uuid().nullable(),
    rejectReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    approvedAt: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
    refundedAt: z.string().nullable(),
  })
  .meta({ id: 'Return' });
export type ReturnView = z.infer<typeof returnSchema>;
