import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, uuidParam, type App } from '../../platform/http';
import { idempotencyHeaders, sendIdempotent } from '../../platform/idempotency';
import { pageMetaSchema } from '../../platform/pagination';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import {
  adjustmentResultSchema,
  adjustStoreCreditBody,
  storeCreditQuery,
  storeCreditSchema,
} from './schemas';
import { adjustStoreCredit, getStoreCredit } from './service';

export async function storeCreditRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const common = { tags: ['store-credit'], security: bearerSecurity };
  app.get(
    '/users/me/store-credit',
    {
      onRequest: requireAuth(),
      schema: {
        ...common,
        summary: 'My store credit: balance and transactions (newest first, paginated)',
        querystring: storeCreditQuery,
        response: {
          200: envelope(storeCreditSchema).extend({ meta: pageMetaSchema }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { view, meta } = await getStoreCredit(ctx, currentUser(request).id, request.query);
      return { success: true as const, message: 'OK', data: view, meta };
    },
  );
  app.post(
    '/admin/users/:id/store-credit',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        ...common,
        summary: 'Grant (amount > 0) or take (amount < 0) store credit',
        description:
          'The balance never goes below 0 (409 INSUFFICIENT_STORE_CREDIT). A grant is mailed to the customer. ' +
          'Unknown user → 404. Accepts Idempotency-Key.',
        headers: idempotencyHeaders,
        params: uuidParam,
        body: adjustStoreCreditBody,
        response: { 201: envelope(adjustmentResultSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await adjustStoreCredit(
          ctx,
          currentUser(request).id,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        ),
      ),
  );
}
