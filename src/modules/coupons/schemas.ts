import { z } from 'zod';
import { MAX_INT4, moneyAmountSchema } from '../../platform/money';
import { paginationQuery, sortOrderQuery } from '../../platform/pagination';
import { COUPON_TYPES } from './tables';

export const couponTypeSchema = z.enum(COUPON_TYPES);

const couponCode = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const isoDate = z.iso.datetime({ offset: true });
const positiveCount = z.number().int().min(1).max(1_000_000_000);

const couponFields = {
  code: couponCode.describe('Case-insensitively unique'),
  description: z.string().trim().max(500).nullable().optional(),
  type: couponTypeSchema,
  value: z.number().int().min(1).max(MAX_INT4).describe('PERCENT: whole percent 1..100; FIXED: minor units'),
  minSubtotal: moneyAmountSchema.nullable().optional(),
  maxDiscount: moneyAmountSchema.min(1).nullable().optional(),
  startsAt: isoDate.nullable().optional(),
  expiresAt: isoDate.nullable().optional(),
  usageLimit: positiveCount.nullable().optional().describe('Orders in total; null = unlimited'),
  perUserLimit: positiveCount.nullable().optional().describe('Orders per customer; null = unlimited'),
  active: z.boolean().optional().describe('Default true'),
};

export const createCouponBody = z.strictObject(couponFields);
export const updateCouponBody = z.strictObject(couponFields).partial();
export type CreateCouponInput = z.infer<typeof createCouponBody>;
export type UpdateCouponInput = z.infer<typeof updateCouponBody>;

export const couponSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    description: z.string().nullable(),
    type: couponTypeSchema,
    value: z.number().int(),
    minSubtotal: z.number().int().nullable(),
    maxDiscount: z.number().int().nullable(),
    startsAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perUserLimit: z.number().int().nullable(),
    usedCount: z.number().int(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Coupon' });
export type CouponView = z.infer<typeof couponSchema>;

export const couponListQuery = paginationQuery.extend({
  searchTerm: z.string().trim().max(64).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sortBy: z.enum(['createdAt', 'code', 'usedCount', 'expiresAt']).default('createdAt'),
  sortOrder: sortOrderQuery,
});
export type CouponListQuery = z.infer<typeof couponListQuery>;

export const couponCodeBody = z.strictObject({ code: z.string().trim().min(1).max(64) });
