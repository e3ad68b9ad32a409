/**
 * `npm run bench:cluster [-- --duration 15 --connections 20 --warmup 20 --write]` (also the last part
 * of `npm run bench` when DATABASE_URL and REDIS_URL are set).
 *
 * Two API processes (START_WORKER=false) and one worker (`npm run worker`) on one PostgreSQL
 * database and one Redis, behind a round-robin HTTP proxy written here. Customers add one unit of
 * one of a few hot variants to their cart and place a COD order, in a loop, through the proxy, so
 * consecutive requests of one customer land on different instances. Reports orders/s, latency,
 * how the requests were split and each process's peak RSS (VmHWM), and checks the result across
 * instances: every order's stock left the variants (units taken == units ordered), the stock
 * ledger agrees, and no stock is negative. Other customers shop for other variants during the
 * warm-up first (not measured, not counted).
 *
 * Runs on a fresh database created next to DATABASE_URL's (dropped afterwards).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { replaceBenchmarksSection } from './benchmarks-doc';
import { CHECKOUT_WARMUP_S, checkoutLoad, prepareShoppers } from './checkout-shoppers';
import { peakRssMb } from './process-memory';

const root = path.resolve(import.meta.dirname, '..');
const HOT_VARIANTS = 3;
const INITIAL_STOCK = 1_000_000;
export interface ClusterResult {
  orders: number;
  ordersPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  split: number[];
  peakRssMb: Record<string, number | undefined>;
  correct: boolean;
  checks: string[];
}

/** Waits until `url` answers 2xx; fails at once when `child` (the process serving it, if ours) exits. */
export async function waitReady(url: string, child?: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready`);
}

/**
 * A round-robin reverse proxy over `targets`; counts the requests each one got, and records every
 * failure (an answer ≥ 400 with its error code, or the upstream's socket error) by request.
 */
function roundRobinProxy(targets: number[]): {
  server: http.Server;
  split: number[];
  failures: Map<string, number>;
} {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const split = targets.map(() => 0);
  const failures = new Map<string, number>();
  const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);
  let next = 0;
  const server = http.createServer((req, res) => {
    const index = next++ % targets.length;
    split[index]!++;
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: targets[index],
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        res.writeHead(status, answer.headers);
        if (status >= 400) {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const code = /"code":"([A-Z_]+)"/.exec(Buffer.concat(chunks).toString())?.[1] ?? '';
            fail(`${req.method} ${req.url} → api ${index + 1}: ${status} ${code}`.trim());
          });
        }
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      fail(`${req.method} ${req.url} → api ${index + 1}: proxy 502 (${error.code ?? error.message})`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return { server, split, failures };
}

function load(
  base: string,
  customers: string[],
  variantIds: string[],
  connections: number,
  duration: number,
) {
  return autocannon({ url: base, connections, duration, ...checkoutLoad(customers, variantIds) });
}

/** Units taken from the variants vs units ordered, the ledger, and no negative stock. */
async function verify(databaseUrl: string, variantIds: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      taken: number;
      ordered: number;
      ledger: number;
      negative: number;
      orders: number;
    }>(
      `SELECT
         (SELECT coalesce(sum($2::int - stock), 0)::int FROM stock_levels WHERE variant_id = ANY($1::uuid[])) AS taken,
         (SELECT coalesce(sum(quantity), 0)::int FROM order_items WHERE variant_id = ANY($1::uuid[])) AS ordered,
         (SELECT coalesce(-sum(delta), 0)::int FROM stock_movements WHERE variant_id = ANY($1::uuid[]) AND reason = 'ORDER') AS ledger,
         (SELECT count(*)::int FROM stock_levels WHERE stock < 0) AS negative,
         (SELECT count(DISTINCT order_id)::int FROM order_items WHERE variant_id = ANY($1::uuid[])) AS orders`,
      [variantIds, INITIAL_STOCK],
    );
    const r = rows[0]!;
    const checks = [
      `units taken from stock ${r.taken} == units ordered ${r.ordered}: ${r.taken === r.ordered ? 'yes' : 'NO'}`,
      `ORDER ledger rows ${r.ledger} == units ordered: ${r.ledger === r.ordered ? 'yes' : 'NO'}`,
      `variants with negative stock: ${r.negative}`,
    ];
    return {
      orders: r.orders,
      correct: r.taken === r.ordered && r.ledger === r.ordered && r.negative === 0,
      checks,
    };
  } finally {
    await client.end();
  }
}

export async function runCluster(options: {
  duration: number;
  connections: number;
  /** Seconds of the same load by other customers on other variants first, not measured (0: none). */
  warmup: number;
}): Promise<ClusterResult> {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL) throw new Error('needs DATABASE_URL and REDIS_URL');
  const secret = process.env.JWT_ACCESS_SECRET ?? 'bench-access-secret-bench-access-secret-000';
  const name = `bazaar_cluster_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(DATABASE_URL);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const children: Array<[string, ChildProcess]> = [];
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_ACCESS_SECRET: secret,
    JWT_REFRESH_SECRET: process.env.JWT_REFRESH_SECRET ?? 'bench-refresh-secret-bench-refresh-secret-00',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
  };
  const launch = (label: string, entry: string, extra: Record<string, string>) => {
    const child = spawn(process.execPath, ['scripts/start.mjs', entry], {
      cwd: root,
      env: { ...env, ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push([label, child]);
    return child;
  };
  let proxy: http.Server | undefined;
  try {
    const ports = [0, 1].map(() => 20_000 + Math.floor(Math.random() * 20_000));
    // The first instance migrates the new database; the others start on it afterwards.
    const first = launch('api 1', 'server', { PORT: String(ports[0]), START_WORKER: 'false' });
    await waitReady(`http://127.0.0.1:${ports[0]}/health/ready`, first);
    const second = launch('api 2', 'server', { PORT: String(ports[1]), START_WORKER: 'false' });
    launch('worker', 'worker', {});
    await waitReady(`http://127.0.0.1:${ports[1]}/health/ready`, second);

    const { server, split, failures } = roundRobinProxy(ports);
    proxy = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const shoppers = (label: string) =>
      prepareShoppers({
        databaseUrl,
        jwtSecret: secret,
        baseUrl: base,
        customers: options.connections,
        hotVariants: HOT_VARIANTS,
        stock: INITIAL_STOCK,
        label,
      });
    if (options.warmup > 0) {
      const warm = await shoppers('cluster-warm-up');
      await load(base, warm.customers, warm.variantIds, options.connections, options.warmup);
    }
    const { customers, variantIds } = await shoppers('cluster');
    split.fill(0);
    failures.clear();
    const result = await load(base, customers, variantIds, options.connections, options.duration);
    const failed = [...failures].map(([what, n]) => `failed: ${n} × ${what}`);
    if (result.timeouts > 0)
      failed.push(`failed: ${result.timeouts} × no answer within autocannon's timeout`);
    console.log(failed.length > 0 ? failed.join('\n') : 'no failed request');
    const checked = await verify(databaseUrl, variantIds);
    const peaks: Record<string, number | undefined> = {};
    for (const [label, child] of children) peaks[label] = await peakRssMb(child.pid);
    return {
      orders: checked.orders,
      ordersPerSecond: checked.orders / options.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      split: [...split],
      peakRssMb: peaks,
      correct: checked.correct,
      checks: checked.checks,
    };
  } finally {
    proxy?.close();
    await Promise.all(
      children.map(
        ([, child]) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve(null);
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

export function clusterTable(
  result: ClusterResult,
  options: { duration: number; connections: number; warmup: number },
): string {
  const rss = Object.entries(result.peakRssMb)
    .map(([label, mb]) => `${label} ${mb === undefined ? '–' : Math.round(mb)} MB`)
    .join(', ');
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, load average ${load} (shared machine), Node ${process.version}, PostgreSQL + Redis, ${options.connections} customers for ${options.duration} s after a ${options.warmup} s warm-up (other customers, other variants).`,
    '',
    '| orders | orders/s | p50 ms | p99 ms | errors | requests per instance | peak RSS | correct across instances |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${result.orders} | ${result.ordersPerSecond.toFixed(1)} | ${result.p50} | ${result.p99} | ${result.errors} | ${result.split.join(' / ')} | ${rss} | ${result.correct ? 'yes' : 'NO'} |`,
    '',
    ...result.checks.map((check) => `- ${check}`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '20' },
      warmup: { type: 'string', default: String(CHECKOUT_WARMUP_S) },
      write: { type: 'boolean', default: false },
    },
  });
  const options = {
    duration: Number(values.duration),
    connections: Number(values.connections),
    warmup: Number(values.warmup),
  };
  const result = await runCluster(options);
  const table = clusterTable(result, options);
  console.log(`\n${table}\n`);
  if (values.write) await replaceBenchmarksSection('cluster', table);
  if (!result.correct) process.exitCode = 1;
}
