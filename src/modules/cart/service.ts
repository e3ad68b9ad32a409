import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { findVariants, type PurchasableVariant } from '../catalog/service';
import { withCouponAttempt } from '../coupons/attempts';
import { checkCouponCode } from '../coupons/service';
import {
  MAX_CART_LINES,
  buildView,
  emptyCart,
  ensureUserCart,
  findCart,
  hashToken,
  newToken,
  outOfStock,
  rawLines,
  type CartOwner,
  type CartRow,
} from './lines';
import { MAX_LINE_QUANTITY, type CartItemsQuery, type CartLine, type CartView } from './schemas';
import { cartItems, carts } from './tables';

export { MAX_CART_LINES, rawLines, type CartOwner, type CartRow } from './lines';

/** GET /cart: a user's cart is created empty if none; a guest without a (known) token sees an empty cart. */
export async function getCart(ctx: AppContext, owner: CartOwner): Promise<CartView> {
  if (owner.userId) {
    if (owner.token) await mergeGuestCart(ctx, owner.userId, owner.token);
    await ensureUserCart(ctx.database.db, owner.userId);
  }
  const cart = await findCart(ctx.database.db, owner, false);
  if (!cart) return emptyCart(ctx);
  return buildView(ctx, undefined, cart, owner.userId ? null : (owner.token ?? null));
}

export async function listCartItems(ctx: AppContext, owner: CartOwner, query: CartItemsQuery) {
  const cart = await getCart(ctx, owner);
  const term = query.searchTerm?.toLowerCase();
  const matching = term
    ? cart.items.filter((i) => i.name.toLowerCase().includes(term) || i.sku.toLowerCase().includes(term))
    : cart.items;
  const key: Record<CartItemsQuery['sortBy'], (line: CartLine) => string | number> = {
    addedAt: (l) => l.addedAt,
    price: (l) => l.unitPrice,
    name: (l) => l.name.toLowerCase(),
    quantity: (l) => l.quantity,
  };
  const pick = key[query.sortBy];
  const direction = query.sortOrder === 'asc' ? 1 : -1;
  const sorted = [...matching].sort((a, b) => {
    const x = pick(a);
    const y = pick(b);
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1) * direction;
  });
  const offset = offsetOf(query);
  return { items: sorted.slice(offset, offset + query.limit), meta: pageMeta(query, sorted.length) };
}

// ---------------------------------------------------------------- mutations

/**
 * Runs a cart change in one transaction holding the cart row lock (so concurrent changes to one
 * cart are serialised), creating the cart when `create` is set. Returns the updated view.
 */
async function mutateCart(
  ctx: AppContext,
  owner: CartOwner,
  options: { create: boolean },
  change: (tx: Tx, cart: CartRow) => Promise<void>,
): Promise<CartView> {
  if (owner.userId && owner.token) await mergeGuestCart(ctx, owner.userId, owner.token);
  return ctx.database.transaction(async (tx) => {
    let token = owner.userId ? null : (owner.token ?? null);
    let cart = await findCart(tx.db, owner, true);
    if (!cart) {
      if (!options.create) return emptyCart(ctx, null);
      if (owner.userId) {
        await ensureUserCart(tx.db, owner.userId);
        cart = await findCart(tx.db, owner, true);
      } else {
        token = newToken();
        [cart] = await tx.db
          .insert(carts)
          .values({ tokenHash: hashToken(token) })
          .returning();
      }
      if (!cart) throw new Error('cart could not be created');
    }
    await change(tx, cart);
    const [updated] = await tx.db
      .update(carts)
      .set({ updatedAt: sql`now()` })
      .where(eq(carts.id, cart.id))
      .returning();
    return buildView(ctx, tx, updated ?? cart, token);
  });
}

async function purchasableVariant(ctx: AppContext, tx: Tx, variantId: string): Promise<PurchasableVariant> {
  const variant = (await findVariants(ctx, [variantId], { tx })).get(variantId);
  if (!variant?.purchasable) throw notFound('Variant');
  return variant;
}

/** Sets a line's quantity (0 removes it). Another cart's line id is 404. */
export async function updateCartItem(
  ctx: AppContext,
  owner: CartOwner,
  itemId: string,
  quantity: number,
): Promise<CartView> {
  let found = false;
  const cart = await mutateCart(ctx, owner, { create: false }, async (tx, cartRow) => {
    const [line] = await tx.db
      .select()
      .from(cartItems)
      .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartRow.id)));
    if (!line) throw notFound('Cart item');
    found = true;
    if (quantity === 0) {
      await tx.db.delete(cartItems).where(eq(cartItems.id, itemId));
      return;
    }
    const variant = await purchasableVariant(ctx, tx, line.variantId);
    if (quantity > variant.stock) throw outOfStock(variant, quantity);
    await tx.db
      .update(cartItems)
      .set({ quantity, updatedAt: sql`now()` })
      .where(eq(cartItems.id, itemId));
  });
  if (!found) throw notFound('Cart item');
  return cart;
}

