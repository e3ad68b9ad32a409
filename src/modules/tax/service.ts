import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { invalidateStoreConfig, memoStoreConfig } from '../../platform/config-memo';
import type { Database } from '../../platform/db';
import { rethrowConstraintError } from '../../platform/postgres-errors';
import { conflict, notFound, validationError } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { regionCodeOf } from '../users/countries';
import { calculateTax, type ApplicableRate, type TaxResult } from './calculation';
import type { CreateTaxRateInput, TaxRateListQuery, TaxRateView, UpdateTaxRateInput } from './schemas';
import { taxRates } from './tables';

export type { LineTax, TaxLine, TaxResult } from './calculation';
export const DEFAULT_TAX_CLASS = 'standard';

type TaxRateRow = typeof taxRates.$inferSelect;

function toView(row: TaxRateRow): TaxRateView {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    region: row.region,
    taxClass: row.taxClass,
    rate: row.rate,
    appliesToShipping: row.appliesToShipping,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- which rates apply

/** Where goods are taxed: the shipping address's country and its ISO 3166-2 region, if any. */
export interface TaxAddress {
  country: string;
  state?: string | null;
}

/**
 * The rates that apply at an address, as a lookup: `forClass(c)` gives the class's rates for the
 * address's region when the region has any for that class, else the country's; `forShipping()`
 * the same choice among rates marked appliesToShipping.
 */
export interface RatesAtAddress {
  forClass(taxClass: string): ApplicableRate[];
  forShipping(): ApplicableRate[];
}

export function ratesAt(rows: readonly TaxRateRow[], address: TaxAddress): RatesAtAddress {
  const region = regionCodeOf(address);
  const pick = (keep: (row: TaxRateRow) => boolean): ApplicableRate[] => {
    const regional = rows.filter((r) => keep(r) && region !== null && r.region === region);
    const chosen = regional.length > 0 ? regional : rows.filter((r) => keep(r) && r.region === null);
    return [...chosen]
      .sort((a, b) => a.name.localeCompare(b.name) || a.rate - b.rate)
      .map((r) => ({ name: r.name, rate: r.rate }));
  };
  return {
    forClass: (taxClass) => pick((r) => r.taxClass === taxClass),
    forShipping: () => pick((r) => r.appliesToShipping),
  };
}

/**
 * The tax rates of an address's country (every region and class), kept in process until a rate
 * changes (memoStoreConfig); loaded with `db` (a transaction's or the pool's).
 */
export async function loadRatesAt(
  ctx: AppContext,
  db: Database,
  address: TaxAddress,
): Promise<RatesAtAddress> {
  const country = address.country.toUpperCase();
  const rows = await memoStoreConfig(
    ctx,
    `tax:${country}`,
    () => db.select().from(taxRates).where(eq(taxRates.country, country)),
    db,
  );
  return ratesAt(rows, address);
}

export interface OrderTaxInput {
  address: TaxAddress;
  lines: Array<{ amount: number; taxClass: string }>;
  discount: number;
  shipping: number;
}

/**
 * Tax of an order (or a quote) at an address: each line's share of the discount and its tax, the
 * shipping tax and the summed tax lines, with PRICES_INCLUDE_TAX deciding inclusive or exclusive.
 * The checkout's tax step and the cart quote both call this, so their totals agree.
 */
export async function taxOrder(
  ctx: AppContext,
  db: Database,
  input: OrderTaxInput,
): Promise<TaxResult & { taxIncluded: boolean }> {
  const rates = await loadRatesAt(ctx, db, input.address);
  const pricesIncludeTax = ctx.config.PRICES_INCLUDE_TAX;
  const result = calculateTax({
    lines: input.lines.map((l) => ({ amount: l.amount, rates: rates.forClass(l.taxClass) })),
    discount: input.discount,
    shipping: input.shipping,
    shippingRates: rates.forShipping(),
    pricesIncludeTax,
  });
  return { ...result, taxIncluded: pricesIncludeTax };
}

// ---------------------------------------------------------------- admin CRUD

function translate(error: unknown): never {
  rethrowConstraintError(error, {
    tax_rates_scope_name_key: () =>
      conflict(
        'TAX_RATE_EXISTS',
        'A rate with this name already exists for this country, region and tax class',
      ),
    tax_rates_region_check: () =>
      validationError('region must be in the rate’s country', [
        { path: 'region', message: 'not in country' },
      ]),
  });
}

async function createTaxRateWrite(ctx: AppContext, input: CreateTaxRateInput): Promise<TaxRateView> {
  try {
    const [row] = await ctx.database.db
      .insert(taxRates)
      .values({
        name: input.name,
        country: input.country,
        region: input.region ?? null,
        taxClass: input.taxClass ?? DEFAULT_TAX_CLASS,
        rate: input.rate,
        appliesToShipping: input.appliesToShipping ?? false,
      })
      .returning();
    return toView(row!);
  } catch (error) {
    translate(error);
  }
}

async function updateTaxRateWrite(
  ctx: AppContext,
  id: string,
  input: UpdateTaxRateInput,
): Promise<TaxRateView> {
  try {
    const [row] = await ctx.database.db
      .update(taxRates)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.country !== undefined ? { country: input.country } : {}),
        ...(input.region !== undefined ? { region: input.region } : {}),
        ...(input.taxClass !== undefined ? { taxClass: input.taxClass } : {}),
        ...(input.rate !== undefined ? { rate: input.rate } : {}),
        ...(input.appliesToShipping !== undefined ? { appliesToShipping: input.appliesToShipping } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(taxRates.id, id))
      .returning();
    if (!row) throw notFound('Tax rate');
    return toView(row);
  } catch (error) {
    translate(error);
  }
}

async function deleteTaxRateWrite(ctx: AppContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(taxRates)
    .where(eq(taxRates.id, id))
    .returning({ id: taxRates.id });
  if (deleted.length === 0) throw notFound('Tax rate');
}

export async function getTaxRate(ctx: AppContext, id: string): Promise<TaxRateView> {
  const [row] = await ctx.database.db.select().from(taxRates).where(eq(taxRates.id, id));
  if (!row) throw notFound('Tax rate');
  return toView(row);
}

export async function listTaxRates(ctx: AppContext, query: TaxRateListQuery) {
  const where: SQL[] = [];
  if (query.country) where.push(eq(taxRates.country, query.country));
  if (query.taxClass) where.push(eq(taxRates.taxClass, query.taxClass));
  const condition = where.length > 0 ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(taxRates)
      .where(condition)
      .orderBy(
        asc(taxRates.country),
        asc(sql`coalesce(${taxRates.region}, '')`),
        asc(taxRates.taxClass),
        asc(taxRates.name),
        asc(taxRates.id),
      )
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(taxRates).where(condition),
  ]);
  return { items: rows.map(toView), meta: pageMeta(query, total?.n ?? 0) };
}

/** createTaxRate, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function createTaxRate(ctx: AppContext, input: CreateTaxRateInput): Promise<TaxRateView> {
  try {
    return await createTaxRateWrite(ctx, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** updateTaxRate, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function updateTaxRate(
  ctx: AppContext,
  id: string,
  input: UpdateTaxRateInput,
): Promise<TaxRateView> {
  try {
    return await updateTaxRateWrite(ctx, id, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** deleteTaxRate, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function deleteTaxRate(ctx: AppContext, id: string): Promise<void> {
  try {
    return await deleteTaxRateWrite(ctx, id);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}
