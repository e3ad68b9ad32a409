import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { users } from './tables';

/** Customers who registered in [from, toExclusive). */
export async function countNewCustomers(ctx: AppContext, from: Date, toExclusive: Date): Promise<number> {
  const [row] = await ctx.database.db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'CUSTOMER'), gte(users.createdAt, from), lt(users.createdAt, toExclusive)));
  return row?.n ?? 0;
}
