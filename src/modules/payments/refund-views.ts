import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../platform/db';
import { REFUND_DESTINATIONS, REFUND_STATUSES, refunds } from './tables';

export type { RefundDestination } from './tables';

export const refundDestinationSchema = z.enum(REFUND_DESTINATIONS);

export const refundSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    amount: z.number().int(),
    storeCreditAmount: z
      .number()
      .int()
      .describe('The part of amount given back as store credit (all of it for STORE_CREDIT refunds)'),
    currency: z.string(),
    reason: z.string(),
    status: z
      .enum(REFUND_STATUSES)
      .describe('PENDING until the provider (or the ledger) has it; retried until then'),
    refundTo: refundDestinationSchema,
    method: z.string().describe('STRIPE, RAZORPAY, MANUAL or STORE_CREDIT'),
    returnId: z.uuid().nullable(),
    createdAt: z.string(),
    succeededAt: z.string().nullable(),
  })
  .meta({ id: 'Refund' });
export type RefundView = z.infer<typeof refundSchema>;

export function refundViewOf(row: typeof refunds.$inferSelect): RefundView {
  return {
    id: row.id,
    orderId: row.orderId,
    amount: row.amount,
    storeCreditAmount: row.storeCreditAmount,
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    refundTo: row.refundTo,
    method: row.method,
    returnId: row.returnId,
    createdAt: row.createdAt.toISOString(),
    succeededAt: row.succeededAt ? row.succeededAt.toISOString() : null,
  };
}

/** Orders: the refunds of an order, oldest first (for the order view). */
export async function listOrderRefunds(tx: Pick<Tx, 'db'>, orderId: string): Promise<RefundView[]> {
  const rows = await tx.db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  return rows.map(refundViewOf);
}

/**
 * Orders: the store-credit shares of the order's refunds, PENDING ones included (they are owed and
 * will be credited when they settle), so a cancellation gives back only the rest of the credit.
 */
export async function refundedCreditShares(tx: Pick<Tx, 'db'>, orderId: string): Promise<number> {
  const [row] = await tx.db
    .select({ total: sql<number>`coalesce(sum(${refunds.storeCreditAmount}), 0)::int` })
    .from(refunds)
    .where(eq(refunds.orderId, orderId));
  return row?.total ?? 0;
}
