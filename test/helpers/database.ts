import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, startEmbeddedPostgres, type DatabaseHandle } from '../../src/platform/db';

/** One per global set-up (a run sets up once per Vitest project): `bazaar_template_<pid>_<random>`. */
export const templateName = () => `bazaar_template_${process.pid}_${randomBytes(3).toString('hex')}`;
/** Test databases of one template: `bazaar_t_<template pid>_<template random>_<random>`. */
export const testDatabasePrefix = (template: string) =>
  `bazaar_t_${template.replace(/^bazaar_template_/, '')}_`;
export const templateDumpPath = () =>
  path.join(os.tmpdir(), `bazaar-template-${process.pid}-${randomBytes(3).toString('hex')}.tar`);

/**
 * A fresh database for one test file: cloned from the migrated template on a real server
 * (DATABASE_URL), or a new in-memory PGlite loaded from the template dump.
 */
export async function createTestDatabase(
  template: string,
  poolSize = 5,
  /** Also open a read pool (`bazaar-read`) to the same database, as DATABASE_READ_URL would. */
  readPool = false,
): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // Named after the run's template, so a run's teardown drops only its own databases.
    const name = `${testDatabasePrefix(template)}${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    return connectDatabase({
      url: target.toString(),
      embedded: false,
      poolSize,
      readUrl: readPool ? target.toString() : undefined,
      onClose: async () => {
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    });
  }
  const dump = new Blob([await readFile(template)]);
  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://', loadDataDir: dump });
  return connectDatabase({
    url: embedded.url,
    embedded: true,
    poolSize,
    readUrl: readPool ? embedded.url : undefined,
    onClose: embedded.stop,
  });
}
