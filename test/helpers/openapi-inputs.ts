import fc from 'fast-check';

// Inputs for an OpenAPI operation, drawn from its JSON schemas (as served at /openapi.json).
// "Valid" values aim at the schema but need not always pass (a pattern, a cross-field rule):
// the conformance test only requires that nothing answers 5xx, whatever the input.

type Schema = Record<string, any>;

export interface OperationInput {
  url: string;
  query: Record<string, string>;
  body?: unknown;
}

const resolve = (doc: Schema, schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return resolve(doc, doc.components?.schemas?.[name]);
  }
  return schema;
};

function stringArbitrary(schema: Schema, ids: string[]): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 24, Math.max(min, 24));
  switch (schema.format) {
    case 'uuid':
      return fc.constantFrom(...ids);
    case 'email':
      return fc.integer({ min: 1, max: 1e6 }).map((n) => `shopper${n}@example.com`);
    case 'date-time':
      return fc.constantFrom('2026-01-15T10:00:00Z', '2030-06-01T00:00:00+05:30');
    case 'date':
      return fc.constantFrom('2026-01-01', '2026-03-31');
    case 'uri':
      return fc.constant('https://hooks.example.com/bazaar');
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 200));
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' });
}

function numberArbitrary(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 10_000);
  const low = Math.max(min, -1_000_000);
  const high = Math.min(max, Math.max(low, 1_000_000));
  return fc.integer({ min: Math.ceil(low), max: Math.floor(high) });
}

/** An arbitrary for values of `schema` (depth-limited). */
export function valueOf(
  doc: Schema,
  raw: Schema | undefined,
  ids: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(choices)) {
    const options = choices.filter((c: Schema) => resolve(doc, c).type !== 'null');
    return fc.oneof(...(options.length ? options : choices).map((c: Schema) => valueOf(doc, c, ids, depth)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema, ids);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 2, Math.max(minLength, 2));
      if (depth > 4) return fc.constant([]);
      return fc.array(valueOf(doc, schema.items, ids, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objectOf(doc, schema, ids, depth);
    default:
      return fc.constant(null);
  }
}

function objectOf(doc: Schema, schema: Schema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
  const required = new Set<string>(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    record[name] = valueOf(doc, property, ids, depth + 1);
  const optional = Object.keys(properties).filter((name) => !required.has(name));
  return fc.record(record, { requiredKeys: [...required, ...optional.slice(0, 1)] });
}

/** A request for `operation` at `path`: path parameters, query and (JSON) body from their schemas. */
export function inputOf(
  doc: Schema,
  path: string,
  operation: Schema,
  ids: string[],
): fc.Arbitrary<OperationInput> {
  const parameters: Schema[] = operation.parameters ?? [];
  const pathParams: Record<string, fc.Arbitrary<unknown>> = {};
  const queryParams: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of parameters) {
    if (parameter.in === 'path') pathParams[parameter.name] = valueOf(doc, parameter.schema, ids);
    if (parameter.in === 'query' && parameter.required)
      queryParams[parameter.name] = valueOf(doc, parameter.schema, ids);
  }
  const jsonBody = operation.requestBody?.content?.['application/json'];
  const example = jsonBody?.example;
  const body: fc.Arbitrary<unknown> = jsonBody
    ? example !== undefined
      ? fc.oneof(fc.constant(example), valueOf(doc, jsonBody.schema, ids))
      : valueOf(doc, jsonBody.schema, ids)
    : fc.constant(undefined);
  return fc.record({ path: fc.record(pathParams), query: fc.record(queryParams), body }).map((drawn) => ({
    url: path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(drawn.path[name]))),
    query: Object.fromEntries(Object.entries(drawn.query).map(([k, v]) => [k, String(v)])),
    body: drawn.body,
  }));
}
