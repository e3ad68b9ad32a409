import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import {
  envelope,
  errorResponses,
  ok,
  pagedEnvelope,
  sendJson,
  uuidParam,
  type App,
} from '../../platform/http';
import { bearerSecurity, currentUser, optionalAuth, requireAuth } from '../../platform/security';
import {
  brandSchema,
  categorySchema,
  createBrandBody,
  createCategoryBody,
  createProductBody,
  createTagBody,
  createVariantBody,
  idOrSlugParam,
  namedListQuery,
  productListQuery,
  productListResponse,
  productSchema,
  tagSchema,
  updateBrandBody,
  updateCategoryBody,
  updateProductBody,
  updateTagBody,
  updateVariantBody,
  variantParams,
  variantSchema,
} from './schemas';
import {
  addVariant,
  archiveProduct,
  createCategory,
  createNamed,
  createProduct,
  deactivateVariant,
  deleteCategory,
  deleteNamed,
  getNamed,
  getProduct,
  getVariant,
  listProducts,
  listResponseText,
  updateCategory,
  updateNamed,
  updateProduct,
  updateVariant,
  type Viewer,
} from './service';
import { categoriesJson, namedListJson, productListJson, productPageJson } from './cached-reads';
import { uploadRoutes } from './image-routes';
import { lowStockRoutes } from './low-stock-routes';

const tagsOf = ['catalog'];
const admin = requireAuth('ADMIN');
const viewerOf = (request: FastifyRequest): Viewer => ({ admin: request.user?.role === 'ADMIN' });
const deleted = envelope(z.null());

