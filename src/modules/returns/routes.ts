import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { approveReturn, receiveReturn, rejectReturn } from './admin';
import {
  adminReturnsQuery,
  createReturnBody,
  receiveReturnBody,
  rejectReturnBody,
  returnSchema,
} from './schemas';
import { listOrderReturns, listReturns, requestReturn } from './service';

export async function returnRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['returns'], security: bearerSecurity };
  const admin = requireAuth('ADMIN');

  app.post(
    '/orders/:id/returns',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'Ask to return delivered items of your order (RMA)',
        description:
          'Per item: quantity, reason and an optional note. Only a DELIVERED order (else 409 INVALID_STATE_TRANSITION), ' +
          'within RETURN_WINDOW_DAYS of delivery (409 RETURN_WINDOW_CLOSED); more than was delivered minus what is already ' +
          'in other returns (not rejected) → 409 RETURN_QUANTITY_EXCEEDED, also under concurrent requests. `refundAmount` ' +
          'is each line’s amount after its discount share plus its tax, and the shipping when this return completes the ' +
          'return of the whole order. Another customer’s order → 404. Accepts Idempotency-Key.',
        headers: idempotencyHeaders,
        params: uuidParam,
        body: createReturnBody,
        response: { 201: envelope(returnSchema), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await requestReturn(
          ctx,
          currentUser(request),
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );

  app.get(
    '/orders/:id/returns',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'The returns of an order (owner or admin), oldest first',
        params: uuidParam,
        response: { 200: envelope(z.array(returnSchema)), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ok(await listOrderReturns(ctx, currentUser(request), request.params.id)),
  );

  app.get(
    '/admin/returns',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'All returns, newest first (filter status)',
        querystring: adminReturnsQuery,
        response: { 200: pagedEnvelope(returnSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listReturns(ctx, request.query);
      return paged(items, meta);
    },
  );

  app.post(
    '/admin/returns/:id/approve',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Approve a requested return (again: no-op; other states → 409 INVALID_STATE_TRANSITION)',
        params: uuidParam,
        response: { 200: envelope(returnSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await approveReturn(ctx, request.params.id), 'Return approved'),
  );

  app.post(
    '/admin/returns/:id/reject',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Reject a requested return with a reason; its units become returnable again',
        params: uuidParam,
        body: rejectReturnBody,
        response: { 200: envelope(returnSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await rejectReturn(ctx, request.params.id, request.body.reason), 'Return rejected'),
  );

  app.post(
    '/admin/returns/:id/receive',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Receive an approved return: restock per line (ledger reason RETURN)',
        description:
          '`items` (default: every unit, restocked) lists per order item the units received and whether they go back ' +
          'into stock. Stock is restored exactly once: a repeat answers the return as it is. Accepts Idempotency-Key.',
        headers: idempotencyHeaders,
        params: uuidParam,
        body: receiveReturnBody,
        response: { 200: envelope(returnSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await receiveReturn(
          ctx,
          currentUser(request).id,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );
}
