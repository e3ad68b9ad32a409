import { createHash } from 'node:crypto';
import { fillPlaceholders, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';

/**
 * Hot-path statements as named prepared statements: each pool connection sends a statement's SQL
 * text once and PostgreSQL parses and plans it once; later calls send only the parameters
 * (Bind/Execute), and after five executions PostgreSQL keeps a generic plan when it costs no more
 * than the custom ones. Two uses:
 *
 * - Fixed text, built once when its module loads (`fixedStatement`, run by `runFixed` or a
 *   transaction's `run`): written with Drizzle's `sql` and tables as usual, its varying values as
 *   `sql.placeholder('name')`, filled per call. Building the text was a fifth of the checkout's
 *   CPU. Named `bazaar_fixed_<name>`, its name given by its module (unique, checked at load).
 * - Text built per call from a Drizzle SQL (`preparedRows`), for queries whose shape depends on
 *   the input (a product list's filters and order). Named `bazaar_text_<hash of the text>`, for at
 *   most MAX_NAMED_TEXTS texts: every connection keeps each statement it prepared until it
 *   closes, so the set must be bounded; texts beyond it, and calls asked not to `prepare` (texts
 *   that vary with the input, such as a search's words), run unnamed (parsed and planned per call).
 *
 * Both run unnamed on the embedded database (see `runStatement`).
 */

const dialect = new PgDialect({ casing: 'snake_case' });

/** Runs one statement; named (prepared once per connection) when `name` is given. */
async function runStatement<Row extends pg.QueryResultRow>(
  client: pg.Pool | pg.ClientBase,
  embedded: boolean,
  name: string | undefined,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  // The embedded database (PGlite behind the loopback bridge) has one session that every pool
  // connection shares, so a statement one connection prepared already exists when another, which
  // has not seen it, prepares it again: there every statement runs unnamed.
  const prepared = embedded ? undefined : name;
  const { rows } = await client.query<Row>(
    prepared === undefined ? { text, values } : { name: prepared, text, values },
  );
  return rows;
}

export interface FixedStatement<Row> {
  name: string;
  text: string;
  params: unknown[];
  /** Only carries the row type. */
  readonly row?: Row;
}

const fixedNames = new Set<string>();

/** A statement whose text is built now, once; `name` is unique among fixed statements. */
export function fixedStatement<Row>(name: string, query: SQLWrapper): FixedStatement<Row> {
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new Error(`a fixed statement's name must be snake_case: ${name}`);
  if (fixedNames.has(name)) throw new Error(`two fixed statements are named ${name}`);
  fixedNames.add(name);
  const { sql: text, params } = dialect.sqlToQuery(query.getSQL());
  return { name: `bazaar_fixed_${name}`, text, params };
}

/** Runs a fixed statement with its placeholders filled from `values`. */
export function runFixed<Row>(
  client: pg.Pool | pg.ClientBase,
  embedded: boolean,
  statement: FixedStatement<Row>,
  values: Record<string, unknown>,
): Promise<Row[]> {
  const filled = fillPlaceholders(statement.params, values);
  // The row type is the statement's promise (its SELECT list); pg types rows as plain records.
  return runStatement(client, embedded, statement.name, statement.text, filled) as Promise<Row[]>;
}

/** What runFixedThenCommit switches on a pooled client for its two queries (pg's own pipeline mode). */
interface PipelinedClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

/** The socket under a pg client (pg's own `connection` field): corked, several messages leave in one write. */
export function socketOf(client: pg.ClientBase): PipelinedClient['connection']['stream'] {
  return (client as unknown as PipelinedClient).connection.stream;
}

/** Leaves pg's pipeline mode, once every query sent in it has been answered. */
export function endPipeline(client: pg.PoolClient): void {
  (client as unknown as PipelinedClient).pipeline = false;
}

/**
 * Runs a fixed statement, then COMMIT, in the caller's open transaction. On PostgreSQL both are
 * written at once with pg's pipeline mode (switched on for these two queries only: the client is
 * the caller's, idle between its queries), so the server runs the COMMIT right after the statement
 * and the row locks the statement took are held for no round trip to this process. When the
 * statement fails, the server skips to the COMMIT, which then rolls the transaction back, and the
 * statement's error is thrown. On the embedded database they run one after the other.
 */
export async function runFixedThenCommit<Row>(
  client: pg.PoolClient,
  embedded: boolean,
  statement: FixedStatement<Row>,
  values: Record<string, unknown>,
  /** Writes to send first, in the same socket write (see DeferredWrites.start); PostgreSQL only. */
  first?: () => { writes: Array<Promise<void>>; started: boolean },
): Promise<Row[]> {
  if (embedded) {
    const rows = await runFixed(client, embedded, statement, values);
    await client.query('COMMIT');
    return rows;
  }
  const raw = client as unknown as PipelinedClient;
  raw.pipeline = true;
  let writes: Array<Promise<void>> = [];
  let sent: [Promise<Row[]>, Promise<pg.QueryResult>] | undefined;
  const send = (): [Promise<Row[]>, Promise<pg.QueryResult>] => [
    runFixed(client, embedded, statement, values),
    client.query('COMMIT'),
  ];
  raw.connection.stream.cork();
  try {
    const begun = first?.();
    writes = begun?.writes ?? [];
    if (!begun || begun.started) sent = send();
  } finally {
    raw.connection.stream.uncork();
  }
  // A writer that did not issue its statement at once: its statement must go before this one.
  if (!sent) {
    await Promise.all(writes);
    sent = send();
  }
  // All must be answered before the client leaves pipeline mode (it reads their answers in order).
  const [written, [rows, commit]] = await Promise.all([Promise.allSettled(writes), Promise.allSettled(sent)]);
  raw.pipeline = false;
  const failed = written.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
  if (rows.status === 'rejected') throw rows.reason;
  if (commit.status === 'rejected') throw commit.reason;
  if (commit.value.command !== 'COMMIT') throw new Error(`COMMIT answered ${commit.value.command}`);
  return rows.value;
}

/**
 * BEGIN without its own round trip: the client is put in pg's pipeline mode for the transaction
 * (each query is written at once, with its own Sync, and answered in order; the transaction's
 * code awaits its queries one by one as before), and BEGIN is held in the socket's buffer while
 * `work` starts, so it leaves in one write with the work's first statement. A failed BEGIN fails
 * the statements behind it, and its error is the one thrown. The caller ends pipeline mode once
 * the transaction's last query (COMMIT or ROLLBACK) has been answered.
 */
export async function withPipelinedBegin<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  const raw = client as unknown as PipelinedClient;
  raw.pipeline = true;
  raw.connection.stream.cork();
  let begun: Promise<unknown>;
  let running: Promise<T>;
  try {
    begun = client.query('BEGIN');
    running = work();
  } catch (error) {
    begun ??= Promise.resolve();
    running = Promise.reject(error);
  } finally {
    raw.connection.stream.uncork();
  }
  running.catch(() => {}); // when BEGIN fails, its error is the one thrown
  await begun;
  return running;
}

