/**
 * `npm run lint:openapi`: builds the OpenAPI document exactly as the server serves it and lints it
 * with Redocly's recommended rules (redocly.yaml). Errors fail; warnings are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from './clients/document';

const dir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-lint-openapi-'));
try {
  const file = path.join(dir, 'openapi.json');
  await writeFile(file, JSON.stringify(await buildOpenApiDocument(), null, 2));
  const result = spawnSync('npx', ['redocly', 'lint', file, '--format=stylish', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  process.exitCode = result.status ?? 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
