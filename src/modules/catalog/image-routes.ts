import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { badRequest } from '../../platform/errors';
import { envelope, errorResponses, ok, uuidParam, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { addImages, deleteImage, MAX_IMAGE_BYTES, moveImage, prepareImage, unsupportedImage } from './images';
import { bulkRoutes } from './bulk-routes';
import { imageParams, imageSchema } from './schemas';

const MAX_FILES = 10;

/**
 * The catalog routes that take multipart (image uploads, the CSV import), in a plugin of their own
 * with @fastify/multipart, each route with its own limits: the plugin adds two async hooks (a
 * promise each) and a 'close' listener to every request of the instance it is registered in, which
 * the catalog's reads would pay for nothing.
 */
export async function uploadRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 10, fields: 20, parts: 50 } });
  await app.register(imageRoutes, { ctx });
  await app.register(bulkRoutes, { ctx });
}

/** Registered by uploadRoutes, where @fastify/multipart is available. */
async function imageRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.post(
    '/products/:id/images',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['catalog'],
        summary: 'Upload product images',
        description: `multipart/form-data with one or more \`file\` fields: JPEG, PNG, WebP or AVIF (checked by content), at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB each, ${MAX_FILES} per request. WebP thumbnails (small 200 px, medium 600 px) are generated. Images are appended to the gallery; the first is the primary image.`,
        consumes: ['multipart/form-data'],
        security: bearerSecurity,
        params: uuidParam,
        response: { 201: envelope(z.array(imageSchema)), ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw unsupportedImage('Send multipart/form-data with one or more "file" fields');
      const prepared = [];
      for await (const part of request.parts({ limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_FILES } })) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file')
          throw badRequest('VALIDATION_ERROR', 'Images go in the "file" field', [
            { path: part.fieldname, message: 'Unknown field' },
          ]);
        const data = await part.toBuffer();
        prepared.push(await prepareImage(request.params.id, data));
      }
      if (prepared.length === 0)
        throw badRequest('VALIDATION_ERROR', 'No image uploaded', [{ path: 'file', message: 'Required' }]);
      return reply.status(201).send(ok(await addImages(ctx, request.params.id, prepared), 'Images uploaded'));
    },
  );
  app.patch(
    '/products/:id/images/:imageId',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['catalog'],
        summary: 'Reorder an image',
        description:
          'Moves the image to `position` (0 makes it the primary image); returns the gallery in order.',
        security: bearerSecurity,
        params: imageParams,
        body: z.strictObject({ position: z.number().int().min(0).max(1000) }),
        response: { 200: envelope(z.array(imageSchema)), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(
        await moveImage(ctx, request.params.id, request.params.imageId, request.body.position),
        'Image moved',
      ),
  );
  app.delete(
    '/products/:id/images/:imageId',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['catalog'],
        summary: 'Delete an image and its files',
        security: bearerSecurity,
        params: imageParams,
        response: { 200: envelope(z.null()), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await deleteImage(ctx, request.params.id, request.params.imageId);
      return ok(null, 'Image deleted');
    },
  );
}
