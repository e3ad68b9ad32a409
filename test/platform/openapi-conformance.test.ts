import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { bearer, createUser } from '../helpers/auth';
import { inputOf, type OperationInput } from '../helpers/openapi-inputs';

// Walks every operation of the served OpenAPI document as anonymous, customer and admin, with
// generated valid and invalid inputs: nothing answers 5xx (except a declared 503), every answer is
// declared and matches its schema and content type, and invalid input gets a 4xx.
// Few samples per operation: this runs twice in CI.

type Role = 'anonymous' | 'customer' | 'admin';
interface Operation {
  path: string;
  method: string;
  op: Record<string, any>;
}

// Samples per operation and caller: anonymous callers mostly meet a 401, admins reach the most code.
const SAMPLES: Record<Role, number> = { anonymous: 1, customer: 1, admin: 2 };
// Would end the test users' sessions and turn every later call into a 401.
const SKIPPED = new Set([
  'post /api/v1/auth/logout',
  'post /api/v1/auth/logout-all',
  'post /api/v1/users/me/password',
]);

let t: TestApp;
let doc: any;
let ajv: Ajv2020;
const tokens: Partial<Record<Role, string>> = {};
const ids: string[] = ['9b2f6a0e-3c1d-4e5f-8a7b-6c5d4e3f2a1b'];
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  t = await createTestApp({ work: false });
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'bazaar', components: doc.components });
  const admin = await createUser(t, { role: 'ADMIN' });
  tokens.admin = admin.accessToken;
  tokens.customer = (await createUser(t)).accessToken;
  const product = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: bearer(admin.accessToken),
    payload: { name: 'Conformance Lamp', variants: [{ sku: 'CONF-LAMP-1', price: 2500, stock: 50 }] },
  });
  const data = product.json().data;
  ids.push(data.id, data.variants[0].id);
});
afterAll(async () => {
  await t.close();
});

function operations(): Operation[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method] && !SKIPPED.has(`${method} ${path}`))
      .map((method) => ({ path, method, op: item[method] })),
  );
}

function validatorFor(key: string, schema: object): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"bazaar#/components/'));
    validate = ajv.compile(rebased);
    validators.set(key, validate);
  }
  return validate;
}

async function send(method: string, input: OperationInput, role: Role) {
  const token = tokens[role];
  return t.app.inject({
    method: method.toUpperCase() as 'GET',
    url: input.url,
    query: input.query,
    headers: token ? bearer(token) : {},
    ...(input.body !== undefined ? { payload: input.body as object } : {}),
  });
}

type Answer = Awaited<ReturnType<typeof send>>;

/** The answer is declared for the operation, in a declared content type, matching its schema. */
function expectDeclared({ path, method, op }: Operation, res: Answer, what: string): void {
  const label = `${method.toUpperCase()} ${path} (${what}) → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode < 500 || (res.statusCode === 503 && Boolean(op.responses['503'])), label).toBe(true);
  const declared = op.responses[String(res.statusCode)] ?? op.responses.default;
  expect(declared, `undeclared status: ${label}`).toBeDefined();
  const content: Record<string, { schema?: object }> = declared.content ?? {};
  if (Object.keys(content).length === 0 || res.statusCode === 204) return;
  const type = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  expect(Object.keys(content), `content type ${type}: ${label}`).toContain(type);
  const schema = content[type]?.schema;
  if (type !== 'application/json' || !schema) return;
  const validate = validatorFor(`${method} ${path} ${res.statusCode}`, schema);
  const valid = validate(res.json());
  expect(valid, `${label}\n${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
}

/** The same request made invalid where the contract says it must be refused, or undefined. */
function invalidate({ op }: Operation, input: OperationInput): OperationInput | undefined {
  if (op.requestBody?.content?.['application/json']) {
    const body = input.body;
    const broken =
      body && typeof body === 'object' && !Array.isArray(body) ? { ...body, __unexpected: 1 } : 42;
    return { ...input, body: broken };
  }
  const uuidParam = (op.parameters ?? []).find((p: any) => p.in === 'path' && p.schema?.format === 'uuid');
  if (uuidParam)
    return { ...input, url: `${input.url}/`.replace(/[0-9a-f-]{36}\//, 'not-a-uuid/').replace(/\/$/, '') };
  return undefined;
}

describe('every operation of /openapi.json, as anonymous, customer and admin', () => {
  it('never answers 5xx, answers as declared, and refuses invalid input with a 4xx', async () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const [role, numRuns] of Object.entries(SAMPLES) as [Role, number][])
      for (const operation of all) {
        const inputs = inputOf(doc, operation.path, operation.op, ids);
        await fc
          .assert(
            fc.asyncProperty(inputs, async (input) => {
              expectDeclared(operation, await send(operation.method, input, role), `${role}, generated`);
              const invalid = invalidate(operation, input);
              if (!invalid) return;
              const res = await send(operation.method, invalid, role);
              expectDeclared(operation, res, `${role}, invalid`);
              expect(
                res.statusCode,
                `${operation.method} ${operation.path} invalid as ${role}`,
              ).toBeGreaterThanOrEqual(400);
              expect(res.statusCode).toBeLessThan(500);
            }),
            { numRuns, seed: 20261130, endOnFailure: true },
          )
          .catch((error: Error) => failures.push(String(error.cause ?? error.message).split('\n')[0]!));
      }
    expect(failures).toEqual([]);
  }, 120_000);
});
