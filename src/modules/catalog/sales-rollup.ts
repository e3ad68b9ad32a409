import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { rollUpSales } from '../inventory/service';
import { invalidateSales } from './cache';

/**
 * Units sold (sortBy=popularity) are counted off the checkout's path: a checkout marks its ledger
 * rows and queues this job (at most one per SALES_ROLLUP_SECONDS slot, run at the slot's end), a
 * cron run every minute catches what a slot's job started too early to see. The job adds the
 * marked movements up (inventory's rollUpSales) and invalidates the popularity lists.
 */
export const SALES_ROLLUP_JOB = 'catalog.sales-rollup';
const SALES_ROLLUP_SECONDS = 5;

/** Checkout step: a roll-up of the units this order sold, committed with it. */
export async function queueSalesRollup(ctx: AppContext, tx: Tx): Promise<void> {
  await ctx.jobs.enqueue(
    SALES_ROLLUP_JOB,
    {},
    {
      tx,
      singletonKey: 'sales',
      singletonSeconds: SALES_ROLLUP_SECONDS,
      startAfterSeconds: SALES_ROLLUP_SECONDS,
    },
  );
}

/**
 * Rolls up the pending movements (a backlog in several full batches; it stops at the first batch
 * that was not full, rather than chasing the orders committed meanwhile); true when a count changed.
 */
export async function runSalesRollup(ctx: AppContext): Promise<boolean> {
  let changed = 0;
  for (let more = true; more;) {
    const batch = await rollUpSales(ctx);
    changed += batch.products;
    more = batch.more;
  }
  if (changed > 0) await invalidateSales(ctx);
  return changed > 0;
}

export function defineSalesRollupJob(ctx: AppContext): void {
  ctx.jobs.define({
    name: SALES_ROLLUP_JOB,
    cron: '* * * * *',
    retryLimit: 3,
    async handle() {
      await runSalesRollup(ctx);
    },
  });
}
