/**
 * The events integrators can subscribe to. Each is recorded by the service that owns its cause,
 * inside the transaction of that change (see `recordEvent`).
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.cancelled',
  'payment.succeeded',
  'payment.failed',
  'refund.created',
  'fulfillment.created',
  'return.requested',
  'return.received',
  'inventory.low',
  'product.created',
  'product.updated',
  'product.deleted',
  'customer.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by POST /admin/webhooks/:id/test, whatever the endpoint's filter; not subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** An endpoint subscribed to `["*"]` receives every event. */
export const ALL_EVENTS = '*';

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
