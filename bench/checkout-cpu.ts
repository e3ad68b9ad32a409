/**
 * `npm run bench:checkout-cpu [-- --server dist/server.js --duration 10 --warmup 3 --customers 20 --worker false]`
 *
 * CPU per order on a shared machine: starts one compiled server (any copy of dist/, so two builds can
 * be measured in the same minutes), lets `customers` shoppers loop "add one unit of a hot variant,
 * POST /orders" over keep-alive connections, and reads the CPU (utime + stime from /proc/<pid>/stat)
 * of the server process, of the PostgreSQL backends serving this database and of this load process
 * itself over the measured window (after the warm-up); the server's idle CPU rate (measured for 3 s
 * before the load) is also reported and subtracted in serverNetMsPerOrder. Latency is reported per call, so the
 * checkout call's p99 is not mixed with the add's. Needs DATABASE_URL (own database) and JWT secrets
 * shared with the server (set here); REDIS_URL optional.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_ADDRESS, closeShopperSockets, postAsShopper, prepareShoppers } from './checkout-shoppers';
import { cpuSeconds } from './process-cpu';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: 'dist/server.js' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    customers: { type: 'string', default: '20' },
    variants: { type: 'string', default: '3' },
    label: { type: 'string', default: '' },
    // 'false': the server runs no job handlers (mail, events), so only the requests' own work counts.
    worker: { type: 'string', default: 'true' },
  },
});
process.env.JWT_ACCESS_SECRET ??= 'bench-access-secret-bench-access-secret-000';
process.env.JWT_REFRESH_SECRET ??= 'bench-refresh-secret-bench-refresh-secret-00';
const databaseUrl = process.env.DATABASE_URL ?? '';
if (!databaseUrl) throw new Error('needs DATABASE_URL');
const root = path.resolve(import.meta.dirname, '..');

/** utime + stime of a process in ms (0 when it is gone). */
const cpuMs = (pid: number): number => (cpuSeconds(pid) ?? 0) * 1000;

async function backendPids(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = spawn(process.execPath, [path.resolve(root, args.server)], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      NODE_ENV: 'development',
      START_WORKER: args.worker,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      if (i > 600) throw new Error('server not ready');
      const ok = await fetch(new URL('/health/ready', base)).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { customers, variantIds } = await prepareShoppers({
      databaseUrl,
      jwtSecret: process.env.JWT_ACCESS_SECRET!,
      baseUrl: base.origin,
      customers: Number(args.customers),
      hotVariants: Number(args.variants),
      stock: 1_000_000,
      label: 'cpu',
    });
    await db.connect();
    // The server's CPU while no request comes (the job worker's polling, timers): subtracted below.
    const idleSeconds = 3;
    const idleStart = cpuMs(server.pid!);
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idleMsPerS = (cpuMs(server.pid!) - idleStart) / idleSeconds;
    const orderBody = JSON.stringify({ shippingAddress: BENCH_ADDRESS, paymentMethod: 'COD' });
    const addUrl = new URL('/api/v1/cart/items', base).href;
    const orderUrl = new URL('/api/v1/orders', base).href;
    let measuring = false;
    let stop = false;
    const addMs: number[] = [];
    const orderMs: number[] = [];
    const failures = new Map<string, number>();
    const shopper = async (token: string, index: number) => {
      let iteration = index;
      while (!stop) {
        const variantId = variantIds[iteration++ % variantIds.length]!;
        const t0 = performance.now();
        const added = (await postAsShopper(addUrl, token, JSON.stringify({ variantId, quantity: 1 }))).status;
        const t1 = performance.now();
        const ordered = (await postAsShopper(orderUrl, token, orderBody)).status;
        const t2 = performance.now();
        if (!measuring) continue;
        addMs.push(t1 - t0);
        orderMs.push(t2 - t1);
        for (const [what, status, want] of [
          ['add', added, 201],
          ['order', ordered, 201],
        ] as const)
          if (status !== want && !(what === 'add' && status === 200))
            failures.set(`${what} ${status}`, (failures.get(`${what} ${status}`) ?? 0) + 1);
      }
    };
    const loops = customers.map((token, i) => shopper(token, i));
    await new Promise((r) => setTimeout(r, Number(args.warmup) * 1000));
    const pids = await backendPids(db);
    const before = { server: cpuMs(server.pid!), pg: pids.map(cpuMs), self: process.cpuUsage() };
    measuring = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, Number(args.duration) * 1000));
    measuring = false;
    const seconds = (performance.now() - started) / 1000;
    const serverMs = cpuMs(server.pid!) - before.server;
    const pgMs = pids.map(cpuMs).reduce((sum, ms, i) => sum + ms - before.pg[i]!, 0);
    const self = process.cpuUsage(before.self);
    const load = os.loadavg()[0]!.toFixed(1);
    stop = true;
    await Promise.all(loops);
    const orders = orderMs.length;
    addMs.sort((a, b) => a - b);
    orderMs.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(2);
    console.log(
      JSON.stringify({
        label: args.label || args.server,
        load,
        orders,
        ordersPerS: Number((orders / seconds).toFixed(1)),
        serverMsPerOrder: f(serverMs / orders),
        serverIdleMsPerS: f(idleMsPerS),
        serverNetMsPerOrder: f((serverMs - idleMsPerS * seconds) / orders),
        pgMsPerOrder: f(pgMs / orders),
        clientMsPerOrder: f((self.user + self.system) / 1000 / orders),
        orderP50: Math.round(percentile(orderMs, 50)),
        orderP99: Math.round(percentile(orderMs, 99)),
        addP99: Math.round(percentile(addMs, 99)),
        failures: Object.fromEntries(failures),
      }),
    );
  } finally {
    await db.end().catch(() => {});
    closeShopperSockets();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode === null ? server.on('exit', r) : r(null)));
  }
}

await main();
