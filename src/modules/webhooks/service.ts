// The webhooks module's service: what routes and other modules call. Other modules record their
// events with `recordEvent(ctx, tx, type, data)` inside the transaction of the change.
export {
  recordEvent,
  recordEvents,
  listDeliveries,
  retryDelivery,
  sendTestEvent,
  type WebhookEventData,
} from './outbox';
export { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpoints';
export { defineWebhookJobs } from './dispatcher';
export { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT, type WebhookEventType } from './events';
