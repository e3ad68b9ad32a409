import type { AppContext } from '../../platform/context';

/**
 * Cache namespace of everything derived from stock. Readers that cache stock figures (the
 * catalog's product lists and pages) key their entries by its version as well as their own.
 */
export const STOCK_NAMESPACE = 'stock';

/** Call AFTER the transaction that moved stock commits (see catalog/cache.ts for why). */
export async function invalidateStock(ctx: AppContext): Promise<void> {
  try {
    await ctx.cache.bump(STOCK_NAMESPACE);
  } catch (err) {
    ctx.log.error({ err }, 'stock cache invalidation failed');
  }
}
