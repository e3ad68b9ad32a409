import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { csvStringifier } from '../../platform/csv';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import {
  adminOrdersQuery,
  cancelBody,
  exportQuery,
  myOrdersQuery,
  orderSchema,
  orderSummarySchema,
  statusUpdateBody,
} from './schemas';
import { invoiceFor } from './invoice';
import {
  cancelOrder,
  getOrderForUser,
  iterateOrders,
  listAllOrders,
  listMyOrders,
  updateOrderStatus,
} from './service';

const EXPORT_COLUMNS = [
  'orderNumber',
  'createdAt',
  'status',
  'paymentStatus',
  'paymentMethod',
  'customerEmail',
  'customerName',
  'country',
  'currency',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'itemCount',
  'couponCode',
  'id',
  'userId',
];

export async function orderRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['orders'], security: bearerSecurity };

  app.get(
    '/orders',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'My orders',
        querystring: myOrdersQuery,
        response: { 200: pagedEnvelope(orderSummarySchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { items, meta } = await listMyOrders(ctx, currentUser(request).id, request.query);
      return paged(items, meta);
    },
  );

  app.get(
    '/orders/:id',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'An order with items, totals, address, payment and status history (owner or admin)',
        params: uuidParam,
        response: { 200: envelope(orderSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ok(await getOrderForUser(ctx, currentUser(request), request.params.id)),
  );

  app.post(
    '/orders/:id/cancel',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary:
          'Cancel an order (customer: while PENDING or PAID; admin: also PROCESSING); stock returns once',
        params: uuidParam,
        body: cancelBody,
        response: { 200: envelope(orderSchema), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      ok(
        await cancelOrder(ctx, currentUser(request), request.params.id, request.body?.reason),
        'Order cancelled',
      ),
  );

  app.get(
    '/orders/:id/invoice',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'The invoice as a PDF (owner or admin)',
        params: uuidParam,
        produces: ['application/pdf'],
        response: {
          200: z.any().describe('application/pdf'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await invoiceFor(ctx, currentUser(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .send(pdf);
    },
  );

  // ---------------------------------------------------------------- admin
  app.get(
    '/admin/orders',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'All orders (filters status, paymentStatus, userId, from, to, searchTerm)',
        querystring: adminOrdersQuery,
        response: { 200: pagedEnvelope(orderSummarySchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listAllOrders(ctx, request.query);
      return paged(items, meta);
    },
  );

  app.get(
    '/admin/orders/export',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Orders as CSV, streamed (same filters as the list; oldest first; amounts in minor units)',
        querystring: exportQuery,
        produces: ['text/csv'],
        response: { 200: z.any().describe('text/csv'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const rows = Readable.from(iterateOrders(ctx, request.query));
      const csv = csvStringifier({ header: true, columns: EXPORT_COLUMNS });
      rows.on('error', (err) => {
        request.log.error({ err }, 'order export failed');
        csv.destroy(err);
      });
      rows.pipe(csv);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orders-${day}.csv"`)
        .send(csv);
    },
  );

  app.patch(
    '/admin/orders/:id/status',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary:
          'Move an order along the state machine (same state: 200 no-op; otherwise 409 INVALID_STATE_TRANSITION)',
        params: uuidParam,
        body: statusUpdateBody,
        response: { 200: envelope(orderSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return ok(
        await updateOrderStatus(
          ctx,
          request.params.id,
          request.body.status,
          { id: user.id, role: 'ADMIN' },
          request.body.note,
        ),
        'Order updated',
      );
    },
  );
}
