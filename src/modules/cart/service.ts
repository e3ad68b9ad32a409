import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import {
  AppError,
  badRequest,
  conflict,
  notFound,
  unauthenticated,
  validationError,
} from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { FOREIGN_KEY_VIOLATION, isViolation } from '../../platform/postgres-errors';
import { defaultVariantId, findVariants, type PurchasableVariant } from '../catalog/service';
import { withCouponAttempt } from '../coupons/attempts';
import { checkCouponCode, evaluateCoupon, findCouponById } from '../coupons/service';
import {
  MAX_LINE_QUANTITY,
  type AddItemInput,
  type CartItemsQuery,
  type CartLine,
  type CartView,
} from './schemas';
import { cartItems, carts } from './tables';

/** At most this many distinct lines in one cart. */
export const MAX_CART_LINES = 100;

export type CartRow = typeof carts.$inferSelect;

/** Who the cart belongs to: a signed-in user, or a guest holding a cart token. */
export interface CartOwner {
  userId?: string | undefined;
  token?: string | undefined;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');

// ---------------------------------------------------------------- loading and viewing

/** Creates the user's cart if missing; a token for an account that no longer exists is 401. */
async function ensureUserCart(db: Database, userId: string): Promise<void> {
  try {
    await db.insert(carts).values({ userId }).onConflictDoNothing();
  } catch (error) {
    if (isViolation(error, FOREIGN_KEY_VIOLATION)) throw unauthenticated('This account no longer exists');
    throw error;
  }
}

async function findCart(db: Database, owner: CartOwner, lock: boolean): Promise<CartRow | undefined> {
  const condition = owner.userId
    ? eq(carts.userId, owner.userId)
    : owner.token
      ? and(eq(carts.tokenHash, hashToken(owner.token)), isNull(carts.userId))
      : undefined;
  if (!condition) return undefined;
  const query = db.select().from(carts).where(condition).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

interface RawLine {
  id: string;
  variantId: string;
  quantity: number;
  addedAt: Date;
}

export async function rawLines(db: Database, cartId: string): Promise<RawLine[]> {
  return db
    .select({
      id: cartItems.id,
      variantId: cartItems.variantId,
      quantity: cartItems.quantity,
      addedAt: cartItems.addedAt,
    })
    .from(cartItems)
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.id));
}

function lineView(line: RawLine, variant: PurchasableVariant): CartLine {
  return {
    id: line.id,
    variantId: line.variantId,
    productId: variant.productId,
    name: variant.productName,
    sku: variant.sku,
    options: variant.options,
    image: variant.image,
    unitPrice: variant.price,
    quantity: line.quantity,
    lineTotal: variant.price * line.quantity,
    availableStock: variant.purchasable ? variant.stock : 0,
    available: variant.purchasable,
    currency: variant.currency,
    addedAt: line.addedAt.toISOString(),
  };
}

function emptyCart(ctx: AppContext, token: string | null = null): CartView {
  return {
    id: null,
    cartToken: token,
    items: [],
    itemCount: 0,
    subtotal: 0,
    discount: 0,
    total: 0,
    currency: ctx.config.DEFAULT_CURRENCY,
    coupon: null,
    updatedAt: null,
  };
}

/** The cart with current prices and stock, subtotal, the coupon's current discount and the total. */
async function buildView(
  ctx: AppContext,
  tx: Tx | undefined,
  cart: CartRow,
  token: string | null,
): Promise<CartView> {
  const db = tx?.db ?? ctx.database.db;
  const lines = await rawLines(db, cart.id);
  const found = await findVariants(
    ctx,
    lines.map((l) => l.variantId),
    tx ? { tx } : {},
  );
  const items = lines.flatMap((line) => {
    const variant = found.get(line.variantId);
    return variant ? [lineView(line, variant)] : [];
  });
  const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0);
  let coupon: CartView['coupon'] = null;
  let discount = 0;
  if (cart.couponId) {
    const row = await findCouponById(ctx, cart.couponId, db);
    if (row) {
      let message: string | null = null;
      try {
        discount = evaluateCoupon(row, subtotal);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        message = error.message;
      }
      coupon = {
        code: row.code,
        type: row.type,
        value: row.value,
        discount,
        valid: message === null,
        message,
      };
    }
  }
  return {
    id: cart.id,
    cartToken: token,
    items,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    subtotal,
    discount,
    total: subtotal - discount,
    currency: items[0]?.currency ?? ctx.config.DEFAULT_CURRENCY,
    coupon,
    updatedAt: cart.updatedAt.toISOString(),
  };
}

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

function outOfStock(variant: PurchasableVariant, requested: number): AppError {
  return conflict('OUT_OF_STOCK', `Only ${variant.stock} of ${variant.sku} in stock`, [
    { path: 'quantity', message: `requested ${requested}, available ${variant.stock}` },
  ]);
}

async function purchasableVariant(ctx: AppContext, tx: Tx, variantId: string): Promise<PurchasableVariant> {
  const variant = (await findVariants(ctx, [variantId], { tx })).get(variantId);
  if (!variant?.purchasable) throw notFound('Variant');
  return variant;
}

/** Adds a line, or increments the existing line of that variant. Returns the cart and whether a line was created. */
export async function addCartItem(
  ctx: AppContext,
  owner: CartOwner,
  input: AddItemInput,
): Promise<{ cart: CartView; created: boolean }> {
  let variantId = input.variantId;
  if (!variantId && input.productId) {
    variantId = (await defaultVariantId(ctx, input.productId)) ?? undefined;
    if (!variantId)
      throw badRequest(
        'VARIANT_REQUIRED',
        'This product has several variants (or none for sale): give variantId',
        [{ path: 'variantId', message: 'required for this product' }],
      );
  }
  const id = variantId!;
  let created = false;
  const cart = await mutateCart(ctx, owner, { create: true }, async (tx, cartRow) => {
    const variant = await purchasableVariant(ctx, tx, id);
    const lines = await rawLines(tx.db, cartRow.id);
    const existing = lines.find((l) => l.variantId === id);
    if (!existing && lines.length >= MAX_CART_LINES)
      throw conflict('CART_FULL', `A cart holds at most ${MAX_CART_LINES} different items`);
    if (lines.length > 0 && !existing) {
      const others = await findVariants(ctx, [lines[0]!.variantId], { tx });
      const currency = others.get(lines[0]!.variantId)?.currency;
      if (currency && currency !== variant.currency)
        throw conflict(
          'CURRENCY_MISMATCH',
          `This cart is in ${currency}; the item is priced in ${variant.currency}`,
        );
    }
    const quantity = (existing?.quantity ?? 0) + input.quantity;
    if (quantity > MAX_LINE_QUANTITY)
      throw validationError(`At most ${MAX_LINE_QUANTITY} of one item`, [
        { path: 'quantity', message: `the line would hold ${quantity}` },
      ]);
    if (quantity > variant.stock) throw outOfStock(variant, quantity);
    if (existing) {
      await tx.db
        .update(cartItems)
        .set({ quantity, updatedAt: sql`now()` })
        .where(eq(cartItems.id, existing.id));
    } else {
      await tx.db.insert(cartItems).values({ cartId: cartRow.id, variantId: id, quantity });
      created = true;
    }
  });
  return { cart, created };
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
