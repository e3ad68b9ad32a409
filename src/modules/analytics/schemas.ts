import { z } from 'zod';
import { currencySchema } from '../../platform/money';

const isoDate = z.iso.date().describe('YYYY-MM-DD (UTC)');
const fromDate = isoDate
  .optional()
  .describe(
    'First day, inclusive (default: 29 days before `to`). Not after `to`; the range covers at most 1098 days (400 RANGE_TOO_LONG)',
  );

export const rangeQuery = z
  .object({
    from: fromDate,
    to: isoDate.optional().describe('Last day, inclusive (default: today, UTC)'),
    currency: currencySchema.optional().describe('Default: DEFAULT_CURRENCY'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const salesQuery = z
  .object({
    interval: z.enum(['day', 'week', 'month']).default('day'),
    from: fromDate,
    to: isoDate.optional(),
    currency: currencySchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const topProductsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    sortBy: z.enum(['units', 'revenue']).default('units'),
    from: fromDate,
    to: isoDate.optional(),
    currency: currencySchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const recentOrdersQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

const figures = {
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  orders: z.number().int(),
  revenue: z.number().int().describe('Minor units, tax included (what customers paid for the orders)'),
  tax: z.number().int().describe('Tax in that revenue (on top or included)'),
  revenueExcludingTax: z.number().int().describe('revenue − tax'),
  taxLines: z
    .array(z.object({ name: z.string(), rate: z.number().int(), amount: z.number().int() }))
    .describe('Tax by name and rate (basis points), largest first'),
  averageOrderValue: z.number().int().describe('Minor units, rounded'),
  newCustomers: z.number().int(),
};
export const summarySchema = z.object({ ...figures, previous: z.object(figures) });

export const salesSchema = z.object({
  interval: z.enum(['day', 'week', 'month']),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  buckets: z.array(
    z.object({
      start: z.string(),
      orders: z.number().int(),
      revenue: z.number().int(),
      tax: z.number().int().describe('Tax in that revenue'),
    }),
  ),
});

export const topProductSchema = z.object({
  productId: z.string(),
  name: z.string(),
  units: z.number().int(),
  revenue: z.number().int(),
});

export const recentOrderSchema = z.object({
  id: z.string(),
  orderNumber: z.string(),
  customerEmail: z.string(),
  customerName: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  total: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
});
