import {
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { DamagedDataDirError, embeddedDataDir, lockDataDir } from './data-dir-lock';
import { EmbeddedPostgresServer } from './embedded-postgres';
import { migrationFingerprints, REPOSITORY_ROOT } from './migrations';
import { runFixed, type FixedStatement } from './prepared-statements';
import { runTransaction, type TransactionOptions, type Tx } from './transactions';

export { postgresErrorCode } from './postgres-errors';
export { inSavepoint, LockBusyError, type TransactionOptions, type Tx } from './transactions';
export { DeferredWrites } from './deferred-writes';
export { MIGRATIONS_DIR, migrationFingerprints, runMigrations } from './migrations';

// No schema object: queries name their tables explicitly (no relational `db.query.*`), so the
// ground floor does not depend on the modules' tables (db/schema.ts is for drizzle-kit only).
export type Database = NodePgDatabase;

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
  /** Runs a fixed statement (see fixedStatement) on its own, outside any transaction. */
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where `npm ci` keeps prepared embedded data directories (scripts/prepare-embedded-db.mjs). */
export const TEMPLATES_DIR = path.join(REPOSITORY_ROOT, 'node_modules', '.cache', 'bazaar');

export function pgliteVersion(): string {
  const pkg = path.join(REPOSITORY_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/**
 * For a brand-new data directory: a data directory `npm ci` prepared once (migrated, with the job
 * queue's schema and queues), which a first start copies with plain file copies instead of running
 * initdb (~6 s) and every migration (~5 s) inside PGlite. Usable when it was made by this PGlite
 * version and its migrations are the first of today's, unchanged; the start-up migration step then
 * applies any newer ones. Undefined when there is none (the caller runs initdb as before).
 */
function preparedTemplate(): string | undefined {
  try {
    const version = pgliteVersion();
    const current = migrationFingerprints();
    let best: { dir: string; count: number } | undefined;
    for (const file of readdirSync(TEMPLATES_DIR)) {
      if (!file.startsWith(`pglite-${version}-`) || !file.endsWith('.json')) continue;
      const manifest = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as {
        migrations: string[];
      };
      const dir = path.join(TEMPLATES_DIR, file.slice(0, -'.json'.length));
      const prefix = manifest.migrations.every((line, index) => current[index] === line);
      if (
        prefix &&
        existsSync(path.join(dir, 'PG_VERSION')) &&
        manifest.migrations.length > (best?.count ?? -1)
      ) {
        best = { dir, count: manifest.migrations.length };
      }
    }
    return best?.dir;
  } catch {
    return undefined;
  }
}

/**
 * Fills a new data directory from the prepared template, all or nothing: copied beside it, then
 * renamed into place, so a crash mid-copy never leaves a half database that looks like one.
 * Returns false (nothing done) when `dataDir` already has content or there is no template.
 */
function copyTemplate(dataDir: string): boolean {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const template = preparedTemplate();
  if (!template) return false;
  const incoming = `${dataDir}.incoming-${process.pid}`;
  rmSync(incoming, { recursive: true, force: true });
  try {
    // Synchronous on purpose: fs.promises.cp took 1.06 s of CPU over all threads for it against
    // 0.63 s, and overlapped nothing measurable on the loaded 2-core machine (docs/benchmarks.md).
    cpSync(template, incoming, { recursive: true, mode: constants.COPYFILE_FICLONE });
    rmSync(dataDir, { recursive: true, force: true }); // an empty directory, if any
    renameSync(incoming, dataDir);
    return true;
  } catch {
    rmSync(incoming, { recursive: true, force: true });
    return false;
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
    // Under the lock: a brand-new directory starts as a copy of the prepared one.
    if (onDisk && !options.loadDataDir) copyTemplate(options.dataDir);
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

async function openPGlite(dataDir: string, loadDataDir: Blob | undefined): Promise<PGlite> {
  // Loaded here, not at the top: a process on DATABASE_URL never needs PGlite.
  const [{ PGlite }, { pg_trgm }, { unaccent }, { fuzzystrmatch }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
  ]);
  try {
    return await PGlite.create(dataDir, {
      // Real servers get these from `CREATE EXTENSION` in the migrations.
      extensions: { pg_trgm, unaccent, fuzzystrmatch },
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
    run: (statement, values) => runFixed(pool, options.embedded, statement, values),
    transaction: (fn, transactionOptions) =>
      runTransaction(pool, options.embedded, fn, options.embedded ? undefined : transactionOptions?.tryLock),
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
