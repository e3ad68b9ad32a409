/**
 * `npm run bench:contention [-- --buyers 100 --units 500 --warmup 20]`: issue 13's contention row. One
 * API process (with its worker) on a fresh database created next to DATABASE_URL's (dropped
 * afterwards) and REDIS_URL when set. For `warmup` seconds, as many other customers check out three
 * other variants (not measured). Then `buyers` customers want one variant with `units` units in
 * stock, all at once: each customer loops "add one unit, place a COD order" until the add or the
 * order answers 409 OUT_OF_STOCK. Reports the p50 / p99 of the order call (and of the add), the
 * time to sell out, every unexpected answer, and checks the outcome: exactly `units` units sold
 * (order lines, stock left, ORDER ledger), no stock below zero. Exits 1 when a check fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { replaceBenchmarksSection } from './benchmarks-doc';
import {
  BENCH_ADDRESS,
  CHECKOUT_WARMUP_S,
  closeShopperSockets,
  postAsShopper,
  prepareShoppers,
} from './checkout-shoppers';
import { waitReady } from './cluster';

const root = path.resolve(import.meta.dirname, '..');

export interface ContentionResult {
  buyers: number;
  units: number;
  seconds: number;
  orders: { count: number; p50: number; p99: number; max: number };
  adds: { count: number; p50: number; p99: number };
  unexpected: string[];
  correct: boolean;
  checks: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted.at(-1) ?? 0),
  };
};

const ORDER = { shippingAddress: BENCH_ADDRESS, paymentMethod: 'COD' };

async function timed(url: string, token: string, body: object) {
  const began = performance.now();
  const { status, text } = await postAsShopper(url, token, JSON.stringify(body));
  const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? '';
  return { status, code, ms: performance.now() - began };
}

export async function runContention(options: {
  buyers: number;
  units: number;
  /** Seconds of checkouts of other variants by other customers before the sale (0: none). */
  warmup: number;
}): Promise<ContentionResult> {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL) throw new Error('needs DATABASE_URL (users are inserted into the database)');
  const secret = process.env.JWT_ACCESS_SECRET ?? 'bench-access-secret-bench-access-secret-000';
  const name = `bazaar_contention_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(DATABASE_URL);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let server: ChildProcess | undefined;
  try {
    server = spawn(process.execPath, ['scripts/start.mjs', 'server'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ...(REDIS_URL ? { REDIS_URL } : {}),
        JWT_ACCESS_SECRET: secret,
        JWT_REFRESH_SECRET: process.env.JWT_REFRESH_SECRET ?? 'bench-refresh-secret-bench-refresh-secret-00',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '100000000',
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(`${base}/health/ready`, server);
    // Other customers shop for other variants first (not measured): the sale then starts on a
    // process that has been serving, as a flash sale does, not on one that just started.
    if (options.warmup > 0) {
      const warm = await prepareShoppers({
        databaseUrl,
        jwtSecret: secret,
        baseUrl: base,
        customers: options.buyers,
        hotVariants: 3,
        stock: 1_000_000,
        label: 'contention-warm-up',
      });
      const until = performance.now() + options.warmup * 1000;
      await Promise.all(
        warm.customers.map(async (token, i) => {
          while (performance.now() < until) {
            const variant = warm.variantIds[i % warm.variantIds.length]!;
            const add = await timed(`${base}/api/v1/cart/items`, token, { variantId: variant, quantity: 1 });
            if (add.status >= 300) throw new Error(`warm-up add answered ${add.status} ${add.code}`);
            const order = await timed(`${base}/api/v1/orders`, token, ORDER);
            if (order.status !== 201) throw new Error(`warm-up order answered ${order.status} ${order.code}`);
          }
        }),
      );
    }
    const { customers, variantIds } = await prepareShoppers({
      databaseUrl,
      jwtSecret: secret,
      baseUrl: base,
      customers: options.buyers,
      hotVariants: 1,
      stock: options.units,
      label: 'contention',
    });
    const variantId = variantIds[0]!;
    const orderMs: number[] = [];
    const addMs: number[] = [];
    const unexpected = new Map<string, number>();
    const note = (what: string) => unexpected.set(what, (unexpected.get(what) ?? 0) + 1);
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    // Every buyer at once, each until the variant is sold out (for it).
    await Promise.all(
      customers.map(async (token) => {
        for (;;) {
          const add = await timed(`${base}/api/v1/cart/items`, token, { variantId, quantity: 1 });
          addMs.push(add.ms);
          if (add.status === 409 && add.code === 'OUT_OF_STOCK') return;
          if (add.status >= 300) return note(`POST /cart/items: ${add.status} ${add.code}`);
          const order = await timed(`${base}/api/v1/orders`, token, ORDER);
          orderMs.push(order.ms);
          if (order.status === 409 && order.code === 'OUT_OF_STOCK') return;
          if (order.status !== 201) return note(`POST /orders: ${order.status} ${order.code}`);
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `load generator CPU during the sale: ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of a core`,
    );
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    try {
      const r = (
        await check.query<{ sold: number; left: number; ledger: number; negative: number; orders: number }>(
          `SELECT
             (SELECT coalesce(sum(quantity), 0)::int FROM order_items WHERE variant_id = $1) AS sold,
             (SELECT stock FROM stock_levels WHERE variant_id = $1) AS left,
             (SELECT coalesce(-sum(delta), 0)::int FROM stock_movements WHERE variant_id = $1 AND reason = 'ORDER') AS ledger,
             (SELECT count(*)::int FROM stock_levels WHERE stock < 0) AS negative,
             (SELECT count(DISTINCT order_id)::int FROM order_items WHERE variant_id = $1) AS orders`,
          [variantId],
        )
      ).rows[0]!;
      const checks = [
        `units sold (order lines) ${r.sold} == units in stock at the start ${options.units}: ${r.sold === options.units ? 'yes' : 'NO'}`,
        `stock left ${r.left} == 0: ${r.left === 0 ? 'yes' : 'NO'}`,
        `ORDER ledger ${r.ledger} == units sold: ${r.ledger === r.sold ? 'yes' : 'NO'}`,
        `variants with negative stock: ${r.negative}`,
        `orders ${r.orders}`,
      ];
      return {
        buyers: options.buyers,
        units: options.units,
        seconds,
        orders: summary(orderMs),
        adds: summary(addMs),
        unexpected: [...unexpected].map(([what, n]) => `${n} × ${what}`),
        correct:
          r.sold === options.units &&
          r.left === 0 &&
          r.ledger === r.sold &&
          r.negative === 0 &&
          unexpected.size === 0,
        checks,
      };
    } finally {
      await check.end();
    }
  } finally {
    if (server && server.exitCode === null) {
      await new Promise((resolve) => {
        server!.once('exit', resolve);
        server!.kill('SIGTERM');
      });
    }
    closeShopperSockets();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

export function contentionTable(result: ContentionResult): string {
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, load average ${load} (shared machine), Node ${process.version}, PostgreSQL${process.env.REDIS_URL ? ' + Redis' : ''}, ${result.buyers} buyers on ${result.units} units of one variant.`,
    '',
    '| sold out in s | order calls | order p50 ms | order p99 ms | order max ms | adds | add p99 ms | unexpected answers | correct |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${result.seconds.toFixed(1)} | ${result.orders.count} | ${result.orders.p50} | ${result.orders.p99} | ${result.orders.max} | ${result.adds.count} | ${result.adds.p99} | ${result.unexpected.length === 0 ? 'none' : result.unexpected.join(', ')} | ${result.correct ? 'yes' : 'NO'} |`,
    '',
    ...result.checks.map((check) => `- ${check}`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      buyers: { type: 'string', default: '100' },
      units: { type: 'string', default: '500' },
      warmup: { type: 'string', default: String(CHECKOUT_WARMUP_S) },
      write: { type: 'boolean', default: false },
    },
  });
  const result = await runContention({
    buyers: Number(values.buyers),
    units: Number(values.units),
    warmup: Number(values.warmup),
  });
  const table = contentionTable(result);
  console.log(`\n${table}\n`);
  if (values.write) await replaceBenchmarksSection('contention', table);
  if (!result.correct) process.exitCode = 1;
}