export async function removeCartItem(ctx: AppContext, owner: CartOwner, itemId: string): Promise<CartView> {
  let found = false;
  const cart = await mutateCart(ctx, owner, { create: false }, async (tx, cartRow) => {
    const deleted = await tx.db
      .delete(cartItems)
      .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartRow.id)))
      .returning({ id: cartItems.id });
    if (deleted.length === 0) throw notFound('Cart item');
    found = true;
  });
  if (!found) throw notFound('Cart item');
  return cart;
}

/** Empties the cart and removes its coupon. */
export async function clearCart(ctx: AppContext, owner: CartOwner): Promise<CartView> {
  return mutateCart(ctx, owner, { create: false }, async (tx, cartRow) => {
    await tx.db.delete(cartItems).where(eq(cartItems.cartId, cartRow.id));
    await tx.db.update(carts).set({ couponId: null }).where(eq(carts.id, cartRow.id));
  });
}

/**
 * Applies a coupon after checking it against the current subtotal (COUPON_* errors), under the
 * per-cart and per-IP guessing limits (withCouponAttempt).
 */
export async function applyCartCoupon(
  ctx: AppContext,
  owner: CartOwner,
  code: string,
  ip: string,
): Promise<CartView> {
  return withCouponAttempt(ctx, { ip, userId: owner.userId, cartToken: owner.token }, () =>
    mutateCart(ctx, owner, { create: true }, async (tx, cartRow) => {
      const view = await buildView(ctx, tx, { ...cartRow, couponId: null }, null);
      const { coupon } = await checkCouponCode(ctx, tx.db, code, view.subtotal);
      await tx.db.update(carts).set({ couponId: coupon.id }).where(eq(carts.id, cartRow.id));
    }),
  );
}

export async function removeCartCoupon(ctx: AppContext, owner: CartOwner): Promise<CartView> {
  return mutateCart(ctx, owner, { create: false }, async (tx, cartRow) => {
    await tx.db.update(carts).set({ couponId: null }).where(eq(carts.id, cartRow.id));
  });
}

/**
 * Merges a guest cart into the user's cart (call it on login with the guest's X-Cart-Token):
 * quantities add, capped by current stock and the per-line maximum; lines no longer for sale are
 * dropped; the user's coupon wins, else the guest's is kept. The guest cart is then deleted, so a
 * repeated or concurrent merge is a no-op. Unknown tokens are ignored. Returns the lines merged.
 */
export async function mergeGuestCart(ctx: AppContext, userId: string, cartToken: string): Promise<number> {
  return ctx.database.transaction(async (tx) => {
    const guest = await findCart(tx.db, { token: cartToken }, true);
    if (!guest) return 0;
    await ensureUserCart(tx.db, userId);
    const mine = await findCart(tx.db, { userId }, true);
    if (!mine) throw new Error('user cart could not be created');
    const guestLines = await rawLines(tx.db, guest.id);
    const myLines = await rawLines(tx.db, mine.id);
    const found = await findVariants(
      ctx,
      guestLines.map((l) => l.variantId),
      { tx },
    );
    let merged = 0;
    for (const line of guestLines) {
      const variant = found.get(line.variantId);
      if (!variant?.purchasable) continue;
      const existing = myLines.find((l) => l.variantId === line.variantId);
      if (!existing && myLines.length + merged >= MAX_CART_LINES) continue;
      const quantity = Math.min((existing?.quantity ?? 0) + line.quantity, variant.stock, MAX_LINE_QUANTITY);
      if (quantity <= 0) continue;
      if (existing) {
        await tx.db
          .update(cartItems)
          .set({ quantity, updatedAt: sql`now()` })
          .where(eq(cartItems.id, existing.id));
      } else {
        await tx.db
          .insert(cartItems)
          .values({ cartId: mine.id, variantId: line.variantId, quantity, addedAt: line.addedAt });
      }
      merged += 1;
    }
    await tx.db
      .update(carts)
      .set({ couponId: mine.couponId ?? guest.couponId, updatedAt: sql`now()` })
      .where(eq(carts.id, mine.id));
    await tx.db.delete(carts).where(eq(carts.id, guest.id));
    return merged;
  });
}
