import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound, validationError } from '../../platform/errors';
import { ok } from '../../platform/http';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import { invalidateStock } from '../inventory/cache';
import { restoreStock } from '../inventory/service';
import { afterSaleLines, lockOrderForAfterSale, type AfterSaleOrder } from '../orders/after-sale';
import { createRefund, processNow } from '../payments/refunds';
import type { RefundDestination } from '../payments/refund-views';
import { recordEvent } from '../webhooks/service';
import type { ReceiveReturnInput, ReturnView } from './schemas';
import { mailReturnStep, returnViews, type ReturnRow } from './service';
import { returnItems, returns, type ReturnStatus } from './tables';

type ReturnItemRow = typeof returnItems.$inferSelect;

/**
 * Locks the order, then the return (always in that order, like a new return request does), so a
 * return's transitions and the order's other returns and refunds are decided one at a time.
 */
async function lockReturn(tx: Tx, returnId: string): Promise<{ row: ReturnRow; order: AfterSaleOrder }> {
  const [found] = await tx.db
    .select({ orderId: returns.orderId })
    .from(returns)
    .where(eq(returns.id, returnId));
  if (!found) throw notFound('Return');
  const order = await lockOrderForAfterSale(tx, found.orderId);
  const [row] = await tx.db.select().from(returns).where(eq(returns.id, returnId)).for('update');
  if (!row || !order) throw notFound('Return');
  return { row, order };
}

function wrongState(row: ReturnRow, to: ReturnStatus) {
  return conflict('INVALID_STATE_TRANSITION', `A return that is ${row.status} cannot become ${to}`, [
    { path: 'status', message: `${row.status} → ${to}` },
  ]);
}

async function moveReturn(
  tx: Tx,
  row: ReturnRow,
  to: ReturnStatus,
  changes: Partial<typeof returns.$inferInsert>,
): Promise<ReturnRow> {
  const [updated] = await tx.db
    .update(returns)
    .set({ ...changes, status: to, updatedAt: sql`now()` })
    .where(eq(returns.id, row.id))
    .returning();
  return updated!;
}

async function viewOne(tx: Tx, row: ReturnRow): Promise<ReturnView> {
  return (await returnViews(tx, [row]))[0]!;
}

/** POST /admin/returns/:id/approve: REQUESTED → APPROVED (again: no-op); the customer is mailed. */
export async function approveReturn(ctx: AppContext, returnId: string): Promise<ReturnView> {
  return ctx.database.transaction(async (tx) => {
    const { row, order } = await lockReturn(tx, returnId);
    if (row.status === 'APPROVED') return viewOne(tx, row);
    if (row.status !== 'REQUESTED') throw wrongState(row, 'APPROVED');
    const view = await viewOne(tx, await moveReturn(tx, row, 'APPROVED', { approvedAt: new Date() }));
    await mailReturnStep(ctx, tx, view, order);
    return view;
  });
}

/** POST /admin/returns/:id/reject: REQUESTED → REJECTED (again: no-op); its units become returnable again. */
export async function rejectReturn(ctx: AppContext, returnId: string, reason: string): Promise<ReturnView> {
  return ctx.database.transaction(async (tx) => {
    const { row, order } = await lockReturn(tx, returnId);
    if (row.status === 'REJECTED') return viewOne(tx, row);
    if (row.status !== 'REQUESTED') throw wrongState(row, 'REJECTED');
    const view = await viewOne(
      tx,
      await moveReturn(tx, row, 'REJECTED', { rejectReason: reason, rejectedAt: new Date() }),
    );
    await mailReturnStep(ctx, tx, view, order);
    return view;
  });
}

/** Units to put back per return line: everything by default, else what the admin lists with `restock`. */
function restockPlan(items: ReturnItemRow[], input: ReceiveReturnInput): Map<string, number> {
  if (!input?.items) return new Map(items.map((i) => [i.orderItemId, i.quantity]));
  const problems = input.items.flatMap((given) => {
    const line = items.find((i) => i.orderItemId === given.orderItemId);
    if (!line) return [{ path: 'items', message: `${given.orderItemId} is not in this return` }];
    if (given.quantity > line.quantity)
      return [
        {
          path: `items.${given.orderItemId}`,
          message: `received ${given.quantity}, returned ${line.quantity}`,
        },
      ];
    return [];
  });
  if (problems.length > 0) throw validationError('The received items do not match the return', problems);
  return new Map(input.items.map((i) => [i.orderItemId, i.restock ? i.quantity : 0]));
}

