import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import type { OrderRow } from './state-machine';
import { orders } from './tables';

/**
 * Checkout step: records what store credit paid of the order (`amountDue` is the rest). The
 * caller marks an order the credit pays in full as PAID (markOrderPaid).
 */
export async function recordStoreCreditPaid(tx: Tx, orderId: string, amount: number): Promise<OrderRow> {
  const [row] = await tx.db
    .update(orders)
    .set({ storeCredit: amount, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning();
  return row!;
}
