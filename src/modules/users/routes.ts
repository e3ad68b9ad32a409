import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, paged, pagedEnvelope, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import {
  addressSchema,
  adminUserListQuery,
  adminUserSchema,
  createAddressBody,
  updateAddressBody,
  updateProfileBody,
  userSchema,
} from './schemas';
import {
  createAddress,
  deleteAddress,
  getAddress,
  getProfile,
  getUserForAdmin,
  listAddresses,
  listUsers,
  updateAddress,
  updateProfile,
} from './service';

const signedIn = requireAuth();
const admin = requireAuth('ADMIN');
const done = envelope(z.null());

export async function userRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  const tags = ['users'];

  // ------------------------------------------------------------ profile
  app.get(
    '/users/me',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'My profile',
        security: bearerSecurity,
        response: { 200: envelope(userSchema), ...errorResponses(401, 423) },
      },
    },
    async (request) => ok(await getProfile(ctx, currentUser(request).id)),
  );

  app.patch(
    '/users/me',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Update my profile',
        description: 'Name, phone and avatar only; `null` clears phone or avatar. Any other field → 400.',
        security: bearerSecurity,
        body: updateProfileBody,
        response: { 200: envelope(userSchema), ...errorResponses(400, 401, 423) },
      },
    },
    async (request) => ok(await updateProfile(ctx, currentUser(request).id, request.body), 'Profile updated'),
  );

  app.get(
    '/users/me/addresses',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'My addresses',
        description: 'The default address first, then newest first.',
        security: bearerSecurity,
        response: { 200: envelope(z.array(addressSchema)), ...errorResponses(401, 423) },
      },
    },
    async (request) => ok(await listAddresses(ctx, currentUser(request).id)),
  );

  app.post(
    '/users/me/addresses',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Add an address',
        description:
          'The first address becomes the default; `isDefault: true` moves the default here. At most 50 addresses.',
        security: bearerSecurity,
        body: createAddressBody,
        response: { 201: envelope(addressSchema), ...errorResponses(400, 401, 409, 423) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(ok(await createAddress(ctx, currentUser(request).id, request.body), 'Address added')),
  );

  app.get(
    '/users/me/addresses/:id',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'One of my addresses',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(addressSchema), ...errorResponses(400, 401, 404, 423) },
      },
    },
    async (request) => ok(await getAddress(ctx, currentUser(request).id, request.params.id)),
  );

  app.patch(
    '/users/me/addresses/:id',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Update one of my addresses',
        description: "Another user's address answers 404.",
        security: bearerSecurity,
        params: uuidParam,
        body: updateAddressBody,
        response: { 200: envelope(addressSchema), ...errorResponses(400, 401, 404, 423) },
      },
    },
    async (request) =>
      ok(
        await updateAddress(ctx, currentUser(request).id, request.params.id, request.body),
        'Address updated',
      ),
  );

  app.delete(
    '/users/me/addresses/:id',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Delete one of my addresses',
        description: 'Deleting the default makes the newest remaining address the default.',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: done, ...errorResponses(400, 401, 404, 423) },
      },
    },
    async (request) => {
      await deleteAddress(ctx, currentUser(request).id, request.params.id);
      return ok(null, 'Address deleted');
    },
  );

  // ------------------------------------------------------------ admin
  const adminTags = ['admin: users'];

  app.get(
    '/admin/users',
    {
      onRequest: admin,
      schema: {
        tags: adminTags,
        summary: 'List users',
        description: 'Search by email or name (`searchTerm`), filter by `role` and `status`, paginated.',
        security: bearerSecurity,
        querystring: adminUserListQuery,
        response: { 200: pagedEnvelope(adminUserSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, meta } = await listUsers(ctx, request.query);
      return paged(items, meta);
    },
  );

  app.get(
    '/admin/users/:id',
    {
      onRequest: admin,
      schema: {
        tags: adminTags,
        summary: 'One user',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(adminUserSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await getUserForAdmin(ctx, request.params.id)),
  );
}
