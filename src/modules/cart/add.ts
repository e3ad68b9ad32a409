import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { StatementRunner } from '../../platform/db';
import { badRequest, conflict, notFound, unauthenticated, validationError } from '../../platform/errors';
import { rethrowConstraintError } from '../../platform/postgres-errors';
import { fixedStatement } from '../../platform/prepared-statements';
import { defaultVariantId, findVariants, type PurchasableVariant } from '../catalog/service';
import {
  MAX_CART_LINES,
  buildView,
  cartView,
  hashToken,
  newToken,
  outOfStock,
  type CartOwner,
  type RawLine,
} from './lines';
import { MAX_LINE_QUANTITY, type AddItemInput, type CartView } from './schemas';
import { mergeGuestCart } from './service';
import { cartItems, carts } from './tables';

// Add to cart is the storefront's hottest write, so it costs three statements (four with a
// coupon on the cart, or lines of other variants) in two round trips and no explicit transaction:
// read the cart's lines and the variant together (one socket write on PostgreSQL), then ONE
// statement that creates or touches the cart and inserts or increments the line. That
// statement is atomic by itself: the increment re-checks the limit against the line as it is
// then (ON CONFLICT sees the latest row), so concurrent adds never push a line past stock or
// the per-line maximum, and it waits on the cart row a checkout holds.

interface Written {
  cartId: string;
  couponId: string | null;
  updatedAt: Date;
  itemId: string | null;
  quantity: number | null;
  addedAt: Date | null;
  created: boolean | null;
}

/** Adds a line, or increments the existing line of that variant. Returns the cart and whether a line was created. */
export async function addCartItem(
  ctx: AppContext,
  owner: CartOwner,
  input: AddItemInput,
): Promise<{ cart: CartView; created: boolean }> {
  if (owner.userId && owner.token) await mergeGuestCart(ctx, owner.userId, owner.token);
  const variantId = input.variantId ?? (await variantOfProduct(ctx, input.productId));
  const { existing, found } = await linesAndVariant(ctx, owner, variantId);
  const variant = found.get(variantId);
  if (!variant?.purchasable) throw notFound('Variant');
  const line = existing.lines.find((l) => l.variantId === variantId);
  checkLine(variant, existing.lines, line, found);
  const quantity = (line?.quantity ?? 0) + input.quantity;
  const token = owner.userId ? null : existing.cartId && owner.token ? owner.token : newToken();
  const written = await writeLine(ctx, owner.userId ? { userId: owner.userId } : { token: token! }, {
    variantId,
    quantity: input.quantity,
    limit: Math.min(variant.stock, MAX_LINE_QUANTITY),
  });
  if (written.itemId === null) {
    // Another request changed the line between our read and our write.
    if (quantity > MAX_LINE_QUANTITY) throw tooMany(quantity);
    throw outOfStock(variant, quantity);
  }
  const created = written.created === true;
  const cartToken = owner.userId ? null : token;
  if (created === Boolean(line)) {
    // Our line vanished meanwhile (a checkout consumed the cart): the lines read are stale.
    const row = { id: written.cartId, couponId: written.couponId, updatedAt: written.updatedAt };
    return { cart: await buildView(ctx, undefined, row, cartToken), created };
  }
  const fresh: RawLine = {
    id: written.itemId,
    variantId,
    quantity: written.quantity!,
    addedAt: written.addedAt!,
  };
  const lines = line ? existing.lines.map((l) => (l.id === line.id ? fresh : l)) : [...existing.lines, fresh];
  const cart = await cartView(ctx, ctx.database.db, {
    cart: { id: written.cartId, couponId: written.couponId, updatedAt: written.updatedAt },
    lines,
    found,
    token: cartToken,
  });
  return { cart, created };
}

async function variantOfProduct(ctx: AppContext, productId: string | undefined): Promise<string> {
  const id = productId ? await defaultVariantId(ctx, productId) : null;
  if (!id)
    throw badRequest(
      'VARIANT_REQUIRED',
      'This product has several variants (or none for sale): give variantId',
      [{ path: 'variantId', message: 'required for this product' }],
    );
  return id;
}

/**
 * The owner's cart lines and the variant added, read in one round trip (the two statements leave
 * in one socket write); the variants of the cart's other lines, if any, after them.
 */
async function linesAndVariant(ctx: AppContext, owner: CartOwner, variantId: string) {
  const [existing, found] = await ctx.database.together((db) =>
    Promise.all([currentLines(db, owner), findVariants(ctx, [variantId], { tx: db })]),
  );
  const others = existing.lines.map((l) => l.variantId).filter((id) => !found.has(id));
  if (others.length > 0) for (const [id, variant] of await findVariants(ctx, others)) found.set(id, variant);
  return { existing, found };
}

