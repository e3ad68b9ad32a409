import { z } from 'zod';
import { refundSchema } from '../payments/refund-views';
import { paginationQuery, sortOrderQuery } from '../../platform/pagination';
import { shippingOptionSchema } from '../shipping/schemas';
import { taxLineSchema } from '../tax/schemas';
import { fulfillmentSchema, fulfillmentStatusSchema } from './fulfillment-schemas';
import { addressSnapshotSchema } from '../users/schemas';
import { ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES } from './tables';

export const orderStatusSchema = z.enum(ORDER_STATUSES);
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export const paymentMethodSchema = z.enum(PAYMENT_METHODS);

export const cancelBody = z
  .strictObject({ reason: z.string().trim().max(500).optional() })
  .optional()
  .describe('Optional reason, kept in the status history');

export const statusUpdateBody = z.strictObject({
  status: orderStatusSchema,
  note: z.string().trim().max(500).optional(),
});

const isoFilter = z.iso.datetime({ offset: true }).or(z.iso.date());

export const myOrdersQuery = paginationQuery.extend({
  status: orderStatusSchema.optional(),
  from: isoFilter.optional().describe('ISO 8601, inclusive'),
  to: isoFilter.optional().describe('ISO 8601, exclusive'),
  sortBy: z.enum(['createdAt', 'total']).default('createdAt'),
  sortOrder: sortOrderQuery,
});
export type MyOrdersQuery = z.infer<typeof myOrdersQuery>;

export const adminOrdersQuery = myOrdersQuery.extend({
  userId: z.uuid().optional(),
  searchTerm: z.string().trim().max(254).optional().describe('Order number or customer email (substring)'),
  paymentStatus: paymentStatusSchema.optional(),
});
export type AdminOrdersQuery = z.infer<typeof adminOrdersQuery>;
export const exportQuery = adminOrdersQuery.omit({ page: true, limit: true });
export type ExportQuery = z.infer<typeof exportQuery>;

export const orderItemSchema = z.object({
  id: z.uuid(),
  variantId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  name: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
  discountShare: z.number().int().describe('This line’s share of the order discount'),
  tax: z.number().int().describe('Tax on lineTotal − discountShare (included in it when taxIncluded)'),
  taxRate: z.number().int().describe('Basis points that applied to the line'),
});

export const statusHistorySchema = z.object({
  fromStatus: orderStatusSchema.nullable(),
  toStatus: orderStatusSchema,
  paymentStatus: paymentStatusSchema,
  actorId: z.uuid().nullable(),
  actorRole: z.string().describe('CUSTOMER, ADMIN or SYSTEM'),
  note: z.string().nullable(),
  createdAt: z.string(),
});

/** The money of the order in one object (the same figures as the flat fields beside it). */
export const orderTotalsSchema = z
  .object({
    subtotal: z.number().int(),
    discount: z.number().int(),
    shipping: z.number().int(),
    tax: z.number().int(),
    total: z.number().int().describe('The order’s full value (store credit included)'),
    storeCredit: z.number().int().describe('What store credit paid at checkout'),
    amountDue: z.number().int().describe('total − storeCredit: what the payment method collects'),
  })
  .meta({ id: 'OrderTotals' });

export const orderSummarySchema = z
  .object({
    id: z.uuid(),
    orderNumber: z.string(),
    userId: z.uuid(),
    customerEmail: z.string(),
    status: orderStatusSchema,
    paymentStatus: paymentStatusSchema,
    paymentMethod: paymentMethodSchema,
    currency: z.string(),
    subtotal: z.number().int(),
    discount: z.number().int(),
    shipping: z.number().int(),
    tax: z.number().int(),
    total: z.number().int().describe('The order’s full value (store credit included)'),
    storeCredit: z.number().int().describe('What store credit paid at checkout'),
    amountDue: z.number().int().describe('total − storeCredit: what the payment method collects'),
    totals: orderTotalsSchema,
    fulfillmentStatus: fulfillmentStatusSchema,
    refundedAmount: z.number().int().describe('Σ of the succeeded refunds'),
    itemCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OrderSummary' });

export const orderSchema = orderSummarySchema
  .extend({
    customerName: z.string(),
    couponCode: z.string().nullable(),
    note: z.string().nullable(),
    shippingAddress: addressSnapshotSchema,
    shippingMethod: shippingOptionSchema
      .nullable()
      .describe(
        'The method chosen at checkout, as priced then; null when the store ships for free without methods',
      ),
    shippingTax: z.number().int().describe('The part of tax that is on shipping'),
    taxIncluded: z.boolean().describe('true: prices include tax and total does not add it'),
    taxLines: z.array(taxLineSchema),
    fulfillments: z.array(fulfillmentSchema),
    payment: z.object({ method: paymentMethodSchema, status: paymentStatusSchema }),
    refunds: z.array(refundSchema),
    items: z.array(orderItemSchema),
    statusHistory: z.array(statusHistorySchema),
  })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof orderSchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
