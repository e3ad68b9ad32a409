import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { invalidateStoreConfig } from '../../platform/config-memo';
import { FOREIGN_KEY_VIOLATION, isViolation } from '../../platform/postgres-errors';
import { notFound, validationError, type ErrorDetail } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import type { CreateMethodInput, MethodListQuery, MethodView, UpdateMethodInput } from './schemas';
import { shippingMethods, type ShippingMethodType, type WeightTier } from './tables';

export type ShippingMethodRow = typeof shippingMethods.$inferSelect;

function toView(row: ShippingMethodRow): MethodView {
  return {
    id: row.id,
    zoneId: row.zoneId,
    name: row.name,
    carrier: row.carrier,
    currency: row.currency,
    type: row.type,
    price: row.price,
    rates: row.rates,
    freeOver: row.freeOver,
    minDays: row.minDays,
    maxDays: row.maxDays,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

interface PricingFields {
  type: ShippingMethodType;
  price: number | null;
  rates: WeightTier[] | null;
  minDays: number | null;
  maxDays: number | null;
}

/** The rules one schema cannot express: FLAT has a price, WEIGHT ascending tiers, minDays ≤ maxDays. */
function checkPricing(method: PricingFields): void {
  const problems: ErrorDetail[] = [];
  if (method.type === 'FLAT') {
    if (method.price === null) problems.push({ path: 'price', message: 'required for a FLAT method' });
    if (method.rates !== null) problems.push({ path: 'rates', message: 'only for a WEIGHT method' });
  } else {
    if (method.rates === null) problems.push({ path: 'rates', message: 'required for a WEIGHT method' });
    if (method.price !== null) problems.push({ path: 'price', message: 'only for a FLAT method' });
    method.rates?.forEach((tier, i) => {
      if (i > 0 && tier.upToGrams <= method.rates![i - 1]!.upToGrams)
        problems.push({
          path: `rates.${i}.upToGrams`,
          message: 'tiers must be in strictly ascending upToGrams',
        });
    });
  }
  if (method.minDays !== null && method.maxDays !== null && method.minDays > method.maxDays)
    problems.push({ path: 'maxDays', message: 'must be at least minDays' });
  if (problems.length > 0) throw validationError('Invalid shipping method', problems);
}

function translate(error: unknown): never {
  if (isViolation(error, FOREIGN_KEY_VIOLATION))
    throw validationError('Unknown shipping zone', [{ path: 'zoneId', message: 'no such zone' }]);
  throw error;
}

async function createMethodWrite(ctx: AppContext, input: CreateMethodInput): Promise<MethodView> {
  const values = {
    zoneId: input.zoneId,
    name: input.name,
    carrier: input.carrier ?? null,
    currency: input.currency,
    type: input.type,
    price: input.price ?? null,
    rates: input.rates ?? null,
    freeOver: input.freeOver ?? null,
    minDays: input.minDays ?? null,
    maxDays: input.maxDays ?? null,
    active: input.active ?? true,
  };
  checkPricing(values);
  try {
    const [row] = await ctx.database.db.insert(shippingMethods).values(values).returning();
    return toView(row!);
  } catch (error) {
    translate(error);
  }
}

/** Changing `type` drops the other type's price field (a FLAT price, or WEIGHT tiers) unless given. */
async function updateMethodWrite(ctx: AppContext, id: string, input: UpdateMethodInput): Promise<MethodView> {
  return ctx.database.transaction(async (tx) => {
    const [current] = await tx.db
      .select()
      .from(shippingMethods)
      .where(eq(shippingMethods.id, id))
      .for('update');
    if (!current) throw notFound('Shipping method');
    const type = input.type ?? current.type;
    const typeChanged = type !== current.type;
    const merged = {
      zoneId: input.zoneId ?? current.zoneId,
      name: input.name ?? current.name,
      carrier: input.carrier === undefined ? current.carrier : input.carrier,
      currency: input.currency ?? current.currency,
      type,
      price: input.price !== undefined ? input.price : typeChanged ? null : current.price,
      rates: input.rates !== undefined ? input.rates : typeChanged ? null : current.rates,
      freeOver: input.freeOver === undefined ? current.freeOver : input.freeOver,
      minDays: input.minDays === undefined ? current.minDays : input.minDays,
      maxDays: input.maxDays === undefined ? current.maxDays : input.maxDays,
      active: input.active ?? current.active,
    };
    checkPricing(merged);
    try {
      const [row] = await tx.db
        .update(shippingMethods)
        .set({ ...merged, updatedAt: sql`now()` })
        .where(eq(shippingMethods.id, id))
        .returning();
      return toView(row!);
    } catch (error) {
      translate(error);
    }
  });
}

/** Deletes a method; orders that used it keep their snapshot (name, carrier, price). */
async function deleteMethodWrite(ctx: AppContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(shippingMethods)
    .where(eq(shippingMethods.id, id))
    .returning({ id: shippingMethods.id });
  if (deleted.length === 0) throw notFound('Shipping method');
}

export async function getMethod(ctx: AppContext, id: string): Promise<MethodView> {
  const [row] = await ctx.database.db.select().from(shippingMethods).where(eq(shippingMethods.id, id));
  if (!row) throw notFound('Shipping method');
  return toView(row);
}

export async function listMethods(ctx: AppContext, query: MethodListQuery) {
  const where: SQL[] = [];
  if (query.zoneId) where.push(eq(shippingMethods.zoneId, query.zoneId));
  if (query.active !== undefined) where.push(eq(shippingMethods.active, query.active));
  const condition = where.length > 0 ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(shippingMethods)
      .where(condition)
      .orderBy(asc(shippingMethods.name), asc(shippingMethods.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(shippingMethods).where(condition),
  ]);
  return { items: rows.map(toView), meta: pageMeta(query, total?.n ?? 0) };
}

/** createMethod, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function createMethod(ctx: AppContext, input: CreateMethodInput): Promise<MethodView> {
  try {
    return await createMethodWrite(ctx, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** updateMethod, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function updateMethod(
  ctx: AppContext,
  id: string,
  input: UpdateMethodInput,
): Promise<MethodView> {
  try {
    return await updateMethodWrite(ctx, id, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** deleteMethod, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function deleteMethod(ctx: AppContext, id: string): Promise<void> {
  try {
    return await deleteMethodWrite(ctx, id);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}
