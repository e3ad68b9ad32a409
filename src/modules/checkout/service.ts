import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import type { AuthUser } from '../../platform/security';
import { lockCartForCheckout, outOfStock, priceCartLines, type PricedLine } from '../cart/checkout';
import { priceCheckout, type OrderPricing } from '../cart/quote';
import { queueSalesRollup } from '../catalog/sales-rollup';
import { couponForCheckout, takeCouponUse } from '../coupons/service';
import {
  reserveStock,
  reserveStockAndCommit,
  StockNeedsFullCheck,
  type ReservedLine,
} from '../inventory/service';
import type { LineTax } from '../tax/service';
import type { OrderView } from '../orders/schemas';
import {
  createOrder,
  loadOrderView,
  markOrderPaid,
  queueOrderPlaced,
  type OrderDraft,
  type PlacedOrder,
} from '../orders/service';
import { recordStoreCreditPaid } from '../orders/store-credit-payment';
import { spendStoreCredit } from '../store-credit/service';
import { assertUnpaidOrderRoom } from '../orders/unpaid';
import { checkoutCustomer, type AddressChoice } from '../users/checkout-address';
import { invalidateSold, type SoldLine } from './invalidation';
import type { CheckoutInput } from './schemas';

type Placed = { status: number; body: { success: true; message: string; data: OrderView } };
type Sold = SoldLine[];

/**
 * POST /orders. Everything happens in ONE transaction, the idempotency key's completion included:
 * a replay of a finished key returns the stored answer, and a failure anywhere (COMMIT included)
 * rolls all of it back and stores nothing.
 */
