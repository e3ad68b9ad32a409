import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { STORE_CREDIT_REASONS } from './tables';

export const storeCreditQuery = paginationQuery;

export const storeCreditTransactionSchema = z
  .object({
    id: z.uuid(),
    amount: z.number().int().describe('Signed minor units: credit added (> 0) or spent (< 0)'),
    reason: z
      .enum(STORE_CREDIT_REASONS)
      .describe(
        'ADJUSTMENT (by an admin), CHECKOUT (spent on an order), ORDER_CANCELLED (given back), REFUND',
      ),
    orderId: z.uuid().nullable(),
    refundId: z.uuid().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'StoreCreditTransaction' });
export type StoreCreditTransactionView = z.infer<typeof storeCreditTransactionSchema>;

export const storeCreditSchema = z
  .object({
    balance: z.number().int().describe('Σ of the transactions, never below 0'),
    currency: z.string(),
    transactions: z.array(storeCreditTransactionSchema).describe('Newest first, one page of them'),
  })
  .meta({ id: 'StoreCredit' });
export type StoreCreditView = z.infer<typeof storeCreditSchema>;

export const adjustStoreCreditBody = z.strictObject({
  amount: z
    .number()
    .int()
    .min(-2_147_483_647)
    .max(2_147_483_647)
    .refine((n) => n !== 0, 'must not be 0')
    .describe('Minor units: > 0 grants credit, < 0 takes it (never below a 0 balance: 409)'),
  note: z.string().trim().min(1).max(500),
});
export type AdjustStoreCreditInput = z.infer<typeof adjustStoreCreditBody>;

export const adjustmentResultSchema = z
  .object({
    transaction: storeCreditTransactionSchema,
    balance: z.number().int(),
    currency: z.string(),
  })
  .meta({ id: 'StoreCreditAdjustment' });
export type AdjustmentResult = z.infer<typeof adjustmentResultSchema>;
