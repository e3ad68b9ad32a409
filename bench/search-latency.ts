/**
 * `npm run bench:search [-- --runs 300 --write]`: storefront search latency without the cache, on
 * the database of DATABASE_URL (seed it first: `npm run seed -- --scale 20 --no-images` for
 * 10,000 products × 12 variants). Builds the app in-process with a cache that never hits, sends
 * each request through the HTTP layer (inject, no socket) one at a time, and prints p50/p95/p99
 * per scenario; then EXPLAIN (ANALYZE, BUFFERS) of every SQL statement one request of each
 * scenario runs. `--write` puts both into docs/benchmarks.md between the search markers.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { startBazaar } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { MemoryCache } from '../src/platform/cache';
import { replaceBenchmarksSection } from './benchmarks-doc';
import { SEARCH_TERMS, SUGGEST_PREFIXES } from './search-terms';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '300' }, write: { type: 'boolean', default: false } },
});

/** Every read misses: the numbers are PostgreSQL's and the app's, never the cache's. */
class NoStoreCache extends MemoryCache {
  override async get<T>(): Promise<T | undefined> {
    return undefined;
  }
  override async set(): Promise<void> {}
}

const SCENARIOS = [
  {
    name: 'search (page of 20)',
    paths: SEARCH_TERMS.map((t) => `/api/v1/products?limit=20&searchTerm=${encodeURIComponent(t)}`),
  },
  {
    name: 'search + facets',
    paths: SEARCH_TERMS.map(
      (t) => `/api/v1/products?limit=20&facets=true&searchTerm=${encodeURIComponent(t)}`,
    ),
  },
  {
    name: 'suggest (as typed)',
    paths: SUGGEST_PREFIXES.map((q) => `/api/v1/search/suggest?q=${encodeURIComponent(q)}`),
  },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (a seeded PostgreSQL database)');
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000000' });
const bazaar = await startBazaar(config, { cache: new NoStoreCache(), work: false });
const pool = bazaar.ctx.database.pool as pg.Pool;
let captured: Array<{ text: string; values: unknown[] }> | null = null;
const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
(pool as unknown as { query: (...a: unknown[]) => unknown }).query = (config: unknown, values?: unknown) => {
  if (captured && config && typeof config === 'object' && 'text' in config) {
    const c = config as { text: string; values?: unknown[] };
    captured.push({ text: c.text, values: (values as unknown[] | undefined) ?? c.values ?? [] });
  }
  return query(config, values);
};

try {
  const { rows } = await pool.query<{ products: number; variants: number }>(
    'SELECT (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM variants)::int AS variants',
  );
  const runs = Number(args.runs);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )}, PostgreSQL, ${rows[0]!.products} products × ${rows[0]!.variants} variants, no cache, ${runs} requests per scenario one at a time (inject: HTTP layer without the socket).`,
    '',
    '| scenario | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
  ];
  const plans: string[] = [];
  const perRequest = ['| scenario | request | median ms |', '|---|---|---|'];
  for (const scenario of SCENARIOS) {
    for (const url of scenario.paths) await bazaar.app.inject({ method: 'GET', url }); // warm-up
    const times: number[] = [];
    const byPath = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
      const url = scenario.paths[i % scenario.paths.length]!;
      const started = performance.now();
      const res = await bazaar.app.inject({ method: 'GET', url });
      const elapsed = performance.now() - started;
      times.push(elapsed);
      byPath.set(url, [...(byPath.get(url) ?? []), elapsed]);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    }
    const medians = [...byPath].map(([url, list]) => ({
      url,
      median: percentile(
        list.sort((a, b) => a - b),
        50,
      ),
    }));
    for (const { url, median } of medians) {
      console.log(`  ${decodeURIComponent(url)}: median ${median.toFixed(1)} ms`);
      perRequest.push(`| ${scenario.name} | \`${decodeURIComponent(url)}\` | ${median.toFixed(1)} |`);
    }
    const slowest = medians.reduce((a, b) => (b.median > a.median ? b : a));
    times.sort((a, b) => a - b);
    const row = `| ${scenario.name} | ${[50, 95, 99, 100].map((p) => percentile(times, p).toFixed(1)).join(' | ')} |`;
    console.log(row);
    lines.push(row);

    captured = [];
    const url = slowest.url;
    await bazaar.app.inject({ method: 'GET', url });
    const statements = captured;
    captured = null;
    plans.push(`### ${scenario.name}, its slowest request: \`GET ${decodeURIComponent(url)}\``, '');
    for (const { text, values } of statements) {
      const explained = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
        values,
      );
      plans.push(
        '```sql',
        text.replace(/\s+/g, ' ').trim(),
        '```',
        '```',
        ...explained.rows.map((r) => r['QUERY PLAN']),
        '```',
        '',
      );
    }
  }
  const section = [...lines, '', 'Median per request:', '', ...perRequest, '', ...plans].join('\n');
  if (args.write) await replaceBenchmarksSection('search', section);
  else console.log(`\n${section}`);
} finally {
  await bazaar.close();
}
