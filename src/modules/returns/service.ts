import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound, validationError } from '../../platform/errors';
import { ok } from '../../platform/http';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import { offsetOf, pageMeta } from '../../platform/pagination';
import type { AuthUser } from '../../platform/security';
import { queueEmail, storeForEmail } from '../notifications/service';
import { returnEmail } from '../notifications/return-emails';
import {
  afterSaleLines,
  lockOrderForAfterSale,
  orderOwner,
  type AfterSaleLine,
  type AfterSaleOrder,
} from '../orders/after-sale';
import { recordEvent } from '../webhooks/service';
import { shippingPaid, unitsRefund } from './amounts';
import type { AdminReturnsQuery, CreateReturnInput, ReturnView } from './schemas';
import { returnItems, returns } from './tables';

export type ReturnRow = typeof returns.$inferSelect;
type ReturnItemRow = typeof returnItems.$inferSelect;

const DAY_MS = 86_400_000;

function viewOf(row: ReturnRow, items: ReturnItemRow[]): ReturnView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    rmaNumber: row.rmaNumber,
    orderId: row.orderId,
    userId: row.userId,
    status: row.status,
    items: items
      .filter((i) => i.returnId === row.id)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .map((i) => ({
        orderItemId: i.orderItemId,
        name: i.name,
        sku: i.sku,
        quantity: i.quantity,
        reason: i.reason,
        note: i.note,
        amount: i.amount,
        restockedQuantity: i.restockedQuantity,
      })),
    refundAmount: row.refundAmount,
    shippingAmount: row.shippingAmount,
    currency: row.currency,
    refundTo: row.refundTo,
    refundId: row.refundId,
    rejectReason: row.rejectReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    approvedAt: iso(row.approvedAt),
    rejectedAt: iso(row.rejectedAt),
    receivedAt: iso(row.receivedAt),
    refundedAt: iso(row.refundedAt),
  };
}

