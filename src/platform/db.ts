import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { embeddedDataDir } from './data-dir-lock';
import { startEmbeddedPostgres } from './embedded-database';
import { runFixed, runTogether, type FixedStatement, type StatementRunner } from './prepared-statements';
import { createReadPipeline } from './read-pipeline';
import { runTransaction, type TransactionOptions, type Tx } from './transactions';

export { postgresErrorCode } from './postgres-errors';
export { inSavepoint, LockBusyError, type TransactionOptions, type Tx } from './transactions';
export { DeferredWrites } from './deferred-writes';
export type { StatementRunner } from './prepared-statements';
export { MIGRATIONS_DIR, migrationFingerprints, runMigrations } from './migrations';
export {
  copyTemplate,
  pgliteVersion,
  startEmbeddedPostgres,
  TEMPLATES_DIR,
  type EmbeddedServer,
} from './embedded-database';

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
  /**
   * Runs a fixed statement of a storefront catalog read (as `reads`), pipelined with the others
   * of the same pass of the event loop on a connection of its own (read-pipeline.ts); on the
   * embedded database, through readPool.
   */
  runRead<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  /** Runs a fixed statement (see fixedStatement) on its own, outside any transaction. */
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  /**
   * Runs the fixed statements `issue` issues before its first await in one socket write on one
   * connection, each on its own, outside any transaction (see runTogether): one round trip for
   * reads that do not depend on each other.
   */
  together<T>(issue: (runner: StatementRunner) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Most connections the read pipeline opens (each carries many statements at once; see read-pipeline.ts). */
const READ_PIPELINE_LANES = 4;

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
  const pipeline = options.embedded
    ? undefined
    : createReadPipeline(options.readUrl ?? options.url, READ_PIPELINE_LANES, readPool);

  return {
    url: options.url,
    embedded: options.embedded,
    pool,
    db,
    readPool,
    reads: readPool === pool ? db : drizzle({ client: readPool, casing: 'snake_case' }),
    runRead: (statement, values) =>
      pipeline ? pipeline.run(statement, values) : runFixed(readPool, options.embedded, statement, values),
    run: (statement, values) => runFixed(pool, options.embedded, statement, values),
    together: (issue) => runTogether(pool, options.embedded, issue),
    transaction: (fn, transactionOptions) =>
      runTransaction(pool, options.embedded, fn, options.embedded ? undefined : transactionOptions?.tryLock),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pipeline?.close();
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