/** Runs fixed statements: a transaction (Tx), or the statements of DatabaseHandle.together. */
export interface StatementRunner {
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Statements that do not wait for each other's answers, each on its own (no transaction: each is
 * its own implicit one, with its own snapshot), sent in ONE socket write on one pool connection
 * (pg's pipeline mode: PostgreSQL runs them in order) instead of one round trip each. `issue`
 * must issue them before its first await to share the write; one it issues later goes out at
 * once, on the same connection. The connection goes back to the pool once every statement issued
 * has been answered. On the embedded database they run on the pool, one after the other.
 */
export async function runTogether<T>(
  pool: pg.Pool,
  embedded: boolean,
  issue: (runner: StatementRunner) => Promise<T>,
): Promise<T> {
  if (embedded) return issue({ run: (statement, values) => runFixed(pool, embedded, statement, values) });
  const client = await pool.connect();
  const raw = client as unknown as PipelinedClient;
  const issued: Array<Promise<unknown>> = [];
  const runner: StatementRunner = {
    run(statement, values) {
      const rows = runFixed(client, embedded, statement, values);
      issued.push(rows);
      return rows;
    },
  };
  raw.pipeline = true;
  raw.connection.stream.cork();
  let result: Promise<T>;
  try {
    result = issue(runner);
  } catch (error) {
    result = Promise.reject(error); // thrown before any promise: the client is still released below
  } finally {
    raw.connection.stream.uncork();
  }
  try {
    return await result;
  } finally {
    // Every statement issued is answered before the client leaves pipeline mode.
    for (let waited = 0; waited < issued.length;) {
      const pending = issued.slice(waited);
      waited = issued.length;
      await Promise.allSettled(pending);
    }
    endPipeline(client);
    client.release();
  }
}

/** Distinct per-call texts that get a name; later new texts run unnamed. */
const MAX_NAMED_TEXTS = 200;
const nameOfText = new Map<string, string>();

function nameForText(text: string): string | undefined {
  const known = nameOfText.get(text);
  if (known !== undefined || nameOfText.size >= MAX_NAMED_TEXTS) return known;
  const name = `bazaar_text_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  nameOfText.set(text, name);
  return name;
}

/** Runs `query`, built by the caller for this call; named by its text when `prepare` is true. */
export function preparedRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  query: SQL,
  { embedded, prepare }: { embedded: boolean; prepare: boolean },
): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return runStatement<Row>(pool, embedded, prepare ? nameForText(text) : undefined, text, params);
}

/**
 * A library's statement (pg-boss's job insert, fetch and completion) as a query config: named by
 * its text, so PostgreSQL parses and plans it once per connection, when `named` and it has
 * parameters (a text without any may hold several statements, which a prepared statement cannot).
 */
export function queryByText(text: string, values: unknown[] | undefined, named: boolean): pg.QueryConfig {
  const name = named && values && values.length > 0 ? nameForText(text) : undefined;
  return name === undefined ? { text, values } : { name, text, values };
}
