import { fillPlaceholders, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';

/**
 * A hot path's statement whose SQL text is built once, when its module loads, instead of on every
 * call (building it was a fifth of the checkout's CPU): written with Drizzle's `sql` and tables as
 * usual, its varying values as `sql.placeholder('name')`, filled per call. On PostgreSQL it runs
 * as a named prepared statement, parsed and planned once per connection. On the embedded database
 * every pool connection shares PGlite's one session, so two connections preparing one name would
 * collide: there it runs unnamed.
 */
export interface FixedStatement<Row> {
  name: string;
  text: string;
  params: unknown[];
  /** Only carries the row type. */
  readonly row?: Row;
}

const fixedDialect = new PgDialect({ casing: 'snake_case' });
const fixedNames = new Set<string>();

export function fixedStatement<Row>(name: string, query: SQLWrapper): FixedStatement<Row> {
  if (fixedNames.has(name)) throw new Error(`two fixed statements are named ${name}`);
  fixedNames.add(name);
  const { sql: text, params } = fixedDialect.sqlToQuery(query.getSQL());
  return { name: `bazaar_${name}`, text, params };
}

export async function runFixed<Row>(
  client: pg.Pool | pg.PoolClient,
  embedded: boolean,
  statement: FixedStatement<Row>,
  values: Record<string, unknown>,
): Promise<Row[]> {
  const { rows } = await client.query({
    ...(embedded ? {} : { name: statement.name }),
    text: statement.text,
    values: fillPlaceholders(statement.params, values),
  });
  return rows as Row[];
}
