import type { AppContext } from '../platform/context';
import type { App } from '../platform/http';
import { purgeExpiredIdempotencyKeys } from '../platform/idempotency';
import { addAccessCheck, guardRoutesUnder, requireAuth } from '../platform/security';
import { analyticsRoutes } from './analytics/routes';
import { accountAccessRoutes } from './auth/access-routes';
import { authRoutes } from './auth/routes';
import { checkAccess } from './auth/service';
import { cartQuoteRoutes } from './cart/quote-routes';
import { cartRoutes } from './cart/routes';
import { catalogRoutes } from './catalog/routes';
import { defineSalesRollupJob } from './catalog/sales-rollup';
import { checkoutRoutes } from './checkout/routes';
import { couponRoutes } from './coupons/routes';
import { inventoryRoutes } from './inventory/routes';
import { defineInventoryJobs } from './inventory/alerts';
import { defineNotificationJobs } from './notifications/service';
import { fulfillmentRoutes } from './orders/fulfillment-routes';
import { orderRoutes } from './orders/routes';
import { refundRoutes } from './payments/refund-routes';
import { paymentRoutes } from './payments/routes';
import { definePaymentJobs } from './payments/service';
import { defineUnpaidOrderJobs } from './orders/unpaid';
import { returnRoutes } from './returns/routes';
import { reviewRoutes } from './reviews/routes';
import { searchRoutes } from './search/routes';
import { storeCreditRoutes } from './store-credit/routes';
import { shippingRoutes } from './shipping/routes';
import { taxRoutes } from './tax/routes';
import { userRoutes } from './users/routes';
import { webhookRoutes } from './webhooks/routes';
import { defineWebhookJobs } from './webhooks/service';
import { wishlistRoutes } from './wishlist/routes';

/** Every module's HTTP routes, mounted under /api/v1 by buildApp. */
export async function apiRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  // Blocked accounts, revoked sessions and changed roles stop access tokens (cache-backed check).
  addAccessCheck(ctx, (user) => checkAccess(ctx, user));
  ctx.realtime.setAccessCheck((user) => checkAccess(ctx, user));
  // Everything under /api/v1/admin is for admins, whatever a route declares, and is checked before
  // the body is even parsed: anonymous → 401, customer → 403 (test/modules/auth/admin-guard.test.ts).
  guardRoutesUnder(app, '/api/v1/admin/', requireAuth('ADMIN'));
  await app.register(authRoutes, { ctx });
  await app.register(userRoutes, { ctx });
  await app.register(accountAccessRoutes, { ctx });
  await app.register(catalogRoutes, { ctx });
  await app.register(inventoryRoutes, { ctx });
  await app.register(cartRoutes, { ctx });
  await app.register(cartQuoteRoutes, { ctx });
  await app.register(couponRoutes, { ctx });
  await app.register(checkoutRoutes, { ctx });
  await app.register(orderRoutes, { ctx });
  await app.register(fulfillmentRoutes, { ctx });
  await app.register(paymentRoutes, { ctx });
  await app.register(analyticsRoutes, { ctx });
  await app.register(reviewRoutes, { ctx });
  await app.register(wishlistRoutes, { ctx });
  await app.register(searchRoutes, { ctx });
  await app.register(shippingRoutes, { ctx });
  await app.register(taxRoutes, { ctx });
  await app.register(webhookRoutes, { ctx });
  await app.register(returnRoutes, { ctx });
  await app.register(refundRoutes, { ctx });
  await app.register(storeCreditRoutes, { ctx });
}

/** Every module's job handlers; defined in the API process and in the standalone worker alike. */
export function defineJobs(ctx: AppContext): void {
  defineNotificationJobs(ctx);
  defineInventoryJobs(ctx);
  defineUnpaidOrderJobs(ctx);
  definePaymentJobs(ctx);
  defineWebhookJobs(ctx);
  defineSalesRollupJob(ctx);
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
