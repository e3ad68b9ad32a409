import { and, count, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict } from '../../platform/errors';
import { invalidateCatalog } from '../catalog/service';
import { lockOrder, transitionOrder } from './state-machine';
import { orders, type PaymentMethod } from './tables';

/** Cancels one unpaid online order once UNPAID_ORDER_TTL has passed (scheduled at checkout). */
export const UNPAID_ORDER_EXPIRY_JOB = 'order.unpaid-expiry';
const ONLINE_METHODS: readonly PaymentMethod[] = ['STRIPE', 'RAZORPAY'];
const isOnline = (method: PaymentMethod) => ONLINE_METHODS.includes(method);

/**
 * Checkout step, after the cart is locked (so one customer's checkouts run one at a time): an
 * online order needs room under MAX_UNPAID_ORDERS, counting the customer's PENDING online orders
 * not paid yet; otherwise 409 TOO_MANY_UNPAID_ORDERS. Unpaid orders hold stock, so this caps how
 * much one account can hold.
 */
export async function assertUnpaidOrderRoom(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  method: PaymentMethod,
): Promise<void> {
  if (!isOnline(method)) return;
  const [row] = await tx.db
    .select({ open: count() })
    .from(orders)
    .where(
      and(
        eq(orders.userId, userId),
        eq(orders.status, 'PENDING'),
        inArray(orders.paymentMethod, [...ONLINE_METHODS]),
        ne(orders.paymentStatus, 'PAID'),
      ),
    );
  const open = row?.open ?? 0;
  if (open >= ctx.config.MAX_UNPAID_ORDERS)
    throw conflict(
      'TOO_MANY_UNPAID_ORDERS',
      `You have ${open} unpaid orders; pay or cancel one before placing another online order`,
    );
}

/** Checkout step: an online order is cancelled (and restocked) unless paid within UNPAID_ORDER_TTL. */
export async function scheduleUnpaidExpiry(
  ctx: AppContext,
  tx: Tx,
  order: { id: string; paymentMethod: PaymentMethod },
): Promise<void> {
  if (!isOnline(order.paymentMethod)) return;
  await ctx.jobs.enqueue(
    UNPAID_ORDER_EXPIRY_JOB,
    { orderId: order.id },
    { tx, startAfterSeconds: Math.ceil(ctx.config.UNPAID_ORDER_TTL / 1000) },
  );
}

/** Cancels the order as SYSTEM if it is still PENDING and unpaid; anything else is left alone. */
export async function expireUnpaidOrder(ctx: AppContext, orderId: string): Promise<boolean> {
  const outcome = await ctx.database.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || order.status !== 'PENDING' || order.paymentStatus === 'PAID') return null;
    if (!isOnline(order.paymentMethod)) return null;
    return transitionOrder(
      ctx,
      tx,
      orderId,
      'CANCELLED',
      { id: null, role: 'SYSTEM' },
      { note: 'not paid in time (UNPAID_ORDER_TTL)' },
    );
  });
  if (outcome?.restocked) await invalidateCatalog(ctx);
  return outcome?.changed ?? false;
}

export function defineUnpaidOrderJobs(ctx: AppContext): void {
  ctx.jobs.define<{ orderId: string }>({
    name: UNPAID_ORDER_EXPIRY_JOB,
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    async handle({ orderId }) {
      if (await expireUnpaidOrder(ctx, orderId)) ctx.log.info({ orderId }, 'unpaid order cancelled');
    },
  });
}
