import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';

// Hot read statements as named prepared statements: each pool connection sends the SQL text and
// PostgreSQL parses and plans it once; later calls send only the parameters (Bind/Execute), and
// after five executions PostgreSQL keeps a generic plan when it costs no more than the custom
// ones. Planning was the larger half of an uncached product list's database time.

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * At most this many distinct statements get a name: every connection keeps each one it prepared
 * until it closes, and the filters a caller combines decide the text, so the set must be bounded.
 * Texts beyond it run unnamed (parsed and planned per call, as before).
 */
const MAX_NAMED_STATEMENTS = 200;
const nameOfText = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = nameOfText.get(text);
  if (known !== undefined || nameOfText.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `bazaar_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  nameOfText.set(text, name);
  return name;
}

/**
 * Runs `query` on `pool`, prepared once per connection when `prepare` is true; unnamed otherwise
 * (for texts that vary with the input, such as a search's words). On the embedded database
 * (PGlite behind the loopback bridge) it always runs unnamed: every pool connection shares one
 * PGlite session there, so a statement one connection prepared already exists when another,
 * which has not seen it, prepares it again.
 */
export async function preparedRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  query: SQL,
  { embedded, prepare }: { embedded: boolean; prepare: boolean },
): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = prepare && !embedded ? statementName(text) : undefined;
  const result = await pool.query<Row>(
    name === undefined ? { text, values: params } : { name, text, values: params },
  );
  return result.rows;
}
