import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { isUuid } from '../../platform/ids';
import type { OrderRow } from '../orders/service';
import type { ProviderEvent } from './providers';
import { paymentAttempts, type PaymentProviderName } from './tables';

// Payment attempts: one row per try at collecting an order's payment through a provider.

export type AttemptRow = typeof paymentAttempts.$inferSelect;
type AttemptStatus = AttemptRow['status'];

/** The actor of status changes the payments module makes on its own (provider answers and events). */
export const SYSTEM = { id: null, role: 'SYSTEM' as const };

/**
 * Moves an attempt to `status` because of a provider event, keeping the payment id the provider
 * reported (or the one already known).
 */
export async function settleAttempt(
  tx: Tx,
  attempt: AttemptRow,
  event: Pick<ProviderEvent, 'providerPaymentId'>,
  status: AttemptStatus,
  reason: string | null,
): Promise<void> {
  await tx.db
    .update(paymentAttempts)
    .set({
      status,
      reason,
      providerPaymentId: event.providerPaymentId ?? attempt.providerPaymentId,
      updatedAt: sql`now()`,
    })
    .where(eq(paymentAttempts.id, attempt.id));
}

/** The attempt an event is about: by our attempt id, else the provider's order id, else its payment id. */
export async function findAttempt(
  tx: Tx,
  provider: PaymentProviderName,
  event: ProviderEvent,
): Promise<AttemptRow | undefined> {
  const keys = [
    event.attemptId && isUuid(event.attemptId) ? eq(paymentAttempts.id, event.attemptId) : undefined,
    event.providerOrderId ? eq(paymentAttempts.providerOrderId, event.providerOrderId) : undefined,
    event.providerPaymentId ? eq(paymentAttempts.providerPaymentId, event.providerPaymentId) : undefined,
  ];
  for (const key of keys) {
    if (!key) continue;
    const [row] = await tx.db
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.provider, provider), key))
      .orderBy(asc(paymentAttempts.createdAt))
      .limit(1);
    if (row) return row;
  }
  return undefined;
}

/**
 * Locks the attempt an event is about (`found`, when it belongs to `order`), or records the
 * provider-side one we had not seen (e.g. a session created elsewhere).
 */
export async function lockEventAttempt(
  tx: Tx,
  provider: PaymentProviderName,
  event: ProviderEvent,
  order: OrderRow,
  found: AttemptRow | undefined,
): Promise<AttemptRow> {
  let attempt: AttemptRow | undefined;
  if (found && found.orderId === order.id) {
    [attempt] = await tx.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, found.id))
      .for('update');
  }
  if (attempt) return attempt;
  [attempt] = await tx.db
    .insert(paymentAttempts)
    .values({
      orderId: order.id,
      provider,
      providerOrderId: event.providerOrderId,
      providerPaymentId: event.providerPaymentId,
      amount: event.amount ?? order.total - order.storeCredit,
      currency: event.currency ?? order.currency,
      status: 'PENDING',
    })
    .onConflictDoNothing()
    .returning();
  return attempt ?? (await findAttempt(tx, provider, event))!;
}
