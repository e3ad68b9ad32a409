import { z } from 'zod';
import { paginationQuery, sortOrderQuery } from '../../platform/pagination';
import { couponTypeSchema } from '../coupons/schemas';

export const MAX_LINE_QUANTITY = 1000;

export const cartTokenHeaders = z.object({
  'x-cart-token': z
    .string()
    .min(16)
    .max(128)
    .optional()
    .describe('Guest cart token (from a previous response)'),
});

export const addItemBody = z
  .strictObject({
    variantId: z.uuid().optional(),
    productId: z.uuid().optional().describe('Only for a product with a single variant'),
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  })
  .refine((body) => (body.variantId === undefined) !== (body.productId === undefined), {
    message: 'Give exactly one of variantId or productId',
    path: ['variantId'],
  })
  .describe('Give exactly one of `variantId` or `productId` (400 otherwise)')
  .meta({ examples: [{ variantId: '6f1c2b9e-4d3a-4f7b-9c21-8a5e0d7b3c42', quantity: 2 }] });
export type AddItemInput = z.infer<typeof addItemBody>;

export const updateItemBody = z.strictObject({
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).describe('0 removes the line'),
});

export const itemParams = z.object({ itemId: z.uuid() });

export const cartItemsQuery = paginationQuery.extend({
  searchTerm: z.string().trim().max(100).optional(),
  sortBy: z.enum(['addedAt', 'price', 'name', 'quantity']).default('addedAt'),
  sortOrder: sortOrderQuery,
});
export type CartItemsQuery = z.infer<typeof cartItemsQuery>;

const imageSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  thumbnails: z.object({ small: z.string(), medium: z.string() }),
});

export const cartLineSchema = z
  .object({
    id: z.uuid(),
    variantId: z.uuid(),
    productId: z.uuid(),
    name: z.string(),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    image: imageSchema.nullable(),
    unitPrice: z.number().int().describe('Current price, minor units'),
    quantity: z.number().int(),
    lineTotal: z.number().int(),
    availableStock: z.number().int(),
    available: z.boolean().describe('false when the product was archived or the variant deactivated'),
    currency: z.string(),
    addedAt: z.string(),
  })
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartCouponSchema = z.object({
  code: z.string(),
  type: couponTypeSchema,
  value: z.number().int(),
  discount: z.number().int(),
  valid: z.boolean().describe('false when the coupon no longer applies (discount is then 0)'),
  message: z.string().nullable(),
});

export const cartSchema = z
  .object({
    id: z.uuid().nullable().describe('null for a guest who has not added anything yet'),
    cartToken: z.string().nullable().describe('Guest carts only: send it back as X-Cart-Token'),
    items: z.array(cartLineSchema),
    itemCount: z.number().int(),
    subtotal: z.number().int(),
    discount: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    coupon: cartCouponSchema.nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Cart' });
export type CartView = z.infer<typeof cartSchema>;

export const couponCodeBody = z.strictObject({ code: z.string().trim().min(1).max(64) });
