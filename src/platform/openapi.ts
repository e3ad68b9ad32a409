import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * The last touches on the OpenAPI document, so generated clients and linters can trust it: every
 * operation named and secured (or explicitly public), one path per URL shape, every error a JSON
 * envelope (also on PDF and CSV routes), the framework's 400/413/414/415 where they can happen,
 * multipart bodies spelled out, tags described, the version taken from package.json.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI fragments: plain JSON of many shapes
type JsonObject = Record<string, any>;
type RouteTransformInput = Parameters<typeof jsonSchemaTransform>[0];
type DocumentTransformInput = Parameters<typeof jsonSchemaTransformObject>[0];
type DocumentTransformOutput = ReturnType<typeof jsonSchemaTransformObject>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ERROR_REF = { $ref: '#/components/schemas/Error' };

const TAG_DESCRIPTIONS: Record<string, string> = {
  ops: 'Liveness, readiness and Prometheus metrics',
  auth: 'Registration with an emailed code, sign-in, token refresh, password reset, Google sign-in',
  users: 'Your profile and saved addresses',
  'admin: users': 'Admins manage accounts: roles, timed blocks',
  catalog: 'Categories, brands, tags, products, variants and images; CSV import and export',
  inventory: 'Stock adjustments and the ledger of every stock movement',
  cart: 'Guest (X-Cart-Token) and signed-in carts, coupons, shipping options and quotes',
  checkout: 'Placing an order from the cart',
  coupons: 'Admins manage discount codes',
  orders: 'Your orders, invoices, cancellation; admins move orders through their states',
  fulfillments: 'Shipments of an order’s items, with carrier and tracking',
  payments: 'Stripe Checkout, Razorpay and cash on delivery; provider webhooks',
  analytics: 'Admin sales summary, sales over time, top products, recent orders',
  returns: 'Returns (RMA) of delivered items, refunds and store credit',
  'store-credit': 'Your store credit balance and its ledger; admins grant and take credit',
  reviews: 'Product reviews by verified purchasers; admin moderation',
  wishlist: 'Products you saved for later',
  search: 'Search vocabulary and synonyms',
  shipping: 'Shipping zones and methods',
  tax: 'Tax rates per country, region and tax class',
  webhooks: 'Outbound webhooks for integrators (Standard Webhooks signatures)',
};

const multipartFile = (description: string) => ({
  type: 'object',
  properties: { file: { type: 'string', format: 'binary', description } },
  required: ['file'],
});

/** Per route: the Zod conversion, then `security: []` on public routes and multipart bodies. */
export function transformRoute(input: RouteTransformInput) {
  const out = jsonSchemaTransform(input);
  const schema: JsonObject = { ...out.schema };
  if (!schema.security) schema.security = [];
  const consumes: string[] | undefined = schema.consumes;
  if (!schema.body && consumes?.includes('multipart/form-data'))
    schema.body = multipartFile('The file to upload (repeat the field for several files where allowed)');
  return { ...out, schema };
}

/** Whole document: runs after the Zod components are added. */
export function transformDocument(input: DocumentTransformInput): DocumentTransformOutput {
  const document: JsonObject = jsonSchemaTransformObject(input);
  document.info = {
    ...document.info,
    version: packageJson.version,
    license: { name: 'MIT', identifier: 'MIT' },
  };
  document.servers = [{ url: '/', description: 'The server that serves this document' }];
  document.paths = mergeIdenticalPaths(document.paths ?? {});
  for (const [path, item] of Object.entries<JsonObject>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as JsonObject | undefined;
      if (operation) finishOperation(path, method, operation);
    }
  }
  nameOperations(document.paths);
  document.tags = usedTags(document.paths).map((name) => ({
    name,
    description: TAG_DESCRIPTIONS[name] ?? name,
  }));
  dropUnusedSchemas(document);
  return document as DocumentTransformOutput;
}

const shapeOf = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const paramNames = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/**
 * `/brands/{idOrSlug}` (read) and `/brands/{id}` (write) are one URL to a client: list them once,
 * under the first spelling, renaming the path parameters of the others.
 */
