import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import { badRequest, conflict, notFound, validationError } from '../../platform/errors';
import { percentOf } from '../../platform/money';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { rethrowConstraintError } from '../../platform/postgres-errors';
import type { CouponListQuery, CouponView, CreateCouponInput, UpdateCouponInput } from './schemas';
import { couponRedemptions, coupons } from './tables';

export type CouponRow = typeof coupons.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toCouponView(row: CouponRow): CouponView {
  return {
    id: row.id,
    code: row.code,
    description: row.description,
    type: row.type,
    value: row.value,
    minSubtotal: row.minSubtotal,
    maxDiscount: row.maxDiscount,
    startsAt: iso(row.startsAt),
    expiresAt: iso(row.expiresAt),
    usageLimit: row.usageLimit,
    perUserLimit: row.perUserLimit,
    usedCount: row.usedCount,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- errors clients rely on
export const couponInvalid = (message = 'This coupon code is not valid') =>
  badRequest('COUPON_INVALID', message);
export const couponExpired = (message = 'This coupon is not valid at this time') =>
  badRequest('COUPON_EXPIRED', message);
export const couponNotApplicable = (message: string) => badRequest('COUPON_NOT_APPLICABLE', message);
export const couponLimitReached = (message = 'This coupon has been used up') =>
  conflict('COUPON_USAGE_LIMIT_REACHED', message);

// ---------------------------------------------------------------- rules

/** The discount a coupon gives on `subtotal` (minor units), never more than the subtotal. */
export function discountFor(
  coupon: Pick<CouponRow, 'type' | 'value' | 'maxDiscount'>,
  subtotal: number,
): number {
  let discount = coupon.type === 'PERCENT' ? percentOf(subtotal, coupon.value) : coupon.value;
  if (coupon.maxDiscount !== null) discount = Math.min(discount, coupon.maxDiscount);
  return Math.max(0, Math.min(discount, subtotal));
}

/**
 * Checks everything that does not depend on who uses the coupon: active, window, global limit
 * (as last seen), minimum subtotal. Throws the coupon error clients rely on; returns the discount.
 */
export function evaluateCoupon(coupon: CouponRow, subtotal: number, now = new Date()): number {
  if (!coupon.active) throw couponInvalid();
  if (coupon.startsAt && coupon.startsAt > now) throw couponExpired('This coupon is not valid yet');
  if (coupon.expiresAt && coupon.expiresAt <= now) throw couponExpired('This coupon has expired');
  if (coupon.usageLimit !== null && coupon.usedCount >= coupon.usageLimit) throw couponLimitReached();
  if (coupon.minSubtotal !== null && subtotal < coupon.minSubtotal)
    throw couponNotApplicable(`This coupon needs a subtotal of at least ${coupon.minSubtotal}`);
  return discountFor(coupon, subtotal);
}

/** A coupon by code (case-insensitive), or undefined. */
export async function findCouponByCode(ctx: AppContext, code: string, db: Database = ctx.database.db) {
  const [row] = await db
    .select()
    .from(coupons)
    .where(sql`lower(${coupons.code}) = ${code.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

export async function findCouponById(ctx: AppContext, id: string, db: Database = ctx.database.db) {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id)).limit(1);
  return row;
}

/** For the cart: the coupon by code with its current discount, or the coupon error. */
export async function checkCouponCode(ctx: AppContext, db: Database, code: string, subtotal: number) {
  const coupon = await findCouponByCode(ctx, code, db);
  if (!coupon) throw couponInvalid();
  return { coupon, discount: evaluateCoupon(coupon, subtotal) };
}

/**
 * Checkout, step 1 (reads only, no lock): finds the coupon (by code, else the cart's), re-validates
 * it and the caller's per-user limit, and returns the discount. The caller holds the user's cart
 * lock, so one user's checkouts are serialised and the per-user count cannot race.
 */
export async function checkCouponForOrder(
  ctx: AppContext,
  tx: Tx,
  input: { couponId?: string | null; code?: string | null; userId: string; subtotal: number },
): Promise<{ coupon: CouponRow; discount: number }> {
  const coupon = input.code
    ? await findCouponByCode(ctx, input.code, tx.db)
    : input.couponId
      ? await findCouponById(ctx, input.couponId, tx.db)
      : undefined;
  if (!coupon) throw couponInvalid();
  const discount = evaluateCoupon(coupon, input.subtotal);
  if (coupon.perUserLimit !== null) {
    const [used] = await tx.db
      .select({ n: count() })
      .from(couponRedemptions)
      .where(and(eq(couponRedemptions.couponId, coupon.id), eq(couponRedemptions.userId, input.userId)));
    if ((used?.n ?? 0) >= coupon.perUserLimit)
      throw couponLimitReached('You have already used this coupon as often as it allows');
  }
  return { coupon, discount };
}

/** Checkout step: the coupon named in the request, else the one on the cart, else none (discount 0). */
export async function couponForCheckout(
  ctx: AppContext,
  tx: Tx,
  input: { code: string | null; couponId: string | null; userId: string; subtotal: number },
): Promise<{ discount: number; coupon: { id: string; code: string } | null }> {
  if (!input.code && !input.couponId) return { discount: 0, coupon: null };
  const { coupon, discount } = await checkCouponForOrder(ctx, tx, input);
  return { discount, coupon: { id: coupon.id, code: coupon.code } };
}

/**
 * Checkout, step 2 (at the very end of the transaction, so the coupon row lock is held only until
 * the commit): takes one use with a conditional UPDATE, which is what makes the global limit hold
 * under any concurrency — `used_count = used_count + 1 WHERE active AND (usage_limit IS NULL OR
 * used_count < usage_limit)`, zero rows → 409 COUPON_USAGE_LIMIT_REACHED — and records the redemption.
 */
export async function takeCouponUse(
  tx: Tx,
  input: { couponId: string; userId: string; orderId: string; discount: number },
): Promise<void> {
  const taken = await tx.db
    .update(coupons)
    .set({ usedCount: sql`${coupons.usedCount} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(coupons.id, input.couponId),
        eq(coupons.active, true),
        sql`(${coupons.usageLimit} IS NULL OR ${coupons.usedCount} < ${coupons.usageLimit})`,
      ),
    )
    .returning({ id: coupons.id });
  if (taken.length === 0) throw couponLimitReached();
  await tx.db.insert(couponRedemptions).values(input);
}

// ---------------------------------------------------------------- admin CRUD

function checkWindow(startsAt: Date | null, expiresAt: Date | null) {
  if (startsAt && expiresAt && startsAt >= expiresAt)
    throw validationError('expiresAt must be after startsAt', [
      { path: 'expiresAt', message: 'before startsAt' },
    ]);
}

function checkValue(type: string, value: number) {
  if (type === 'PERCENT' && value > 100)
    throw validationError('A PERCENT coupon is a whole percent 1..100', [
      { path: 'value', message: 'at most 100' },
    ]);
}

function translate(error: unknown): never {
  rethrowConstraintError(error, {
    coupons_code_key: () => conflict('COUPON_CODE_TAKEN', 'A coupon with this code already exists'),
    coupons_used_count_check: () =>
      validationError('usageLimit is below the uses already made', [
        { path: 'usageLimit', message: 'below usedCount' },
      ]),
  });
}

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

export async function createCoupon(ctx: AppContext, input: CreateCouponInput): Promise<CouponView> {
  const startsAt = toDate(input.startsAt) ?? null;
  const expiresAt = toDate(input.expiresAt) ?? null;
  checkWindow(startsAt, expiresAt);
  checkValue(input.type, input.value);
  try {
    const [row] = await ctx.database.db
      .insert(coupons)
      .values({
        code: input.code,
        description: input.description ?? null,
        type: input.type,
        value: input.value,
        minSubtotal: input.minSubtotal ?? null,
        maxDiscount: input.maxDiscount ?? null,
        startsAt,
        expiresAt,
        usageLimit: input.usageLimit ?? null,
        perUserLimit: input.perUserLimit ?? null,
        active: input.active ?? true,
      })
      .returning();
    return toCouponView(row!);
  } catch (error) {
    translate(error);
  }
}

export async function updateCoupon(
  ctx: AppContext,
  id: string,
  input: UpdateCouponInput,
): Promise<CouponView> {
  return ctx.database.transaction(async (tx) => {
    const [current] = await tx.db.select().from(coupons).where(eq(coupons.id, id)).for('update');
    if (!current) throw notFound('Coupon');
    const startsAt = toDate(input.startsAt);
    const expiresAt = toDate(input.expiresAt);
    checkWindow(
      startsAt === undefined ? current.startsAt : startsAt,
      expiresAt === undefined ? current.expiresAt : expiresAt,
    );
    checkValue(input.type ?? current.type, input.value ?? current.value);
    try {
      const [row] = await tx.db
        .update(coupons)
        .set({
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.type !== undefined ? { type: input.type } : {}),
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.minSubtotal !== undefined ? { minSubtotal: input.minSubtotal } : {}),
          ...(input.maxDiscount !== undefined ? { maxDiscount: input.maxDiscount } : {}),
          ...(startsAt !== undefined ? { startsAt } : {}),
          ...(expiresAt !== undefined ? { expiresAt } : {}),
          ...(input.usageLimit !== undefined ? { usageLimit: input.usageLimit } : {}),
          ...(input.perUserLimit !== undefined ? { perUserLimit: input.perUserLimit } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(coupons.id, id))
        .returning();
      return toCouponView(row!);
    } catch (error) {
      translate(error);
    }
  });
}

/** Deletes an unused coupon; one that orders have used is kept for the record (409: deactivate it). */
export async function deleteCoupon(ctx: AppContext, id: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const [row] = await tx.db
      .select({ id: coupons.id })
      .from(coupons)
      .where(eq(coupons.id, id))
      .for('update');
    if (!row) throw notFound('Coupon');
    const [used] = await tx.db
      .select({ n: count() })
      .from(couponRedemptions)
      .where(eq(couponRedemptions.couponId, id));
    if ((used?.n ?? 0) > 0)
      throw conflict('COUPON_IN_USE', 'Orders have used this coupon; deactivate it instead (active: false)');
    await tx.db.delete(coupons).where(eq(coupons.id, id));
  });
}

export async function getCoupon(ctx: AppContext, id: string): Promise<CouponView> {
  const row = await findCouponById(ctx, id);
  if (!row) throw notFound('Coupon');
  return toCouponView(row);
}

export async function listCoupons(ctx: AppContext, query: CouponListQuery) {
  const where: SQL[] = [];
  if (query.searchTerm) where.push(ilike(coupons.code, `%${query.searchTerm.replace(/[%_\\]/g, '\\$&')}%`));
  if (query.active !== undefined) where.push(eq(coupons.active, query.active));
  const condition = where.length > 0 ? and(...where) : undefined;
  const column = coupons[query.sortBy];
  const order = query.sortOrder === 'asc' ? asc(column) : desc(column);
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(coupons)
      .where(condition)
      .orderBy(order, asc(coupons.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(coupons).where(condition),
  ]);
  return { items: rows.map(toCouponView), meta: pageMeta(query, total?.n ?? 0) };
}
