/**
 * `npm run bench:cpu -- --a <dir> --b <dir> [--only health] [--duration 4] [--rounds 3]`
 *
 * Server CPU per request, A/B: starts the compiled server (`dist/server.js`) of two checkouts
 * (e.g. main's and yours) and a bare Fastify route side by side on DATABASE_URL / REDIS_URL, then,
 * for each scenario of bench/scenarios matched by --only and each round, loads each server in turn for the same time (alternating who goes first) with autocannon, and reads each
 * server process's CPU time (utime + stime from /proc/<pid>/stat) before and after. CPU time per
 * request is steadier than req/s on a machine others share; req/s and its ratio to the bare route
 * are printed too, with the load average. With DATABASE_URL set (the database both servers use), the
 * CPU of that database's PostgreSQL backends over each run is reported per request as well
 * ("pg"): for a query-bound route, the part of the work the server's own CPU does not show.
 * `--b-database <name>` runs B on another database of the same server (e.g. a copy with B's
 * migrations, `CREATE DATABASE x TEMPLATE y`), so a schema change is measured against the schema
 * before it; each server's backends are those of its own database. `--after <scenario>`
 * (repeatable) has both servers serve other scenarios first (`--after-duration` seconds each, not
 * measured), so the measured route runs on code that has seen other routes, as in the full run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { waitReady } from './cluster';
import { cpuSeconds } from './process-cpu';
import { findScenario, loadScenarios, scenarioMatches } from './scenario';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    only: { type: 'string', default: 'health' },
    duration: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    /** Requests per second for every server (autocannon's overallRate): same batching for A and B. */
    rate: { type: 'string' },
    /** B's database (same server and credentials as DATABASE_URL); A uses DATABASE_URL's. */
    'b-database': { type: 'string' },
    after: { type: 'string', multiple: true, default: [] },
    'after-duration': { type: 'string', default: '8' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

/** CPU seconds of a server under test, which must still be running. */
function serverCpu(pid: number): number {
  const seconds = cpuSeconds(pid);
  if (seconds === undefined) throw new Error(`process ${pid} is gone`);
  return seconds;
}

function startNode(argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

interface Target {
  label: string;
  pid: number;
  base: string;
  /** The database the server uses (its backends' CPU is counted); undefined: DATABASE_URL's. */
  database?: string;
}

async function startServer(label: string, dir: string, database?: string): Promise<Target> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://localhost/');
  if (database) url.pathname = `/${database}`;
  const child = startNode([path.join(dir, 'dist', 'server.js')], {
    ...(database ? { DATABASE_URL: url.toString() } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    NODE_ENV: 'development',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/health/ready`, child);
  return { label, pid: child.pid!, base, database };
}

async function startBare(): Promise<Target> {
  const child = startNode(['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts'), '0'], {});
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { label: 'bare', pid: child.pid!, base: `http://127.0.0.1:${port}` };
}

async function load(url: string, options: object, duration: number) {
  const connections = Number(args.connections);
  const rate = args.rate ? { overallRate: Number(args.rate) } : {};
  const result = await autocannon({ url, connections, duration, ...rate, ...options });
  return {
    requests: result.requests.total,
    rps: result.requests.total / duration,
    errors: result.errors + result.non2xx,
  };
}

/** Reads the database's backends, when DATABASE_URL is set; undefined otherwise. */
let database: pg.Client | undefined;

/** CPU seconds of each PostgreSQL backend of a database (default: DATABASE_URL's; not this client). */
async function backendCpu(name?: string): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (!database) return cpu;
  const { rows } = await database.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = coalesce($1, current_database()) AND pid <> pg_backend_pid()',
    [name ?? null],
  );
  for (const { pid } of rows) cpu.set(pid, cpuSeconds(pid) ?? 0);
  return cpu;
}

async function measure(target: Target, requestPath: string, options: object, duration: number) {
  const before = serverCpu(target.pid);
  const pgBefore = await backendCpu(target.database);
  const result = await load(`${target.base}${requestPath}`, options, duration);
  const cpuUs = ((serverCpu(target.pid) - before) / result.requests) * 1e6;
  // Backends that started during the run count from 0; those that ended are lost (pools keep theirs).
  let pgSeconds = 0;
  for (const [pid, seconds] of await backendCpu(target.database))
    pgSeconds += seconds - (pgBefore.get(pid) ?? 0);
  return { ...result, cpuUs, pgUs: (pgSeconds / result.requests) * 1e6 };
}

async function main(): Promise<void> {
  if (!args.a || !args.b)
    throw new Error('--a <dir> and --b <dir> (checkouts with a built dist/) are required');
  if (process.env.DATABASE_URL) {
    database = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await database.connect();
  }
  const bare = await startBare();
  const servers = [await startServer('A', args.a), await startServer('B', args.b, args['b-database'])];
  const seconds = Number(args.duration);
  for (const name of args.after) await serveFirst(name, servers);
  for (const entry of await loadScenarios()) {
    const { scenario } = entry;
    if (!scenarioMatches(entry, args.only!)) continue;
    console.log(`\n${scenario.name}: ${seconds} s per run, A = ${args.a}, B = ${args.b}`);
    const prepared = await Promise.all(servers.map((server) => scenario.prepare(server.base)));
    for (const [i, server] of servers.entries()) {
      const { path: requestPath, ...options } = prepared[i]!;
      await load(`${server.base}${requestPath}`, options, 2); // warm-up
    }
    const cpu: Record<string, number[]> = { A: [], B: [], bare: [] };
    const pgCpu: Record<string, number[]> = { A: [], B: [] };
    const ratios: Record<string, number[]> = { A: [], B: [] };
    for (let round = 0; round < Number(args.rounds); round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      const bareRun = await measure(bare, '/', {}, seconds);
      cpu.bare!.push(bareRun.cpuUs);
      for (const i of order) {
        const { path: requestPath, ...options } = prepared[i]!;
        const run = await measure(servers[i]!, requestPath, options, seconds);
        cpu[servers[i]!.label]!.push(run.cpuUs);
        pgCpu[servers[i]!.label]!.push(run.pgUs);
        ratios[servers[i]!.label]!.push(run.rps / bareRun.rps);
        console.log(
          `round ${round + 1} ${servers[i]!.label}: ${run.cpuUs.toFixed(1)} µs CPU/request` +
            (database ? ` (pg ${run.pgUs.toFixed(1)} µs)` : '') +
            `, ${Math.round(run.rps)} req/s` +
            ` (bare ${Math.round(bareRun.rps)} req/s, ${bareRun.cpuUs.toFixed(1)} µs: ${((run.rps / bareRun.rps) * 100).toFixed(1)}%)` +
            `, errors ${run.errors}, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
    for (const label of ['A', 'B', 'bare']) {
      const ratio = ratios[label]
        ? `, ratio to bare median ${(median(ratios[label]) * 100).toFixed(1)}%`
        : '';
      const pgMedian = database && pgCpu[label] ? ` (pg ${median(pgCpu[label]).toFixed(1)} µs)` : '';
      console.log(`median ${label}: ${median(cpu[label]!).toFixed(1)} µs CPU/request${pgMedian}${ratio}`);
    }
    const paired = cpu.B!.map((b, i) => b / cpu.A![i]!);
    const pgPaired = pgCpu.B!.map((b, i) => b / pgCpu.A![i]!);
    console.log(
      `median of B/A per round: ${median(paired).toFixed(3)}` +
        (database ? `, pg ${median(pgPaired).toFixed(3)}` : '') +
        ` (load ${os
          .loadavg()
          .map((n) => n.toFixed(1))
          .join(', ')})`,
    );
  }
}

/** Another scenario's load on every server, one after the other, not measured (see --after). */
async function serveFirst(name: string, servers: Target[]): Promise<void> {
  const scenario = await findScenario(name);
  for (const server of servers) {
    const { path: requestPath, ...options } = await scenario.prepare(server.base);
    const run = await load(`${server.base}${requestPath}`, options, Number(args['after-duration']));
    console.log(`${server.label} served ${scenario.name} first: ${Math.round(run.rps)} req/s`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await database?.end();
}