async function restock(
  ctx: AppContext,
  tx: Tx,
  row: ReturnRow,
  order: AfterSaleOrder,
  plan: Map<string, number>,
  actorId: string,
): Promise<boolean> {
  const variants = new Map((await afterSaleLines(tx, order)).map((l) => [l.id, l.variantId]));
  const lines = [...plan].flatMap(([orderItemId, quantity]) => {
    const variantId = variants.get(orderItemId);
    return quantity > 0 && variantId ? [{ orderItemId, variantId, quantity }] : [];
  });
  for (const line of lines)
    await tx.db
      .update(returnItems)
      .set({ restockedQuantity: line.quantity })
      .where(sql`${returnItems.returnId} = ${row.id} AND ${returnItems.orderItemId} = ${line.orderItemId}`);
  if (lines.length === 0) return false;
  await restoreStock(ctx, tx, lines, {
    reason: 'RETURN',
    orderId: order.id,
    actorId,
    note: `return ${row.rmaNumber}`,
  });
  return true;
}

/** RECEIVED → REFUNDED: the refund (payments) is recorded in this transaction and carried out after it. */
async function refundReturn(
  ctx: AppContext,
  tx: Tx,
  row: ReturnRow,
  order: AfterSaleOrder,
  refundTo: RefundDestination | undefined,
  actorId: string,
): Promise<{ row: ReturnRow; refundId: string | null }> {
  const refund =
    row.refundAmount > 0
      ? await createRefund(ctx, tx, {
          orderId: order.id,
          amount: row.refundAmount,
          reason: `return ${row.rmaNumber}`,
          refundTo,
          returnId: row.id,
          actorId,
        })
      : null;
  // Unless the admin chose, payments decides: store credit for cash on delivery, else the original payment.
  const refunded = await moveReturn(tx, row, 'REFUNDED', {
    refundTo: refund?.refundTo ?? refundTo ?? 'ORIGINAL',
    refundId: refund?.id ?? null,
    refundedAt: new Date(),
  });
  return { row: refunded, refundId: refund?.id ?? null };
}

/**
 * POST /admin/returns/:id/receive inside the caller's transaction: APPROVED → RECEIVED, restocking
 * per line (ledger reason RETURN), then → REFUNDED with a refund of `refundAmount` recorded in the
 * same transaction. All of it happens once: a repeat finds RECEIVED/REFUNDED and changes nothing.
 */
export async function receiveReturnIn(
  ctx: AppContext,
  tx: Tx,
  returnId: string,
  input: ReceiveReturnInput,
  actorId: string,
): Promise<{ view: ReturnView; restocked: boolean; refundId: string | null }> {
  const { row, order } = await lockReturn(tx, returnId);
  if (row.status === 'RECEIVED' || row.status === 'REFUNDED')
    return { view: await viewOne(tx, row), restocked: false, refundId: null };
  if (row.status !== 'APPROVED') throw wrongState(row, 'RECEIVED');
  const items = await tx.db.select().from(returnItems).where(eq(returnItems.returnId, row.id));
  const restocked = await restock(ctx, tx, row, order, restockPlan(items, input), actorId);
  const received = await viewOne(tx, await moveReturn(tx, row, 'RECEIVED', { receivedAt: new Date() }));
  await recordEvent(ctx, tx, 'return.received', { ...received, orderNumber: order.orderNumber });
  await mailReturnStep(ctx, tx, received, order);
  const refunded = await refundReturn(ctx, tx, row, order, input?.refundTo, actorId);
  const view = await viewOne(tx, refunded.row);
  await mailReturnStep(ctx, tx, view, order);
  return { view, restocked, refundId: refunded.refundId };
}

/** POST /admin/returns/:id/receive in its own transaction; with an Idempotency-Key a retry replays. */
export async function receiveReturn(
  ctx: AppContext,
  adminId: string,
  returnId: string,
  input: ReceiveReturnInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: ReturnView }>> {
  let restocked = false;
  let refundId: string | null = null;
  const result = await runIdempotent(
    ctx,
    { scope: adminId, key: idempotencyKey, fingerprint: { route: 'return.receive', returnId, input } },
    async (tx) => {
      const outcome = await receiveReturnIn(ctx, tx, returnId, input, adminId);
      ({ restocked, refundId } = outcome);
      return { status: 200, body: ok(outcome.view, 'Return received and refunded') };
    },
  );
  if (restocked) await invalidateStock(ctx);
  if (refundId) await processNow(ctx, refundId);
  return result;
}
