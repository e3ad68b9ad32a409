import type { AppContext } from '../platform/context';
import type { App } from '../platform/http';
import { purgeExpiredIdempotencyKeys } from '../platform/idempotency';
import { catalogRoutes } from './catalog/routes';
import { inventoryRoutes } from './inventory/routes';
import { defineInventoryJobs } from './inventory/service';
import { defineNotificationJobs } from './notifications/service';

/** Every module's HTTP routes, mounted under /api/v1 by buildApp. */
export async function apiRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  await app.register(catalogRoutes, { ctx });
  await app.register(inventoryRoutes, { ctx });
}

/** Every module's job handlers; defined in the API process and in the standalone worker alike. */
export function defineJobs(ctx: AppContext): void {
  defineNotificationJobs(ctx);
  defineInventoryJobs(ctx);
  ctx.jobs.define({
    name: 'idempotency.purge',
    cron: '17 * * * *',
    retryLimit: 1,
    async handle() {
      const purged = await purgeExpiredIdempotencyKeys(ctx);
      if (purged > 0) ctx.log.info({ purged }, 'expired idempotency keys purged');
    },
  });
}