/** Views of return rows with their items (one query for all the items). */
export async function returnViews(tx: Pick<Tx, 'db'>, rows: ReturnRow[]): Promise<ReturnView[]> {
  if (rows.length === 0) return [];
  const items = await tx.db
    .select()
    .from(returnItems)
    .where(
      inArray(
        returnItems.returnId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => viewOf(r, items));
}

/** Mails the customer the return's current step, in the caller's transaction. */
export async function mailReturnStep(ctx: AppContext, tx: Tx, view: ReturnView, order: AfterSaleOrder) {
  await queueEmail(ctx, tx, {
    to: order.customerEmail,
    ...returnEmail(
      {
        rmaNumber: view.rmaNumber,
        orderNumber: order.orderNumber,
        customerName: order.customerName,
        status: view.status,
        items: view.items,
        refundAmount: view.refundAmount,
        currency: view.currency,
        rejectReason: view.rejectReason,
        refundTo: view.refundTo,
      },
      storeForEmail(ctx),
    ),
  });
}

/** Units of each order line in returns that still count (every status but REJECTED). */
async function unitsInReturns(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const rows = await tx.db
    .select({ orderItemId: returnItems.orderItemId, units: sql<number>`sum(${returnItems.quantity})::int` })
    .from(returnItems)
    .innerJoin(returns, eq(returns.id, returnItems.returnId))
    .where(and(eq(returns.orderId, orderId), ne(returns.status, 'REJECTED')))
    .groupBy(returnItems.orderItemId);
  return new Map(rows.map((r) => [r.orderItemId, r.units]));
}

function checkReturnable(order: AfterSaleOrder, windowDays: number, now = Date.now()) {
  if (order.status !== 'DELIVERED' || !order.deliveredAt)
    throw conflict(
      'INVALID_STATE_TRANSITION',
      `Only delivered orders can be returned; this one is ${order.status}`,
      [{ path: 'status', message: order.status }],
    );
  const closesAt = order.deliveredAt.getTime() + windowDays * DAY_MS;
  if (now > closesAt)
    throw conflict(
      'RETURN_WINDOW_CLOSED',
      `Returns for this order closed on ${new Date(closesAt).toISOString()}`,
      [
        {
          path: 'deliveredAt',
          message: `delivered ${order.deliveredAt.toISOString()}, window ${windowDays} days`,
        },
      ],
    );
}

/** The requested lines priced, after checking each against what was delivered and is not yet returned. */
function priceRequest(
  order: AfterSaleOrder,
  lines: AfterSaleLine[],
  taken: Map<string, number>,
  input: CreateReturnInput,
) {
  const unknown = input.items.filter((i) => !lines.some((l) => l.id === i.orderItemId));
  if (unknown.length > 0)
    throw validationError(
      'Unknown order items',
      unknown.map((i) => ({ path: 'items', message: `${i.orderItemId} is not an item of this order` })),
    );
  const priced = input.items.map((i) => {
    const line = lines.find((l) => l.id === i.orderItemId)!;
    const already = taken.get(line.id) ?? 0;
    return { ...i, line, already, returnable: line.deliveredQuantity - already };
  });
  const over = priced.filter((p) => p.quantity > p.returnable);
  if (over.length > 0)
    throw conflict(
      'RETURN_QUANTITY_EXCEEDED',
      'More than was delivered and not yet returned',
      over.map((p) => ({
        path: `items.${p.orderItemId}`,
        message: `requested ${p.quantity}, returnable ${Math.max(0, p.returnable)}`,
      })),
    );
  const items = priced.map((p) => ({
    ...p,
    amount: unitsRefund(p.line, order.taxIncluded, p.already, p.quantity),
  }));
  const unitsAfter =
    [...taken.values()].reduce((sum, n) => sum + n, 0) + items.reduce((sum, i) => sum + i.quantity, 0);
  const everything = lines.reduce((sum, l) => sum + l.quantity, 0);
  const shippingAmount = unitsAfter === everything ? shippingPaid(order) : 0;
  return { items, shippingAmount };
}

async function nextRmaNumber(tx: Tx): Promise<string> {
  const result = await tx.db.execute<{ n: string }>(sql`SELECT nextval('return_number_seq')::text AS n`);
  const day = new Date().toISOString().slice(2, 10).replaceAll('-', '');
  return `RMA-${day}-${result.rows[0]!.n}`;
}

/**
 * POST /orders/:id/returns inside the caller's transaction. The order row is locked first, so two
 * concurrent requests for the last returnable unit are decided one after the other (the second
 * sees the first's units and gets 409 RETURN_QUANTITY_EXCEEDED).
 */
export async function createReturn(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  orderId: string,
  input: CreateReturnInput,
): Promise<ReturnView> {
  const order = await lockOrderForAfterSale(tx, orderId);
  if (!order || order.userId !== userId) throw notFound('Order');
  checkReturnable(order, ctx.config.RETURN_WINDOW_DAYS);
  const lines = await afterSaleLines(tx, order);
  const { items, shippingAmount } = priceRequest(order, lines, await unitsInReturns(tx, orderId), input);
  const [row] = await tx.db
    .insert(returns)
    .values({
      rmaNumber: await nextRmaNumber(tx),
      orderId,
      userId,
      currency: order.currency,
      refundAmount: items.reduce((sum, i) => sum + i.amount, 0) + shippingAmount,
      shippingAmount,
    })
    .returning();
  const inserted = await tx.db
    .insert(returnItems)
    .values(
      items.map((i) => ({
        returnId: row!.id,
        orderItemId: i.orderItemId,
        name: i.line.name,
        sku: i.line.sku,
        quantity: i.quantity,
        reason: i.reason,
        note: i.note ?? null,
        amount: i.amount,
      })),
    )
    .returning();
  const view = viewOf(row!, inserted);
  await recordEvent(ctx, tx, 'return.requested', { ...view, orderNumber: order.orderNumber });
  await mailReturnStep(ctx, tx, view, order);
  return view;
}

/** POST /orders/:id/returns in its own transaction; with an Idempotency-Key a retry replays. */
export async function requestReturn(
  ctx: AppContext,
  user: AuthUser,
  orderId: string,
  input: CreateReturnInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: ReturnView }>> {
  return runIdempotent(
    ctx,
    { scope: user.id, key: idempotencyKey, fingerprint: { route: 'return.create', orderId, input } },
    async (tx) => ({
      status: 201,
      body: ok(await createReturn(ctx, tx, user.id, orderId, input), 'Return requested'),
    }),
  );
}

/** GET /orders/:id/returns: the owner's or, for an admin, any order's returns (oldest first). */
export async function listOrderReturns(
  ctx: AppContext,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  orderId: string,
): Promise<ReturnView[]> {
  const owner = await orderOwner(ctx.database, orderId);
  if (!owner || (viewer.role !== 'ADMIN' && owner !== viewer.id)) throw notFound('Order');
  const rows = await ctx.database.db
    .select()
    .from(returns)
    .where(eq(returns.orderId, orderId))
    .orderBy(asc(returns.createdAt), asc(returns.id));
  return returnViews(ctx.database, rows);
}

/** GET /admin/returns: newest first, optionally of one status. */
export async function listReturns(ctx: AppContext, query: AdminReturnsQuery) {
  const condition: SQL | undefined = query.status ? eq(returns.status, query.status) : undefined;
  const [rows, [count]] = await Promise.all([
    ctx.database.db
      .select()
      .from(returns)
      .where(condition)
      .orderBy(desc(returns.createdAt), desc(returns.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(returns)
      .where(condition),
  ]);
  return { items: await returnViews(ctx.database, rows), meta: pageMeta(query, count?.n ?? 0) };
}
