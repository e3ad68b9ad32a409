import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DamagedDataDirError, embeddedDataDir, lockDataDir } from './data-dir-lock';
import { EmbeddedPostgresServer } from './embedded-postgres';
import { postgresErrorCode } from './postgres-errors';

export { postgresErrorCode } from './postgres-errors';

// No schema object: queries name their tables explicitly (no relational `db.query.*`), so the
// ground floor does not depend on the modules' tables (db/schema.ts is for drizzle-kit only).
export type Database = NodePgDatabase;

/** A database transaction: the typed query builder plus the raw client (for the job queue). */
export interface Tx {
  db: Database;
  client: pg.PoolClient;
}

export interface DatabaseHandle {
  /** Connection string the pool uses; for the embedded server, its loopback address. */
  url: string;
  embedded: boolean;
  pool: pg.Pool;
  db: Database;
  /**
   * For storefront catalog reads that tolerate replication lag (lists, pages, search, suggest):
   * the DATABASE_READ_URL pool, or the primary (`db`) when it is unset. Never for admins, who read
   * their own writes, nor inside a transaction.
   */
  reads: Database;
  readPool: pg.Pool;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MAX_TRANSACTION_ATTEMPTS = 3;
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const isRetryable = (error: unknown) => RETRYABLE_CODES.has(postgresErrorCode(error) ?? '');

/**
 * Runs `work` inside a savepoint of `tx`. When it throws, or `keep(result)` is false, only what
 * `work` did is undone and the transaction stays usable (the caller decides what happens next).
 */
export async function inSavepoint<T>(
  tx: Tx,
  work: () => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  await tx.client.query('SAVEPOINT bazaar_savepoint');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await tx.client.query('ROLLBACK TO SAVEPOINT bazaar_savepoint').catch(() => {});
    throw error;
  }
  await tx.client.query(
    keep(result) ? 'RELEASE SAVEPOINT bazaar_savepoint' : 'ROLLBACK TO SAVEPOINT bazaar_savepoint',
  );
  return result;
}

/**
 * The repository root: the nearest folder above this module holding package.json. This file runs
 * from src/platform/ (tests, tsx) and bundled into dist/ (`npm start`), so no fixed `../..`.
 */
const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export const MIGRATIONS_DIR = path.join(ROOT, 'src', 'db', 'migrations');

/** Extensions loaded into PGlite; real servers get them from `CREATE EXTENSION` in the migrations. */
const embeddedExtensions = { pg_trgm, unaccent, fuzzystrmatch };

/** Digest of the committed migrations (same as scripts/prepare-embedded-db.mjs computes). */
function migrationsDigest(): string {
  const hash = createHash('sha1');
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const file of [...files, path.join('meta', '_journal.json')]) {
    hash.update(`${file}\0`).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * For a brand-new data directory: what `npm ci` prepared once (scripts/prepare-embedded-db.mjs),
 * so the first start loads it (~1 s) instead of running initdb (~6 s): the database with today's
 * migrations applied when the migrations have not changed since, else the bare initdb output.
 * Undefined when the directory already holds a database or nothing was prepared.
 */
function preparedDataDir(dataDir: string): Blob | undefined {
  if (dataDir === 'memory://' || existsSync(path.join(dataDir, 'PG_VERSION'))) return undefined;
  try {
    const pkg = path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
    const cache = path.join(ROOT, 'node_modules', '.cache', 'bazaar');
    const file = [`pglite-${version}-migrated-${migrationsDigest()}.tgz`, `pglite-${version}-initdb.tgz`]
      .map((name) => path.join(cache, name))
      .find((candidate) => existsSync(candidate));
    return file ? new Blob([readFileSync(file)]) : undefined;
  } catch {
    return undefined;
  }
}

export interface EmbeddedServer {
  url: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (persisted under `dataDir`, or in memory when `dataDir` is 'memory://') and serves
 * it on a loopback port, so the app talks to it with the same `pg` driver as to a real server.
 * Connections take turns (see embedded-postgres.ts): never query through the pool while holding
 * a transaction, or the second query waits for the transaction that waits for it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | 'memory://';
  loadDataDir?: Blob;
}): Promise<EmbeddedServer> {
  const onDisk = options.dataDir !== 'memory://';
  if (onDisk) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  // Before PGlite touches the directory: a second process opening it corrupts it for good.
  const lock = onDisk ? lockDataDir(options.dataDir) : undefined;
  try {
    if (onDisk) mkdirSync(options.dataDir, { recursive: true });
    const pglite = await openPGlite(options.dataDir, options.loadDataDir);
    const server = new EmbeddedPostgresServer(pglite);
    const port = await server.listen('127.0.0.1', 0);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      pglite,
      async stop() {
        await server.close();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPGlite(dataDir: string, given: Blob | undefined): Promise<PGlite> {
  const loadDataDir = given ?? preparedDataDir(dataDir);
  try {
    return await PGlite.create(dataDir, {
      extensions: embeddedExtensions,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    // PGlite reports a PANIC at start-up (damaged WAL or control file) only as "Aborted()".
    if (dataDir !== 'memory://' && error instanceof Error && error.message.startsWith('Aborted(')) {
      throw new DamagedDataDirError(dataDir);
    }
    throw error;
  }
}

function openPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export function connectDatabase(options: {
  url: string;
  embedded: boolean;
  poolSize: number;
  /** A read replica for catalog reads (DATABASE_READ_URL); its connections are named `bazaar-read`. */
  readUrl?: string | undefined;
  onClose?: () => Promise<void>;
}): DatabaseHandle {
  const pool = openPool(options.url, options.poolSize, 'bazaar');
  const db = drizzle({ client: pool, casing: 'snake_case' });
  const readPool = options.readUrl ? openPool(options.readUrl, options.poolSize, 'bazaar-read') : pool;

  return {
    url: options.url,
    embedded: options.embedded,
    pool,
    db,
    readPool,
    reads: readPool === pool ? db : drizzle({ client: readPool, casing: 'snake_case' }),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({ db: drizzle({ client, casing: 'snake_case' }), client });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          // PostgreSQL chose this transaction as a deadlock victim (or a serialization failure):
          // nothing of it happened, so running it again is safe and is what the client wants.
          if (attempt < MAX_TRANSACTION_ATTEMPTS && isRetryable(error)) {
            await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
            continue;
          }
          throw error;
        } finally {
          client.release();
        }
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
      if (readPool !== pool) await readPool.end();
      await options.onClose?.();
    },
  };
}

/** Applies the committed SQL migrations, serialised across instances by an advisory lock. */
export async function runMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(72616172)');
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock(72616172)').catch(() => {});
    client.release();
  }
}

/** Opens the database the config points at: the URL when set, else the embedded one. */
export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  DATABASE_READ_URL?: string | undefined;
  DATABASE_POOL_SIZE: number;
  dataDir: string;
}): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    return connectDatabase({
      url: config.DATABASE_URL,
      embedded: false,
      poolSize: config.DATABASE_POOL_SIZE,
      readUrl: config.DATABASE_READ_URL,
    });
  }
  // The embedded database has no replica: DATABASE_READ_URL needs DATABASE_URL.
  const embedded = await startEmbeddedPostgres({ dataDir: embeddedDataDir(config) });
  return connectDatabase({
    url: embedded.url,
    embedded: true,
    poolSize: config.DATABASE_POOL_SIZE,
    onClose: embedded.stop,
  });
}