function mergeIdenticalPaths(paths: Record<string, JsonObject>): Record<string, JsonObject> {
  const byShape = new Map<string, string>();
  const merged: Record<string, JsonObject> = {};
  for (const [path, item] of Object.entries(paths)) {
    const first = byShape.get(shapeOf(path));
    if (!first) {
      byShape.set(shapeOf(path), path);
      merged[path] = item;
      continue;
    }
    const rename = new Map(paramNames(path).map((name, i) => [name, paramNames(first)[i]!]));
    for (const method of METHODS) {
      const operation = item[method] as JsonObject | undefined;
      if (!operation) continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && rename.has(parameter.name))
          parameter.name = rename.get(parameter.name);
      }
      merged[first]![method] = operation;
    }
  }
  return merged;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

function finishOperation(path: string, method: string, operation: JsonObject): void {
  const responses: JsonObject = (operation.responses ??= {});
  // Errors are JSON envelopes whatever the success type (PDF invoices, CSV exports).
  for (const [status, response] of Object.entries<JsonObject>(responses)) {
    if (Number(status) >= 400 && response.content)
      response.content = { 'application/json': { schema: ERROR_REF } };
  }
  const hasPathParams = path.includes('{');
  const hasInput = hasPathParams || (operation.parameters ?? []).length > 0 || operation.requestBody;
  if (hasInput) responses['400'] ??= errorResponse('Invalid input (VALIDATION_ERROR lists each bad field)');
  if (hasPathParams) responses['414'] ??= errorResponse('A path parameter is too long (URI_TOO_LONG)');
  if (operation.requestBody) {
    responses['413'] ??= errorResponse('Body too large (PAYLOAD_TOO_LARGE)');
    responses['415'] ??= errorResponse('Unsupported Content-Type (UNSUPPORTED_MEDIA_TYPE)');
    finishRequestBody(method, operation.requestBody);
  }
  if (operation.security?.length) responses['401'] ??= errorResponse('Missing or invalid access token');
}

function finishRequestBody(method: string, requestBody: JsonObject): void {
  const content: JsonObject = requestBody.content ?? {};
  if (content['text/csv']) content['text/csv'] = { schema: { type: 'string', description: 'The CSV text' } };
  const json = content['application/json']?.schema as JsonObject | undefined;
  if (method === 'patch' && json?.type === 'object') {
    json.minProperties = 1;
    json.description = [json.description, 'Send at least one field: an empty body is a 400 VALIDATION_ERROR.']
      .filter(Boolean)
      .join(' ');
  }
}

const pascal = (word: string) =>
  word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

/** `GET /api/v1/products/{idOrSlug}` → `getProductsByIdOrSlug`; a route's own operationId wins. */
function nameOperations(paths: Record<string, JsonObject>): void {
  const taken = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method] as JsonObject | undefined;
      if (!operation) continue;
      const segments = path
        .replace(/^\/api\/v1\//, '/')
        .split('/')
        .filter(Boolean);
      const last = segments.at(-1) ?? '';
      const words = segments
        .filter((s) => !s.startsWith('{'))
        .map(pascal)
        .join('');
      const by = last.startsWith('{') ? `By${pascal(last.slice(1, -1))}` : '';
      let id = operation.operationId ?? `${method}${words}${by}`;
      for (let n = 2; taken.has(id); n++) id = `${method}${words}${by}${n}`;
      taken.add(id);
      operation.operationId = id;
    }
  }
}

function usedTags(paths: Record<string, JsonObject>): string[] {
  const tags = new Set<string>();
  for (const item of Object.values(paths))
    for (const method of METHODS) for (const tag of item[method]?.tags ?? []) tags.add(tag);
  return [...tags];
}

/** Zod registers an input and an output variant of every named schema; keep the ones in use. */
function dropUnusedSchemas(document: JsonObject): void {
  const schemas: JsonObject | undefined = document.components?.schemas;
  if (!schemas) return;
  for (let changed = true; changed;) {
    changed = false;
    const text = JSON.stringify({ paths: document.paths, schemas });
    for (const name of Object.keys(schemas)) {
      if (!text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        changed = true;
      }
    }
  }
}
