import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { fixedStatement } from '../../platform/prepared-statements';
import {
  findVariants,
  purchasableFromRows,
  purchasableVariantsIn,
  type PurchasableVariant,
} from '../catalog/service';
import { nextOrderNumber } from '../orders/number-sql';
import type { StockShortfall } from '../inventory/service';
import { customerOf } from '../users/customer-sql';
import { cartItems, carts } from './tables';

// The cart's part of the checkout: each function is one step and runs in the checkout's transaction.

export interface CheckoutCart {
  cartId: string;
  couponId: string | null;
  /** The cart owner's email and name, read by the locking statement. */
  customer: { email: string; name: string };
  /**
   * The order's number and time (the transaction's now()), also taken by the locking statement, so
   * the order's INSERT needs no answer and can leave with the checkout's last write.
   */
  order: { number: string; placedAt: Date };
  lines: Array<{ itemId: string; variantId: string; quantity: number }>;
  /** The lines' variants, when read with the lock (PostgreSQL); priceCartLines reads any missing. */
  variants?: Map<string, PurchasableVariant>;
}

export interface PricedLine {
  itemId: string;
  variantId: string;
  quantity: number;
  variant: PurchasableVariant;
  unitPrice: number;
  lineTotal: number;
}

/**
 * Locks the user's cart row (FOR UPDATE), so concurrent checkouts of one cart are serialised, then
 * takes its lines out of it (the checkout consumes them; a failure later rolls it all back).
 * No cart or no lines → 400 CART_EMPTY. Two statements: the lock (with the customer's name and
 * email, and the order's number: a cart with no lines leaves a gap in the numbers), then the
 * DELETE … RETURNING that reads the lines and empties the cart (its coupon dropped). The lines
 * must come from a statement that starts after the lock: lines read in the locking statement
 * would come from the snapshot taken before the lock wait, so a concurrent checkout's consumed
 * lines would be sold twice.
 */
export async function lockCartForCheckout(ctx: AppContext, tx: Tx, userId: string): Promise<CheckoutCart> {
  // Pipelined, all three are sent at once: PostgreSQL starts the second and the third (and takes
  // their snapshots) only once the first holds the lock, so the snapshot reason above still holds,
  // without a round trip; the variants are read before the lines are taken out of the cart.
  const locked = tx.run(lockCart, { userId });
  const variants = tx.pipelined ? tx.run(variantsOfCart, { userId }) : undefined;
  const consumed = tx.pipelined ? tx.run(consumeLines, { userId }) : undefined;
  const [cart] = await locked.catch((error: unknown) => {
    // They fail behind the lock's error.
    variants?.catch(() => {});
    consumed?.catch(() => {});
    throw error;
  });
  const found =
    variants &&
    (await variants.catch((error: unknown) => {
      consumed?.catch(() => {});
      throw error;
    }));
  const rows = await (consumed ?? (cart ? tx.run(consumeLines, { userId }) : []));
  if (!cart || rows.length === 0) throw badRequest('CART_EMPTY', 'Your cart is empty');
  if (!cart.customer) throw notFound('User');
  return {
    cartId: cart.id,
    couponId: cart.coupon_id,
    customer: cart.customer,
    order: { number: cart.order_number, placedAt: cart.placed_at },
    lines: rows.map((l) => ({ itemId: l.id, variantId: l.variant_id, quantity: l.quantity })),
    ...(found ? { variants: purchasableFromRows(ctx, found) } : {}),
  };
}

/** The catalog's read of the variants in the user's cart (run behind the lock, before the lines leave). */
const variantsOfCart = purchasableVariantsIn(
  'cart_checkout_variants',
  sql`(SELECT ${cartItems.variantId} FROM ${cartItems}
    WHERE ${cartItems.cartId} = (SELECT id FROM ${carts} WHERE user_id = ${sql.placeholder('userId')}))`,
);

const lockCart = fixedStatement<{
  id: string;
  coupon_id: string | null;
  customer: { email: string; name: string } | null;
  order_number: string;
  placed_at: Date;
}>(
  'cart_lock_for_checkout',
  sql`SELECT ${carts.id} AS id, ${carts.couponId} AS coupon_id, ${customerOf(carts.userId)} AS customer,
      ${nextOrderNumber} AS order_number, now() AS placed_at
    FROM ${carts} WHERE ${carts.userId} = ${sql.placeholder('userId')} FOR UPDATE`,
);

const consumeLines = fixedStatement<{ id: string; variant_id: string; quantity: number }>(
  'cart_consume_lines',
  sql`
    WITH consumed AS (
      DELETE FROM ${cartItems}
      WHERE ${cartItems.cartId} = (SELECT id FROM ${carts} WHERE user_id = ${sql.placeholder('userId')})
      RETURNING id, variant_id, quantity, added_at
    ), cleared AS (
      UPDATE ${carts} SET coupon_id = NULL, updated_at = now() WHERE user_id = ${sql.placeholder('userId')}
    )
    SELECT id, variant_id, quantity FROM consumed ORDER BY added_at ASC, id ASC`,
);

/**
 * Re-prices every line from the catalog's current prices. A line no longer for sale → 409
 * OUT_OF_STOCK naming it; lines in more than one currency → 409 CURRENCY_MISMATCH.
 */
export async function priceCartLines(
  ctx: AppContext,
  tx: Tx,
  cart: CheckoutCart,
): Promise<{ lines: PricedLine[]; currency: string; subtotal: number }> {
  const found = new Map(cart.variants);
  const missing = cart.lines.map((l) => l.variantId).filter((id) => !found.has(id));
  if (missing.length > 0)
    for (const [id, variant] of await findVariants(ctx, missing, { tx })) found.set(id, variant);
  const unavailable = cart.lines.filter((l) => !found.get(l.variantId)?.purchasable);
  if (unavailable.length > 0)
    throw conflict(
      'OUT_OF_STOCK',
      'Some items are no longer for sale',
      unavailable.map((l) => ({
        path: `items.${l.itemId}`,
        message: `variant ${l.variantId} is no longer for sale`,
      })),
    );
  const lines = cart.lines.map((l) => {
    const variant = found.get(l.variantId)!;
    return { ...l, variant, unitPrice: variant.price, lineTotal: variant.price * l.quantity };
  });
  const currency = lines[0]!.variant.currency;
  if (lines.some((l) => l.variant.currency !== currency))
    throw conflict('CURRENCY_MISMATCH', 'The cart mixes currencies; remove the items in another currency');
  return { lines, currency, subtotal: lines.reduce((sum, l) => sum + l.lineTotal, 0) };
}

/** 409 OUT_OF_STOCK naming the cart lines (not only variant ids), so a storefront can highlight them. */
export function outOfStock(shortfalls: StockShortfall[], lines: PricedLine[]) {
  const details = shortfalls.map((s) => {
    const line = lines.find((l) => l.variantId === s.variantId)!;
    return {
      path: `items.${line.itemId}`,
      message: `${line.variant.productName} (${line.variant.sku}): requested ${s.requested}, available ${s.available}`,
    };
  });
  return conflict('OUT_OF_STOCK', 'Some items are not available in the quantity requested', details);
}
