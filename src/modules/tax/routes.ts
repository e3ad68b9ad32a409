import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { createTaxRateBody, taxRateListQuery, taxRateSchema, updateTaxRateBody } from './schemas';
import { createTaxRate, deleteTaxRate, getTaxRate, listTaxRates, updateTaxRate } from './service';

export async function taxRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['tax'], security: bearerSecurity };
  const admin = requireAuth('ADMIN');
  app.get(
    '/admin/tax-rates',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'List tax rates',
        querystring: taxRateListQuery,
        response: { 200: pagedEnvelope(taxRateSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listTaxRates(ctx, request.query);
      return paged(items, meta);
    },
  );
  app.post(
    '/admin/tax-rates',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Create a tax rate',
        description:
          'A line is taxed by the rates of its product’s tax class for the shipping address’s region ' +
          '(ISO 3166-2) when that region has any, else by the country’s. 409 TAX_RATE_EXISTS when the ' +
          'name is taken for that country, region and class.',
        body: createTaxRateBody,
        response: { 201: envelope(taxRateSchema), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createTaxRate(ctx, request.body), 'Tax rate created')),
  );
  app.get(
    '/admin/tax-rates/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Get a tax rate',
        params: uuidParam,
        response: { 200: envelope(taxRateSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getTaxRate(ctx, request.params.id)),
  );
  app.patch(
    '/admin/tax-rates/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Update a tax rate',
        params: uuidParam,
        body: updateTaxRateBody,
        response: { 200: envelope(taxRateSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await updateTaxRate(ctx, request.params.id, request.body), 'Tax rate updated'),
  );
  app.delete(
    '/admin/tax-rates/:id',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Delete a tax rate (orders keep the tax they were charged)',
        params: uuidParam,
        response: { 200: envelope(z.null()), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await deleteTaxRate(ctx, request.params.id);
      return ok(null, 'Tax rate deleted');
    },
  );
}
