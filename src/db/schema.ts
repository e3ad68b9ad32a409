// Every module's tables, re-exported for drizzle-kit (migrations). The app never imports this file.
// A module adds one line here when it gains a tables.ts.
export { idempotencyKeys } from '../platform/idempotency';
export { realtimeEvents } from '../platform/realtime-outbox';
export * from '../modules/catalog/tables';
export * from '../modules/inventory/tables';
export * from '../modules/users/tables';
export * from '../modules/auth/tables';
export * from '../modules/coupons/tables';
export * from '../modules/cart/tables';
export * from '../modules/orders/tables';
export * from '../modules/reviews/tables';
export * from '../modules/wishlist/tables';
export * from '../modules/payments/tables';
export * from '../modules/search/tables';
export * from '../modules/shipping/tables';
export * from '../modules/tax/tables';
export * from '../modules/webhooks/tables';
export * from '../modules/returns/tables';
export * from '../modules/store-credit/tables';