export async function catalogRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  await app.register(uploadRoutes, { ctx });
  await app.register(lowStockRoutes, { ctx });

  // ------------------------------------------------------------ categories
  app.get(
    '/categories',
    {
      schema: {
        tags: tagsOf,
        summary: 'Category tree',
        description:
          'Every category, depth first (a parent comes before its children), with `parentId`, `depth` and the number of active products in it and its sub-categories.',
        response: { 200: envelope(z.array(categorySchema)) },
      },
    },
    async (_request, reply) => sendJson(reply, await categoriesJson(ctx, reply)),
  );
  app.post(
    '/categories',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Create a category',
        security: bearerSecurity,
        body: createCategoryBody,
        response: { 201: envelope(categorySchema), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await createCategory(ctx, request.body), 'Category created')),
  );
  app.patch(
    '/categories/:id',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Update a category',
        security: bearerSecurity,
        params: uuidParam,
        body: updateCategoryBody,
        response: { 200: envelope(categorySchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await updateCategory(ctx, request.params.id, request.body), 'Category updated'),
  );
  app.delete(
    '/categories/:id',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Delete a category',
        description: 'Its sub-categories move up to its parent; its products become uncategorised.',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: deleted, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await deleteCategory(ctx, request.params.id);
      return ok(null, 'Category deleted');
    },
  );

  // ------------------------------------------------------------ brands and tags
  for (const [path, table, schema, createBody, updateBody, label] of [
    ['brands', 'brands', brandSchema, createBrandBody, updateBrandBody, 'Brand'],
    ['tags', 'tags', tagSchema, createTagBody, updateTagBody, 'Tag'],
  ] as const) {
    app.get(
      `/${path}`,
      {
        schema: {
          tags: tagsOf,
          summary: `List ${path}`,
          querystring: namedListQuery,
          response: { 200: pagedEnvelope(schema), ...errorResponses(400) },
        },
      },
      async (request, reply) => sendJson(reply, await namedListJson(ctx, table, request.query, reply)),
    );
    app.get(
      `/${path}/:idOrSlug`,
      {
        schema: {
          tags: tagsOf,
          summary: `One ${label.toLowerCase()} by id or slug`,
          params: idOrSlugParam,
          response: { 200: envelope(schema), ...errorResponses(404) },
        },
      },
      async (request) => ok(await getNamed(ctx, table, request.params.idOrSlug)),
    );
    app.post(
      `/${path}`,
      {
        onRequest: admin,
        schema: {
          tags: tagsOf,
          summary: `Create a ${label.toLowerCase()}`,
          security: bearerSecurity,
          body: createBody,
          response: { 201: envelope(schema), ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(ok(await createNamed(ctx, table, request.body), `${label} created`)),
    );
    app.patch(
      `/${path}/:id`,
      {
        onRequest: admin,
        schema: {
          tags: tagsOf,
          summary: `Update a ${label.toLowerCase()}`,
          security: bearerSecurity,
          params: uuidParam,
          body: updateBody,
          response: { 200: envelope(schema), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        ok(await updateNamed(ctx, table, request.params.id, request.body), `${label} updated`),
    );
    app.delete(
      `/${path}/:id`,
      {
        onRequest: admin,
        schema: {
          tags: tagsOf,
          summary: `Delete a ${label.toLowerCase()}`,
          security: bearerSecurity,
          params: uuidParam,
          response: { 200: deleted, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        await deleteNamed(ctx, table, request.params.id);
        return ok(null, `${label} deleted`);
      },
    );
  }

  // ------------------------------------------------------------ products
  app.get(
    '/products',
    {
      preHandler: optionalAuth,
      schema: {
        tags: tagsOf,
        summary: 'List and search products',
        description:
          '`searchTerm` is typo-tolerant full-text search: a word of 4-7 letters also matches words one edit away (substitution, insertion, deletion, adjacent swap), 8+ letters two edits; the last word also matches as a prefix; synonyms apply. Ranked by relevance: exact words above typos, name above brand/tags above description. Unknown query parameters are ignored. Admins also see DRAFT and ARCHIVED products (filter with `status`).',
        querystring: productListQuery,
        response: { 200: productListResponse, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      if (viewer.admin)
        return sendJson(reply, listResponseText(reply, await listProducts(ctx, request.query, viewer)));
      const page = await productListJson(ctx, request.query, viewer, reply);
      return sendJson(reply, page);
    },
  );
  app.get(
    '/products/:idOrSlug',
    {
      preHandler: optionalAuth,
      schema: {
        tags: tagsOf,
        summary: 'One product by id or slug',
        description:
          'Archived and draft products, and inactive variants, are 404/hidden for customers and visible to admins.',
        params: idOrSlugParam,
        response: { 200: envelope(productSchema), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { idOrSlug } = request.params;
      const viewer = viewerOf(request);
      if (viewer.admin) return ok(await getProduct(ctx, idOrSlug, viewer));
      const page = await productPageJson(ctx, idOrSlug, viewer, reply);
      if (page === null) throw notFound('Product');
      return sendJson(reply, page);
    },
  );
  app.get(
    '/products/:idOrSlug/variants/:variantId',
    {
      preHandler: optionalAuth,
      schema: {
        tags: tagsOf,
        summary: 'One variant',
        params: z.object({ idOrSlug: z.string().min(1).max(220), variantId: z.uuid() }),
        response: { 200: envelope(variantSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      ok(await getVariant(ctx, request.params.idOrSlug, request.params.variantId, viewerOf(request))),
  );
  app.post(
    '/products',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Create a product with its variants',
        description:
          'At least one variant; a product without `options` has exactly one. Initial `stock` is recorded as an INITIAL movement. Missing tags are created.',
        security: bearerSecurity,
        body: createProductBody,
        response: { 201: envelope(productSchema), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(ok(await createProduct(ctx, request.body, currentUser(request).id), 'Product created')),
  );
  app.patch(
    '/products/:id',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Update a product',
        security: bearerSecurity,
        params: uuidParam,
        body: updateProductBody,
        response: { 200: envelope(productSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await updateProduct(ctx, request.params.id, request.body), 'Product updated'),
  );
  app.delete(
    '/products/:id',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Archive a product',
        description: 'Archived products are hidden from customers (404) and kept for order history.',
        security: bearerSecurity,
        params: uuidParam,
        response: { 200: envelope(productSchema), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ok(await archiveProduct(ctx, request.params.id), 'Product archived'),
  );

  // ------------------------------------------------------------ variants
  app.post(
    '/products/:id/variants',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Add a variant',
        security: bearerSecurity,
        params: uuidParam,
        body: createVariantBody,
        response: { 201: envelope(variantSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          ok(
            await addVariant(ctx, request.params.id, request.body, currentUser(request).id),
            'Variant added',
          ),
        ),
  );
  app.patch(
    '/products/:id/variants/:variantId',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Update a variant',
        description: '`stock` sets an absolute value; the difference is recorded as an ADJUSTMENT movement.',
        security: bearerSecurity,
        params: variantParams,
        body: updateVariantBody,
        response: { 200: envelope(variantSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(
        await updateVariant(
          ctx,
          request.params.id,
          request.params.variantId,
          request.body,
          currentUser(request).id,
        ),
        'Variant updated',
      ),
  );
  app.delete(
    '/products/:id/variants/:variantId',
    {
      onRequest: admin,
      schema: {
        tags: tagsOf,
        summary: 'Deactivate a variant',
        description:
          'The variant is kept for order history but no longer shown or sold. The last active variant cannot be removed (409).',
        security: bearerSecurity,
        params: variantParams,
        response: { 200: envelope(variantSchema), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(await deactivateVariant(ctx, request.params.id, request.params.variantId), 'Variant deactivated'),
  );
}
