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

interface Template {
  /** The template database's name, or the PGlite dump's path. */
  value: string;
  teardown: () => Promise<void>;
}
interface SharedTemplate {
  ready: Promise<Template>;
  projects: number;
}
// Vitest runs the global set-up once per project (vitest.config.ts has two, plus the root), all
// in its own process: the first call prepares the template, the others reuse it, the last
// teardown removes it.
const sharedKey = Symbol.for('bazaar.test.template');
const shared = globalThis as { [sharedKey]?: SharedTemplate };

/**
 * Migrates one template database per run. With DATABASE_URL each test file clones it
 * (CREATE DATABASE ... TEMPLATE); without, each file loads the dumped PGlite data directory.
 */
export default async function setup(project: TestProject) {
  const entry = (shared[sharedKey] ??= { ready: prepare(), projects: 0 });
  entry.projects++;
  const template = await entry.ready;
  project.provide('templateDatabase', template.value);
  return async () => {
    if (--entry.projects > 0) return;
    delete shared[sharedKey];
    await template.teardown();
  };
}

async function prepare(): Promise<Template> {
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
    const teardown = async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $2) OR datname = $1`,
        [name, testDatabasePrefix(name)],
      );
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await cleanup.end();
    };
    return { value: name, teardown };
  }

  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
  const database = connectDatabase({ url: embedded.url, embedded: true, poolSize: 2 });
  await prepareTemplate(database);
  await database.pool.end();
  const dump = await embedded.pglite.dumpDataDir('none');
  await embedded.stop();
  const file = templateDumpPath();
  await (await import('node:fs/promises')).writeFile(file, Buffer.from(await dump.arrayBuffer()));
  return { value: file, teardown: () => rm(file, { force: true }) };
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
