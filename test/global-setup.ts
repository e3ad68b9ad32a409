import { rm } from 'node:fs/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import pino from 'pino';
import {
  connectDatabase,
  runMigrations,
  startEmbeddedPostgres,
  type DatabaseHandle,
} from '../src/platform/db';
import { JobQueue } from '../src/platform/jobs';
import { templateDumpPath, templateName, testDatabasePrefix } from './helpers/database';

/**
 * Migrates one template database per run. With DATABASE_URL each test file clones it
 * (CREATE DATABASE ... TEMPLATE); without, each file loads the dumped PGlite data directory.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = templateName();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = connectDatabase({ url: target.toString(), embedded: false, poolSize: 2 });
    await prepareTemplate(database);
    await database.close();
    project.provide('templateDatabase', name);
    return async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $2) OR datname = $1`,
        [name, testDatabasePrefix(name)],
      );
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await cleanup.end();
    };
  }

  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
  const database = connectDatabase({ url: embedded.url, embedded: true, poolSize: 2 });
  await prepareTemplate(database);
  await database.pool.end();
  const dump = await embedded.pglite.dumpDataDir('none');
  await embedded.stop();
  const file = templateDumpPath();
  await (await import('node:fs/promises')).writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', file);
  return async () => {
    await rm(file, { force: true });
  };
}

/** Migrations plus the job queue's own schema, so each test file starts from a ready database. */
async function prepareTemplate(database: DatabaseHandle): Promise<void> {
  await runMigrations(database.pool);
  const jobs = new JobQueue(database.pool, pino({ level: 'silent' }));
  await jobs.start({ work: false });
  await jobs.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
