import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

// What generated clients and linters need from the served document (Redocly's lint runs in CI).
let t: TestApp;
let doc: any;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const packageVersion = JSON.parse(readFileSync('package.json', 'utf8')).version;

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => {
  await t.close();
});

function operations(): { path: string; method: string; op: any }[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, op: item[method] })),
  );
}

const requestMedia = (path: string, method: string) =>
  doc.paths[path][method].requestBody.content['application/json'];
const requestSchema = (path: string, method: string) => requestMedia(path, method).schema;

describe('the document', () => {
  it('carries the package version, a license, servers and described tags', () => {
    expect(doc.info.version).toBe(packageVersion);
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    expect(doc.servers.length).toBeGreaterThan(0);
    const used = new Set(operations().flatMap(({ op }) => op.tags ?? []));
    expect(doc.tags.map((tag: { name: string }) => tag.name).sort()).toEqual([...used].sort());
    for (const tag of doc.tags) expect(tag.description, tag.name).not.toBe(tag.name);
  });

  it('names every operation once and declares security on each (public ones: [])', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations())
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
    expect(doc.paths['/api/v1/products'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/orders'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('lists each URL shape once, whatever the parameter names of its routes', () => {
    const shapes = Object.keys(doc.paths).map((path) => path.replace(/\{[^}]+\}/g, '{}'));
    expect(new Set(shapes).size).toBe(shapes.length);
    const brand = doc.paths['/api/v1/brands/{idOrSlug}'];
    expect(Object.keys(brand).sort()).toEqual(['delete', 'get', 'patch']);
    expect(brand.patch.parameters.find((p: any) => p.in === 'path').name).toBe('idOrSlug');
  });

  it('declares every error as a JSON envelope, also on the PDF and CSV routes', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
          'application/json',
        ]);
        expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    const invoice = doc.paths['/api/v1/orders/{id}/invoice'].get.responses;
    expect(Object.keys(invoice['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(invoice['404'].content)).toEqual(['application/json']);
  });

  it('declares 400 and 414 for path parameters, 413 and 415 for bodies', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      if (path.includes('{'))
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '414']));
      if (op.requestBody)
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('spells out multipart bodies for image upload and CSV import', () => {
    for (const path of ['/api/v1/products/{id}/images', '/api/v1/admin/products/import']) {
      const multipart = doc.paths[path].post.requestBody.content['multipart/form-data'].schema;
      expect(multipart.properties.file).toMatchObject({ type: 'string', format: 'binary' });
      expect(multipart.required).toEqual(['file']);
    }
    const csv = doc.paths['/api/v1/admin/products/import'].post.requestBody.content['text/csv'].schema;
    expect(csv.type).toBe('string');
  });

  it('requires at least one field in every PATCH body', () => {
    for (const { path, method, op } of operations()) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (method === 'patch' && schema?.type === 'object') expect(schema.minProperties, path).toBe(1);
    }
  });
});

describe('examples and rules a schema cannot express', () => {
  it('gives realistic examples for register, login, product create, cart add and checkout', () => {
    const cases: [string, string, string][] = [
      ['/api/v1/auth/register', 'post', 'email'],
      ['/api/v1/auth/login', 'post', 'password'],
      ['/api/v1/products', 'post', 'variants'],
      ['/api/v1/cart/items', 'post', 'quantity'],
      ['/api/v1/orders', 'post', 'paymentMethod'],
    ];
    for (const [path, method, field] of cases) {
      const media = requestMedia(path, method);
      const example = media.example ?? Object.values<any>(media.examples ?? {})[0]?.value;
      expect(example?.[field], `${method} ${path}`).toBeDefined();
      expect(JSON.stringify(example)).not.toMatch(/9007199254740991|1e\+/);
    }
  });

  it('states the cross-field and format rules in descriptions', () => {
    expect(requestSchema('/api/v1/cart/items', 'post').description).toMatch(
      /exactly one of `variantId` or `productId`/,
    );
    expect(requestSchema('/api/v1/orders', 'post').description).toMatch(
      /exactly one of `addressId` or `shippingAddress`/,
    );
    expect(requestSchema('/api/v1/auth/register', 'post').properties.password.description).toMatch(
      /common password/,
    );
    expect(requestSchema('/api/v1/users/me/addresses', 'post').properties.country.description).toMatch(
      /ISO 3166-1/,
    );
    const sales = doc.paths['/api/v1/admin/analytics/sales'].get.parameters.find(
      (p: any) => p.name === 'from',
    );
    expect(sales.description ?? sales.schema.description).toMatch(/at most 1098 days/);
  });
});
