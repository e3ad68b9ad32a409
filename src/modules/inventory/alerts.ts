import type { AppContext } from '../../platform/context';
import { queueEmail } from '../notifications/service';
import { lowStockEmail } from '../notifications/templates';

export const INVENTORY_LOW_JOB = 'inventory.low';

/** Enqueued (in the stock change's transaction) when a variant's stock falls to its threshold. */
export interface InventoryLowEvent {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  lowStockThreshold: number;
}

export function defineInventoryJobs(ctx: AppContext): void {
  ctx.jobs.define<InventoryLowEvent>({
    name: INVENTORY_LOW_JOB,
    async handle(event, job) {
      ctx.log.warn({ jobId: job.id, ...event }, 'variant stock is low');
      // Connected admin panels hear it at once; the admin mailbox too when ADMIN_EMAIL is set.
      ctx.realtime.publish(INVENTORY_LOW_JOB, event, { admins: true });
      if (!ctx.config.ADMIN_EMAIL) return;
      // At least once: a redelivery may mail the admin twice, which is harmless for an alert.
      await queueEmail(ctx, undefined, {
        to: ctx.config.ADMIN_EMAIL,
        ...lowStockEmail({
          sku: event.sku,
          productId: event.productId,
          stock: event.stock,
          threshold: event.lowStockThreshold,
        }),
      });
    },
  });
}
