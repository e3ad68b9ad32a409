// The OpenAPI document exactly as the server serves it at /openapi.json, built in-process: the
// whole app is assembled on a database handle that is never connected, nothing listens.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { defineJobs } from '../../src/modules';
import { closeContext, createContext } from '../../src/platform/context';
import { connectDatabase } from '../../src/platform/db';

export type OpenApiDocument = Record<string, unknown>;

export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-openapi-'));
  // Fixed settings: the document must not depend on the environment of whoever generates it.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    JWT_ACCESS_SECRET: 'openapi-generation-access-secret-not-used-0123',
    JWT_REFRESH_SECRET: 'openapi-generation-refresh-secret-not-used-012',
  });
  // pg pools connect on first query; building the app runs none.
  const database = connectDatabase({
    url: 'postgres://unused@127.0.0.1:1/unused',
    embedded: false,
    poolSize: 1,
  });
  const ctx = await createContext(config, { database });
  try {
    defineJobs(ctx);
    const app = await buildApp(ctx);
    await app.ready();
    const document = JSON.parse(JSON.stringify(app.swagger())) as OpenApiDocument;
    await app.close();
    return document;
  } finally {
    await closeContext(ctx).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}