/** The owner's cart id and lines in one query (no cart: no id, no lines). */
async function currentLines(
  db: StatementRunner,
  owner: CartOwner,
): Promise<{ cartId: string | null; lines: RawLine[] }> {
  const rows = owner.userId
    ? await db.run(linesOfUserCart, { userId: owner.userId })
    : owner.token
      ? await db.run(linesOfGuestCart, { tokenHash: hashToken(owner.token) })
      : [];
  const lines = rows.flatMap((r) =>
    r.id && r.variant_id && r.quantity !== null && r.added_at
      ? [{ id: r.id, variantId: r.variant_id, quantity: r.quantity, addedAt: r.added_at }]
      : [],
  );
  return { cartId: rows[0]?.cart_id ?? null, lines };
}

type LineRow = {
  cart_id: string;
  id: string | null;
  variant_id: string | null;
  quantity: number | null;
  added_at: Date | null;
};

const linesOf = (owner: SQL) => sql`
  SELECT c.id AS cart_id, i.id, i.variant_id, i.quantity, i.added_at
  FROM ${carts} c LEFT JOIN ${cartItems} i ON i.cart_id = c.id
  WHERE ${owner} ORDER BY i.added_at ASC, i.id ASC`;
const linesOfUserCart = fixedStatement<LineRow>(
  'cart_lines_of_user',
  linesOf(sql`c.user_id = ${sql.placeholder('userId')}`),
);
const linesOfGuestCart = fixedStatement<LineRow>(
  'cart_lines_of_guest',
  linesOf(sql`c.token_hash = ${sql.placeholder('tokenHash')} AND c.user_id IS NULL`),
);

function checkLine(
  variant: PurchasableVariant,
  lines: RawLine[],
  line: RawLine | undefined,
  found: Map<string, PurchasableVariant>,
): void {
  if (!line && lines.length >= MAX_CART_LINES)
    throw conflict('CART_FULL', `A cart holds at most ${MAX_CART_LINES} different items`);
  const currency = lines[0] ? found.get(lines[0].variantId)?.currency : undefined;
  if (!line && currency && currency !== variant.currency)
    throw conflict(
      'CURRENCY_MISMATCH',
      `This cart is in ${currency}; the item is priced in ${variant.currency}`,
    );
}

const tooMany = (quantity: number) =>
  validationError(`At most ${MAX_LINE_QUANTITY} of one item`, [
    { path: 'quantity', message: `the line would hold ${quantity}` },
  ]);

/**
 * One statement: creates the cart or touches its updated_at (locking its row, as a checkout
 * does), then inserts the line or adds to it while the result stays within `limit`. No line in
 * the answer means the limit would have been passed.
 */
async function writeLine(
  ctx: AppContext,
  owner: { userId: string } | { token: string },
  line: { variantId: string; quantity: number; limit: number },
): Promise<Written> {
  try {
    const [row] =
      'userId' in owner
        ? await ctx.database.run(writeUserLine, { owner: owner.userId, ...line })
        : await ctx.database.run(writeGuestLine, { owner: hashToken(owner.token), ...line });
    return {
      cartId: row!.cart_id,
      couponId: row!.coupon_id,
      updatedAt: row!.updated_at,
      itemId: row!.item_id,
      quantity: row!.quantity,
      addedAt: row!.added_at,
      created: row!.created,
    };
  } catch (error) {
    rethrowConstraintError(error, {
      carts_user_id_users_id_fk: () => unauthenticated('This account no longer exists'),
      cart_items_variant_id_variants_id_fk: () => notFound('Variant'),
    });
  }
}

type WrittenRow = {
  cart_id: string;
  coupon_id: string | null;
  updated_at: Date;
  item_id: string | null;
  quantity: number | null;
  added_at: Date | null;
  created: boolean | null;
};

const lineWrite = (cart: SQL) => sql`
  WITH cart AS (${cart} RETURNING id, coupon_id, updated_at),
  item AS (
    INSERT INTO ${cartItems} (cart_id, variant_id, quantity)
    SELECT cart.id, ${sql.placeholder('variantId')}::uuid, ${sql.placeholder('quantity')}::int FROM cart
    WHERE ${sql.placeholder('quantity')}::int <= ${sql.placeholder('limit')}::int
    ON CONFLICT (cart_id, variant_id) DO UPDATE
      SET quantity = cart_items.quantity + excluded.quantity, updated_at = now()
      WHERE cart_items.quantity + excluded.quantity <= ${sql.placeholder('limit')}::int
    RETURNING id, quantity, added_at, (xmax = 0) AS created
  )
  SELECT cart.id AS cart_id, cart.coupon_id, cart.updated_at,
         item.id AS item_id, item.quantity, item.added_at, item.created
  FROM cart LEFT JOIN item ON true`;
const writeUserLine = fixedStatement<WrittenRow>(
  'cart_write_user_line',
  lineWrite(sql`INSERT INTO ${carts} (user_id) VALUES (${sql.placeholder('owner')}::uuid)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()`),
);
const writeGuestLine = fixedStatement<WrittenRow>(
  'cart_write_guest_line',
  lineWrite(sql`INSERT INTO ${carts} (token_hash) VALUES (${sql.placeholder('owner')}::text)
    ON CONFLICT (token_hash) DO UPDATE SET updated_at = now()`),
);
