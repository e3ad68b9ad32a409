import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { createMethod, deleteMethod, getMethod, listMethods, updateMethod } from './methods';
import {
  createMethodBody,
  createZoneBody,
  methodListQuery,
  methodSchema,
  updateMethodBody,
  updateZoneBody,
  zoneListQuery,
  zoneSchema,
} from './schemas';
import { createZone, deleteZone, getZone, listZones, updateZone } from './zones';

export async function shippingRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['shipping'], security: bearerSecurity };
  const admin = requireAuth('ADMIN');
  const deleted = envelope(z.null());

  app.get(
    '/admin/shipping-zones',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'List shipping zones',
        querystring: zoneListQuery,
        response: { 200: pagedEnvelope(zoneSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listZones(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/shipping-zones',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Create a shipping zone',
        description:
          'Countries (ISO 3166-1 alpha-2) and regions (ISO 3166-2). An address is in the zone listing its ' +
          'region (country-state), else in the zone listing its country. A country or region belongs to ' +
          'one zone only (409 SHIPPING_ZONE_OVERLAP).',
        body: createZoneBody,
        response: { 201: envelope(zoneSchema), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createZone(ctx, request.body), 'Shipping zone created')),
  );
  app.get(
    '/admin/shipping-zones/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Get a shipping zone',
        params: uuidParam,
        response: { 200: envelope(zoneSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getZone(ctx, request.params.id)),
  );
  app.patch(
    '/admin/shipping-zones/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Update a shipping zone (countries/regions given replace the old lists)',
        params: uuidParam,
        body: updateZoneBody,
        response: { 200: envelope(zoneSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await updateZone(ctx, request.params.id, request.body), 'Shipping zone updated'),
  );
  app.delete(
    '/admin/shipping-zones/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Delete a shipping zone and its methods',
        params: uuidParam,
        response: { 200: deleted, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await deleteZone(ctx, request.params.id);
      return ok(null, 'Shipping zone deleted');
    },
  );

  app.get(
    '/admin/shipping-methods',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'List shipping methods',
        querystring: methodListQuery,
        response: { 200: pagedEnvelope(methodSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listMethods(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/shipping-methods',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Create a shipping method',
        description:
          'FLAT takes `price`; WEIGHT takes `rates` (tiers by strictly ascending `upToGrams`, inclusive; a cart ' +
          'heavier than the last tier cannot use the method). `freeOver`: free when the subtotal after ' +
          'discount is at or above it. A method only serves carts in its currency.',
        body: createMethodBody,
        response: { 201: envelope(methodSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createMethod(ctx, request.body), 'Shipping method created')),
  );
  app.get(
    '/admin/shipping-methods/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Get a shipping method',
        params: uuidParam,
        response: { 200: envelope(methodSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getMethod(ctx, request.params.id)),
  );
  app.patch(
    '/admin/shipping-methods/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Update a shipping method',
        params: uuidParam,
        body: updateMethodBody,
        response: { 200: envelope(methodSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(await updateMethod(ctx, request.params.id, request.body), 'Shipping method updated'),
  );
  app.delete(
    '/admin/shipping-methods/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Delete a shipping method (orders keep their snapshot of it)',
        params: uuidParam,
        response: { 200: deleted, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await deleteMethod(ctx, request.params.id);
      return ok(null, 'Shipping method deleted');
    },
  );
}
