import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { ALL_EVENTS, DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from './events';

const eventsField = z
  .array(z.enum([...WEBHOOK_EVENT_TYPES, ALL_EVENTS]))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => !events.includes(ALL_EVENTS) || events.length === 1, {
    message: '"*" stands alone: it already means every event',
  })
  .transform((events) => [...new Set(events)])
  .describe(`Event types to receive, or ["*"] for all: ${WEBHOOK_EVENT_TYPES.join(', ')}`);

const endpointFields = {
  url: z
    .string()
    .trim()
    .max(2048)
    .describe(
      'http(s) URL; loopback, private and link-local hosts are refused unless WEBHOOK_ALLOW_PRIVATE=true',
    ),
  events: eventsField,
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional().describe('Default true'),
};

export const createEndpointBody = z.strictObject(endpointFields);
export const updateEndpointBody = z
  .strictObject(endpointFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type CreateEndpointInput = z.infer<typeof createEndpointBody>;
export type UpdateEndpointInput = z.infer<typeof updateEndpointBody>;

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    active: z.boolean(),
    failingSince: z.string().nullable().describe('First failed attempt since the last success'),
    disabledAt: z.string().nullable().describe('Set when the endpoint was disabled for failing too long'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type EndpointView = z.infer<typeof endpointSchema>;

export const createdEndpointSchema = endpointSchema
  .extend({
    secret: z.string().describe('whsec_ + base64 of 32 random bytes; shown in this answer only'),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });
export type CreatedEndpointView = z.infer<typeof createdEndpointSchema>;

export const endpointListQuery = paginationQuery.extend({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type EndpointListQuery = z.infer<typeof endpointListQuery>;

export const deliverySchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid().describe('The webhook-id header of every attempt'),
    type: z.string(),
    attempt: z.number().int().describe('Attempts made so far'),
    status: z.enum(DELIVERY_STATUSES),
    responseStatus: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable().describe('Why the last attempt failed'),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type DeliveryView = z.infer<typeof deliverySchema>;

export const deliveryListQuery = paginationQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;

export const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
