import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import { AppError, conflict, unauthenticated } from '../../platform/errors';
import { FOREIGN_KEY_VIOLATION, isViolation } from '../../platform/postgres-errors';
import { findVariants, type PurchasableVariant } from '../catalog/service';
import { evaluateCoupon, findCouponById } from '../coupons/service';
import type { CartLine, CartView } from './schemas';
import { cartItems, carts } from './tables';

// Reading a cart and turning it into the view every cart route answers with.

/** At most this many distinct lines in one cart. */
export const MAX_CART_LINES = 100;

export type CartRow = typeof carts.$inferSelect;

/** Who the cart belongs to: a signed-in user, or a guest holding a cart token. */
export interface CartOwner {
  userId?: string | undefined;
  token?: string | undefined;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');

/** Creates the user's cart if missing; a token for an account that no longer exists is 401. */
export async function ensureUserCart(db: Database, userId: string): Promise<void> {
  try {
    await db.insert(carts).values({ userId }).onConflictDoNothing();
  } catch (error) {
    if (isViolation(error, FOREIGN_KEY_VIOLATION)) throw unauthenticated('This account no longer exists');
    throw error;
  }
}

/** Which cart row is the owner's: the user's, or the guest token's (a merged guest cart is gone). */
export function ownerCondition(owner: CartOwner): SQL | undefined {
  if (owner.userId) return eq(carts.userId, owner.userId);
  if (owner.token) return and(eq(carts.tokenHash, hashToken(owner.token)), isNull(carts.userId));
  return undefined;
}

export async function findCart(db: Database, owner: CartOwner, lock: boolean): Promise<CartRow | undefined> {
  const condition = ownerCondition(owner);
  if (!condition) return undefined;
  const query = db.select().from(carts).where(condition).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export interface RawLine {
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

export function lineView(line: RawLine, variant: PurchasableVariant): CartLine {
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

export function emptyCart(ctx: AppContext, token: string | null = null): CartView {
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
export async function buildView(
  ctx: AppContext,
  tx: Tx | undefined,
  cart: Pick<CartRow, 'id' | 'couponId' | 'updatedAt'>,
  token: string | null,
): Promise<CartView> {
  const db = tx?.db ?? ctx.database.db;
  const lines = await rawLines(db, cart.id);
  const found = await findVariants(
    ctx,
    lines.map((l) => l.variantId),
    tx ? { tx } : {},
  );
  return cartView(ctx, db, { cart, lines, found, token });
}

/** The view of lines already read with their variants: at most one more query (the cart's coupon). */
export async function cartView(
  ctx: AppContext,
  db: Database,
  parts: {
    cart: Pick<CartRow, 'id' | 'couponId' | 'updatedAt'>;
    lines: RawLine[];
    found: Map<string, PurchasableVariant>;
    token: string | null;
  },
): Promise<CartView> {
  const { cart, found, token } = parts;
  const items = parts.lines.flatMap((line) => {
    const variant = found.get(line.variantId);
    return variant ? [lineView(line, variant)] : [];
  });
  const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0);
  const coupon = cart.couponId ? await couponView(ctx, db, cart.couponId, subtotal) : null;
  const discount = coupon?.discount ?? 0;
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

async function couponView(
  ctx: AppContext,
  db: Database,
  couponId: string,
  subtotal: number,
): Promise<CartView['coupon']> {
  const row = await findCouponById(ctx, couponId, db);
  if (!row) return null;
  let message: string | null = null;
  let discount = 0;
  try {
    discount = evaluateCoupon(row, subtotal);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    message = error.message;
  }
  return { code: row.code, type: row.type, value: row.value, discount, valid: message === null, message };
}

export function outOfStock(variant: PurchasableVariant, requested: number): AppError {
  return conflict('OUT_OF_STOCK', `Only ${variant.stock} of ${variant.sku} in stock`, [
    { path: 'quantity', message: `requested ${requested}, available ${variant.stock}` },
  ]);
}
