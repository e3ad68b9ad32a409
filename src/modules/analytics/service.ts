import type { AppContext } from '../../platform/context';
import { badRequest } from '../../platform/errors';
import {
  recentOrders,
  salesBuckets,
  salesTaxLines,
  salesTotals,
  topProducts,
  type SalesInterval,
} from '../orders/reports';
import { returnedSales } from '../returns/analytics';
import { countNewCustomers } from '../users/reports';

const DAY_MS = 86_400_000;
const MAX_DAYS = 3 * 366;

interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  start: Date;
  endExclusive: Date;
  days: number;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `from`/`to` are UTC dates, both inclusive; default the last 30 days. */
export function resolveRange(
  query: { from?: string | undefined; to?: string | undefined },
  now = new Date(),
): DateRange {
  const to = query.to ?? day(now);
  const end = new Date(`${to}T00:00:00.000Z`);
  const from = query.from ?? day(new Date(end.getTime() - 29 * DAY_MS));
  const start = new Date(`${from}T00:00:00.000Z`);
  const endExclusive = new Date(end.getTime() + DAY_MS);
  const days = Math.round((endExclusive.getTime() - start.getTime()) / DAY_MS);
  if (days > MAX_DAYS) throw badRequest('RANGE_TOO_LONG', `A range may cover at most ${MAX_DAYS} days`);
  return { from, to, start, endExclusive, days };
}

async function figures(ctx: AppContext, range: DateRange, currency: string) {
  const sales = { from: range.start, toExclusive: range.endExclusive, currency, returned: returnedSales() };
  const [totals, taxLines, newCustomers] = await Promise.all([
    salesTotals(ctx, sales),
    salesTaxLines(ctx, sales),
    countNewCustomers(ctx, range.start, range.endExclusive),
  ]);
  return {
    from: range.from,
    to: range.to,
    currency,
    orders: totals.orders,
    revenue: totals.revenue,
    tax: totals.tax,
    revenueExcludingTax: totals.revenue - totals.tax,
    taxLines,
    averageOrderValue: totals.orders === 0 ? 0 : Math.round(totals.revenue / totals.orders),
    newCustomers,
  };
}

/** The range's figures and those of the equally long range just before it. */
export async function summary(ctx: AppContext, query: { from?: string; to?: string; currency?: string }) {
  const currency = query.currency ?? ctx.config.DEFAULT_CURRENCY;
  const range = resolveRange(query);
  const previousEnd = range.start;
  const previousStart = new Date(previousEnd.getTime() - range.days * DAY_MS);
  const previous: DateRange = {
    from: day(previousStart),
    to: day(new Date(previousEnd.getTime() - DAY_MS)),
    start: previousStart,
    endExclusive: previousEnd,
    days: range.days,
  };
  const [current, before] = await Promise.all([
    figures(ctx, range, currency),
    figures(ctx, previous, currency),
  ]);
  return { ...current, previous: before };
}

export async function sales(
  ctx: AppContext,
  query: { interval: SalesInterval; from?: string; to?: string; currency?: string },
) {
  const currency = query.currency ?? ctx.config.DEFAULT_CURRENCY;
  const range = resolveRange(query);
  const buckets = await salesBuckets(ctx, {
    interval: query.interval,
    from: range.start,
    toExclusive: range.endExclusive,
    currency,
    returned: returnedSales(),
  });
  return { interval: query.interval, from: range.from, to: range.to, currency, buckets };
}

export async function bestSellers(
  ctx: AppContext,
  query: { limit: number; sortBy: 'units' | 'revenue'; from?: string; to?: string; currency?: string },
) {
  const range = resolveRange(query);
  return topProducts(ctx, {
    from: range.start,
    toExclusive: range.endExclusive,
    currency: query.currency ?? ctx.config.DEFAULT_CURRENCY,
    returned: returnedSales(),
    limit: query.limit,
    sortBy: query.sortBy,
  });
}

export async function latestOrders(ctx: AppContext, limit: number) {
  return recentOrders(ctx, limit);
}
