import pg from 'pg';

/**
 * Counts the SQL statements (BEGIN and COMMIT included: each is a round trip) sent through the
 * `pg` driver while `work` runs. Fastify's inject does not carry an AsyncLocalStorage context into
 * the handler, so this counts everything the process sends meanwhile: run one request at a time
 * on an app started with `work: false` (no job worker polling). Test-only: it patches
 * `pg.Client.prototype.query` once, on first use.
 */
let active: string[] | null = null;
let patched = false;

function patch(): void {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    if (active) {
      const first = args[0] as string | { text?: string } | undefined;
      active.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    }
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  patch();
  if (active) throw new Error('countStatements does not nest');
  const statements: string[] = [];
  active = statements;
  try {
    return { result: await work(), statements };
  } finally {
    active = null;
  }
}
