import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { clientMeta, envelope, errorResponses, ok, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { adminUpdateUserBody, adminUserSchema, blockUserBody } from '../users/schemas';
import { changePasswordBody } from './schemas';
import { blockUser, changePassword, changeUserRole, unblockUser } from './service';

const signedIn = requireAuth();
const admin = requireAuth('ADMIN');
const done = envelope(z.null());

/**
 * Who may sign in and as what, on users' paths: changing one's password, and an admin's role
 * changes and blocks. Registered here because auth owns credentials, sessions and access.
 */
export async function accountAccessRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const tags = ['users'];
  const adminTags = ['admin: users'];

  app.post(
    '/users/me/password',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Change my password',
        description:
          'Wrong current password → 400 INVALID_CURRENT_PASSWORD (counts towards login throttling, 429 after too ' +
          'many). On success every session, this one included, is revoked: sign in again.',
        security: bearerSecurity,
        body: changePasswordBody,
        response: { 200: done, ...errorResponses(400, 401, 423, 429) },
      },
    },
    async (request) => {
      await changePassword(ctx, currentUser(request).id, request.body, clientMeta(request));
      return ok(null, 'Password changed; sign in again');
    },
  );

  // ------------------------------------------------------------ addresses
  app.patch(
    '/admin/users/:id',
    {
      onRequest: admin,
      schema: {
        tags: adminTags,
        summary: "Change a user's role",
        description:
          "The user's access tokens carrying the old role stop working at once (401; a refresh issues the new role). " +
          'An admin cannot change their own role (409 CANNOT_MODIFY_SELF).',
        security: bearerSecurity,
        params: uuidParam,
        body: adminUpdateUserBody,
        response: { 200: envelope(adminUserSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(await changeUserRole(ctx, currentUser(request).id, request.params.id, request.body), 'User updated'),
  );

  app.post(
    '/admin/users/:id/block',
    {
      onRequest: admin,
      schema: {
        tags: adminTags,
        summary: 'Block a user',
        description:
          'Blocked until `until` (then unblocked automatically) or indefinitely. Every session is revoked and the ' +
          "user's access tokens answer 423 ACCOUNT_BLOCKED from the next request on.",
        security: bearerSecurity,
        params: uuidParam,
        body: blockUserBody,
        response: { 200: envelope(adminUserSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(await blockUser(ctx, currentUser(request).id, request.params.id, request.body), 'User blocked'),
  );

  app.post(
    '/admin/users/:id/unblock',
    {
      onRequest: admin,
      schema: {
        tags: adminTags,
        summary: 'Unblock a user',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(adminUserSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await unblockUser(ctx, request.params.id), 'User unblocked'),
  );
}
