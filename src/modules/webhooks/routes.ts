import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import {
  createdEndpointSchema,
  createEndpointBody,
  deliveryListQuery,
  deliveryParams,
  deliverySchema,
  endpointListQuery,
  endpointSchema,
  updateEndpointBody,
} from './schemas';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  retryDelivery,
  sendTestEvent,
  updateEndpoint,
} from './service';

export async function webhookRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['webhooks'], security: bearerSecurity };
  const admin = requireAuth('ADMIN');
  app.get(
    '/admin/webhooks',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'List webhook endpoints',
        querystring: endpointListQuery,
        response: { 200: pagedEnvelope(endpointSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listEndpoints(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/webhooks',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Create a webhook endpoint (the answer holds its signing secret, shown only this once)',
        body: createEndpointBody,
        response: { 201: envelope(createdEndpointSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createEndpoint(ctx, request.body), 'Webhook endpoint created')),
  );
  app.get(
    '/admin/webhooks/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Get a webhook endpoint',
        params: uuidParam,
        response: { 200: envelope(endpointSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getEndpoint(ctx, request.params.id)),
  );
  app.patch(
    '/admin/webhooks/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Update a webhook endpoint (active: true resumes a disabled one)',
        params: uuidParam,
        body: updateEndpointBody,
        response: { 200: envelope(endpointSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(await updateEndpoint(ctx, request.params.id, request.body), 'Webhook endpoint updated'),
  );
  app.delete(
    '/admin/webhooks/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: uuidParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await deleteEndpoint(ctx, request.params.id);
      return ok(null, 'Webhook endpoint deleted');
    },
  );
  app.get(
    '/admin/webhooks/:id/deliveries',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: "An endpoint's deliveries, newest first",
        params: uuidParam,
        querystring: deliveryListQuery,
        response: { 200: pagedEnvelope(deliverySchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { items, meta } = await listDeliveries(ctx, request.params.id, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/webhooks/:id/deliveries/:deliveryId/retry',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Send a delivery again now, with the same webhook-id',
        params: deliveryParams,
        response: { 202: envelope(deliverySchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(ok(await retryDelivery(ctx, request.params.id, request.params.deliveryId), 'Delivery queued')),
  );
  app.post(
    '/admin/webhooks/:id/test',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Send a webhook.test event to this endpoint, whatever its event filter',
        params: uuidParam,
        response: { 202: envelope(deliverySchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(ok(await sendTestEvent(ctx, request.params.id), 'Test event queued')),
  );
}
