// Bundled into dist/embedded-template.js; scripts/prepare-embedded-db.mjs runs it at `npm ci`.
// Makes the data directory a first start on a fresh DATA_DIR copies (src/platform/db.ts): initdb,
// every committed migration and the job queue's schema and queues, done once at install through
// the same code as a start, instead of inside PGlite on every first start.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import pino from 'pino';
import { loadConfig } from './config';
import { defineJobs } from './modules';
import { closeContext, createContext } from './platform/context';
import {
  connectDatabase,
  migrationFingerprints,
  pgliteVersion,
  runMigrations,
  startEmbeddedPostgres,
  TEMPLATES_DIR,
} from './platform/db';

/**
 * The server only ever uses the `postgres` database; initdb's template0 and template1 (600 of the
 * directory's 1,400 files) would only be copied on every first start. Creating a file is what
 * that copy costs (about 1 ms of CPU each on the benchmark machine's ext4, docs/benchmarks.md).
 * `CREATE DATABASE` on the embedded database then needs `TEMPLATE postgres`.
 */
async function dropTemplateDatabases(pool: Pool): Promise<void> {
  // Absent when this template was itself copied from an earlier one (see copyTemplate).
  const { rows } = await pool.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname IN ('template0', 'template1')",
  );
  for (const { datname } of rows) {
    await pool.query(`ALTER DATABASE ${datname} IS_TEMPLATE false`);
    await pool.query(`DROP DATABASE ${datname}`);
  }
}

/** Prepares the template for today's migrations; returns its directory. */
export async function prepareEmbeddedTemplate(): Promise<string> {
  const migrations = migrationFingerprints();
  const name = `pglite-${pgliteVersion()}-${migrations.length}`;
  mkdirSync(TEMPLATES_DIR, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bazaar-template-'));
  const building = path.join(TEMPLATES_DIR, `.${name}.building-${process.pid}`);
  try {
    const server = await startEmbeddedPostgres({ dataDir: building });
    const database = connectDatabase({ url: server.url, embedded: true, poolSize: 2, onClose: server.stop });
    const log = pino({ level: 'silent' });
    try {
      await runMigrations(database.pool);
    } catch (error) {
      await database.close();
      throw error;
    }
    // A context like a start's (no Redis, no SMTP), so the queues are the ones the modules define.
    const config = loadConfig({ DATA_DIR: scratch, LOG_LEVEL: 'silent', NODE_ENV: 'development' });
    const ctx = await createContext(config, { database, log });
    try {
      defineJobs(ctx);
      await ctx.jobs.start({ work: false });
      await ctx.jobs.stop();
      // pg-boss's clock queued this minute's cron runs: stale for any later start, which would
      // fetch, copy and complete them before its first request (~0.1 s of PGlite's CPU).
      await database.pool.query('DELETE FROM pgboss.job');
      await dropTemplateDatabases(database.pool);
    } finally {
      await closeContext(ctx); // closes the database and PGlite: the directory is consistent on disk
    }
    const target = path.join(TEMPLATES_DIR, name);
    rmSync(target, { recursive: true, force: true });
    renameSync(building, target);
    writeFileSync(`${target}.json`, `${JSON.stringify({ migrations }, null, 1)}\n`);
    // Older templates (other PGlite versions or migrations) are no use any more.
    for (const file of readdirSync(TEMPLATES_DIR)) {
      if (file.startsWith('pglite-') && file !== name && file !== `${name}.json`) {
        rmSync(path.join(TEMPLATES_DIR, file), { recursive: true, force: true });
      }
    }
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (existsSync(building)) rmSync(building, { recursive: true, force: true });
  }
}
