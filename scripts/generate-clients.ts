/**
 * `npm run client:generate`: regenerates everything derived from the OpenAPI document: the document
 * itself (docs/openapi.json), the typed client's schema (clients/typescript/src/schema.d.ts) and the
 * Postman collection and environment (docs/postman/). Deterministic: the same routes give the same
 * bytes. `npm run client:check` (CI) writes nothing and fails when a committed file is stale.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument, type OpenApiDocument } from './clients/document';
import { buildPostmanCollection, buildPostmanEnvironment } from './clients/postman';

const root = path.resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');

async function typescriptSchema(document: OpenApiDocument): Promise<string> {
  // openapi-typescript's own types for the document are stricter than a served JSON object.
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { silent: true });
  return astToString(ast);
}

const document = await buildOpenApiDocument();
const files: Record<string, string> = {
  'docs/openapi.json': `${JSON.stringify(document, null, 2)}\n`,
  'clients/typescript/src/schema.d.ts': [
    '/**',
    ' * Generated from the Bazaar OpenAPI document by `npm run client:generate`. Do not edit.',
    ' */',
    '',
    await typescriptSchema(document),
  ].join('\n'),
  'docs/postman/bazaar.postman_collection.json': await buildPostmanCollection(document),
  'docs/postman/bazaar.postman_environment.json': buildPostmanEnvironment(),
};

const stale: string[] = [];
for (const [file, content] of Object.entries(files)) {
  const target = path.join(root, file);
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === content) continue;
  stale.push(file);
  if (!check) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

if (check && stale.length > 0) {
  console.error(
    `Stale generated files (the API changed since they were generated):\n${stale.map((f) => `  ${f}`).join('\n')}\n` +
      'Run `npm run client:generate` and commit the result.',
  );
  process.exit(1);
}
console.log(
  check
    ? 'generated clients are current'
    : stale.length > 0
      ? `updated ${stale.join(', ')}`
      : 'generated files were already current',
);
// The app's handles (Socket.IO, pg pool) are closed, but a library timer must not hold the script open.
process.exit(0);
