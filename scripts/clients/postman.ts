// Postman collection and environment from the OpenAPI document (openapi-to-postmanv2), made
// deterministic and wired to the environment's variables: {{baseUrl}}, {{accessToken}},
// {{refreshToken}}, {{cartToken}}.
import type { CollectionResult } from 'openapi-to-postmanv2';
import type { OpenApiDocument } from './document';

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: {
    header?: { key: string; value: string }[];
    body?: { raw?: string };
  };
  response?: { code?: number }[];
}

interface PostmanCollection {
  info: Record<string, unknown>;
  item: PostmanItem[];
  variable?: { key: string; value: string; type?: string }[];
  auth?: unknown;
  event?: unknown[];
}

/** After every request: keep the environment's tokens current from what the API answered. */
const captureTokens = [
  '// Generated: keeps the environment tokens current after every request.',
  "const cartToken = pm.response.headers.get('X-Cart-Token');",
  "if (cartToken) pm.environment.set('cartToken', cartToken);",
  'let body;',
  'try { body = pm.response.json(); } catch (e) { body = undefined; }',
  'const data = body && body.data;',
  "if (data && data.accessToken) pm.environment.set('accessToken', data.accessToken);",
  "if (data && data.refreshToken) pm.environment.set('refreshToken', data.refreshToken);",
];

/** mulberry32: a small seeded generator, so the same document always gives the same examples. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The converter fills examples with a schema faker that captures Math.random when it loads and
 * calls Math.random directly elsewhere: both see the seeded generator (the converter is loaded
 * inside this window), then Math.random is restored.
 */
async function convertDeterministically(document: OpenApiDocument): Promise<CollectionResult> {
  const original = Math.random;
  Math.random = seededRandom(0x2f6b3a1d);
  try {
    const { convert } = await import('openapi-to-postmanv2');
    return await new Promise<CollectionResult>((resolve, reject) =>
      convert(
        { type: 'json', data: document },
        {
          folderStrategy: 'Tags',
          requestNameSource: 'Fallback',
          parametersResolution: 'Example',
          includeAuthInfoInExample: false,
        },
        (error, converted) =>
          error || !converted ? reject(error ?? new Error('no conversion result')) : resolve(converted),
      ),
    );
  } finally {
    Math.random = original;
  }
}

function requests(items: PostmanItem[]): PostmanItem[] {
  return items.flatMap((item) => (item.item ? requests(item.item) : [item]));
}

export async function buildPostmanCollection(document: OpenApiDocument): Promise<string> {
  const result = await convertDeterministically(document);
  if (!result.result || !result.output?.[0]) throw new Error(`Postman conversion failed: ${result.reason}`);
  const collection = result.output[0].data as PostmanCollection;

  for (const request of requests(collection.item)) {
    for (const header of request.request?.header ?? []) {
      const key = header.key.toLowerCase();
      if (key === 'x-cart-token') header.value = '{{cartToken}}';
      // A fresh key per send; to retry safely, replace it with a fixed value.
      if (key === 'idempotency-key') header.value = '{{$guid}}';
    }
    const body = request.request?.body;
    if (body?.raw) body.raw = body.raw.replace(/("refreshToken": )"[^"]*"/, '$1"{{refreshToken}}"');
    // Success examples only: every error answer has the same envelope, documented once in the API.
    if (request.response) request.response = request.response.filter((r) => (r.code ?? 0) < 300);
  }
  collection.variable = [{ key: 'baseUrl', value: 'http://localhost:3000', type: 'string' }];
  collection.event = [{ listen: 'test', script: { type: 'text/javascript', exec: captureTokens } }];

  // Random ids would change on every run; Postman assigns its own on import.
  const text = JSON.stringify(
    collection,
    (key, value: unknown) => (key === 'id' || key === '_postman_id' ? undefined : value),
    2,
  );
  return `${text.replaceAll('{{bearerToken}}', '{{accessToken}}')}\n`;
}

export function buildPostmanEnvironment(): string {
  const variable = (key: string, value: string, type: 'default' | 'secret') => ({
    key,
    value,
    type,
    enabled: true,
  });
  const environment = {
    name: 'Bazaar (local)',
    values: [
      variable('baseUrl', 'http://localhost:3000', 'default'),
      variable('accessToken', '', 'secret'),
      variable('refreshToken', '', 'secret'),
      variable('cartToken', '', 'secret'),
    ],
    _postman_variable_scope: 'environment',
  };
  return `${JSON.stringify(environment, null, 2)}\n`;
}