export async function placeOrder(
  ctx: AppContext,
  user: AuthUser,
  input: CheckoutInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<Placed['body']>> {
  let sold: Sold = [];
  const attempt = (stockLast: boolean) =>
    runIdempotent(ctx, { scope: user.id, key: idempotencyKey, fingerprint: input }, async (tx) => {
      const placed = await checkout(ctx, tx, user, input, stockLast);
      sold = placed.sold;
      return placed.answer;
    });
  // On PostgreSQL and without a key the stock statement can go with the COMMIT (an
  // Idempotency-Key's result is written after the work; the embedded database runs one transaction
  // at a time, so there is no lock to shorten and a declined attempt would only double the work).
  // A checkout that statement cannot take runs again the ordinary way.
  const stockLast = !idempotencyKey && !ctx.database.embedded;
  const result = await attempt(stockLast).catch((error: unknown) => {
    if (error instanceof StockNeedsFullCheck) return attempt(false);
    throw error;
  });
  if (!result.replayed) await invalidateSold(ctx, sold);
  return result;
}

/**
 * The checkout's steps, each owned by its module. The contended rows come last (variant stock in
 * variant-id order, then the coupon's use count), after everything else is written, so their
 * locks are held only for their own statement and the commit.
 */
async function checkout(
  ctx: AppContext,
  tx: Tx,
  user: AuthUser,
  input: CheckoutInput,
  stockLast: boolean,
): Promise<{ answer: Placed; sold: Sold }> {
  const cart = await lockCartForCheckout(ctx, tx, user.id);
  const customer = await checkoutCustomer(ctx, tx, user.id, cart.customer, addressChoiceOf(input));
  await assertUnpaidOrderRoom(ctx, tx, user.id, input.paymentMethod);
  const priced = await priceCartLines(ctx, tx, cart);
  const { discount, coupon } = await couponForCheckout(ctx, tx, {
    code: input.couponCode ?? null,
    couponId: cart.couponId,
    userId: user.id,
    subtotal: priced.subtotal,
  });
  const pricing = await priceCheckout(ctx, tx, {
    ...priced,
    discount,
    destination: customer.shippingAddress,
    shippingMethodId: input.shippingMethodId,
  });
  const orderId = randomUUID();
  const placed = createOrder(ctx, tx, {
    id: orderId,
    orderNumber: cart.order.number,
    placedAt: cart.order.placedAt,
    user,
    customer,
    shippingAddress: customer.shippingAddress,
    paymentMethod: input.paymentMethod,
    note: input.note ?? null,
    currency: priced.currency,
    subtotal: priced.subtotal,
    discount,
    coupon,
    ...orderTotalsOf(pricing),
    lines: priced.lines.map((line, i) => orderLineOf(line, pricing.tax.lines[i]!)),
  });
  if (!input.useStoreCredit) await queueOrderPlaced(ctx, tx, placed);
  await queueSalesRollup(ctx, tx);
  const slugs = new Map(priced.lines.map((l) => [l.variantId, l.variant.productSlug]));
  const soldOf = (reserved: ReservedLine[]) =>
    reserved.map((r) => ({
      productId: r.productId,
      productSlug: slugs.get(r.variantId)!,
      stockAfter: r.stock,
    }));
  const answer = (view: OrderView): Placed => ({
    status: 201,
    body: { success: true, message: 'Order placed', data: view },
  });
  // A line already short when its variant was read would only be declined: go the ordinary way.
  const inStock = priced.lines.every((l) => l.variant.stock > l.quantity);
  if (stockLast && inStock && !coupon && !input.useStoreCredit) {
    // The stock statement is the last one and goes with the COMMIT (the order and the jobs before it).
    const reserved = await reserveStockAndCommit(tx, priced.lines, { orderId, actorId: user.id });
    return { answer: answer(placed.view), sold: soldOf(reserved) };
  }
  // The order and the jobs are written now, not at the COMMIT: the stock rows locked next then stay
  // locked for that one statement and the COMMIT (a shortfall throws, and the rollback takes them
  // too), and the coupon's use and the store credit reference the order.
  await tx.deferred.flush();
  const { shortfalls, reserved } = await reserveStock(ctx, tx, priced.lines, { orderId, actorId: user.id });
  if (shortfalls.length > 0) throw outOfStock(shortfalls, priced.lines);
  if (coupon) await takeCouponUse(tx, { couponId: coupon.id, userId: user.id, orderId, discount });
  const view = input.useStoreCredit ? await payWithStoreCredit(ctx, tx, placed) : placed.view;
  return { answer: answer(view), sold: soldOf(reserved) };
}

/**
 * Checkout step for `useStoreCredit: true`, last because the balance row is the last contended
 * row (cancellations and refunds lock it last too): the balance pays up to the total, the order
 * records it, then the confirmation is queued; an order the credit pays in full is PAID at once.
 */
async function payWithStoreCredit(ctx: AppContext, tx: Tx, placed: PlacedOrder): Promise<OrderView> {
  const { row } = placed;
  const spent = await spendStoreCredit(ctx, tx, {
    userId: row.userId,
    orderId: row.id,
    total: row.total,
    currency: row.currency,
  });
  const paid = spent > 0 ? await recordStoreCreditPaid(tx, row.id, spent) : row;
  await queueOrderPlaced(ctx, tx, { row: paid, view: await loadOrderView(ctx, paid, tx) });
  const final =
    spent > 0 && spent === row.total ? await markOrderPaid(ctx, tx, row.id, 'paid with store credit') : paid;
  return loadOrderView(ctx, final, tx);
}

function addressChoiceOf(input: CheckoutInput): AddressChoice {
  return input.addressId ? { addressId: input.addressId } : { shippingAddress: input.shippingAddress! };
}

function orderTotalsOf(pricing: OrderPricing) {
  return {
    shipping: pricing.shipping,
    shippingMethod: pricing.shippingMethod,
    tax: pricing.tax.tax,
    shippingTax: pricing.tax.shippingTax,
    taxIncluded: pricing.tax.taxIncluded,
    taxLines: pricing.tax.taxLines,
  };
}

function orderLineOf(line: PricedLine, tax: LineTax): OrderDraft['lines'][number] {
  return {
    variantId: line.variantId,
    productId: line.variant.productId,
    name: line.variant.productName,
    sku: line.variant.sku,
    options: line.variant.options,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    lineTotal: line.lineTotal,
    discountShare: tax.discountShare,
    tax: tax.tax,
    taxRate: tax.rate,
  };
}
