/**
 * `npm run bench [-- --duration 10 --warmup 2 --connections 20 --only name --url http://host:port --write]`
 *
 * Starts a bare Fastify server and Bazaar, compiled as `npm start` runs it (embedded database in a temp DATA_DIR, or DATABASE_URL /
 * REDIS_URL when set) as child processes, runs every scenario in bench/scenarios with autocannon,
 * in turns with the bare route with the same settings (see measureInTurns), and prints requests/s,
 * p50, p99 and the ratio to the bare route. Each of them first gets a warm-up of the same load that is
 * not measured (the scenario's `warmup`, default 2 s; `--warmup N` sets it for every run, 0 measures
 * from the first request). `--write` replaces the results table in docs/benchmarks.md.
 * The temp database is seeded first (`npm run seed -- --orders 100000`; `--no-seed` to skip, `--orders N`
 * to change) so the catalog and analytics scenarios run on the demo catalog and a year of orders. Numbers are for reading, not for failing builds.
 * Then, with DATABASE_URL (and REDIS_URL), the two-instance run and the contention run (bench/cluster.ts,
 * bench/contention.ts), then the mail pipeline (bench/mail.ts: sign-ups, checkout confirmations, a 2,000-mail backlog;
 * `--only mail` for just those, or `npm run bench:mail`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { replaceBenchmarksSection } from './benchmarks-doc';
import { CHECKOUT_WARMUP_S } from './checkout-shoppers';
import { clusterTable, runCluster, waitReady } from './cluster';
import { contentionTable, runContention } from './contention';
import { waitIdle } from './process-cpu';
import { peakRssMb, resetPeakRss } from './process-memory';
import { loadScenarios, scenarioMatches } from './scenario';

const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '20' },
    only: { type: 'string' },
    url: { type: 'string' },
    write: { type: 'boolean', default: false },
    seed: { type: 'boolean', default: true },
    orders: { type: 'string', default: '100000' },
  },
});
const duration = Number(args.duration);
/** Seconds of warm-up before each measured run: --warmup, else the scenario's own, else this. */
const DEFAULT_WARMUP = 2;
const warmupArg = args.warmup === undefined ? undefined : Number(args.warmup);
// The analytics scenario logs in as this admin; the server creates it at start-up.
process.env.BENCH_ADMIN_EMAIL ??= 'bench-admin@example.com';
process.env.BENCH_ADMIN_PASSWORD ??= 'Bench-admin-password-42';
// The checkout scenario signs customer tokens itself, so it must share the server's secrets.
process.env.JWT_ACCESS_SECRET ??= 'bench-access-secret-bench-access-secret-000';
process.env.JWT_REFRESH_SECRET ??= 'bench-refresh-secret-bench-refresh-secret-00';
const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const children: ChildProcess[] = [];

/** Runs a TypeScript script through tsx, or a compiled .js file with plain node. */
function start(script: string, env: NodeJS.ProcessEnv, scriptArgs: string[] = []): ChildProcess {
  const command = script.endsWith('.js') ? [script] : [tsx, script];
  const child = spawn(process.execPath, [...command, ...scriptArgs], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** The server's resident memory in MB, from its own /metrics (for --url, where it is not our child). */
async function residentMb(base: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const match = /^(?:\w+_)?process_resident_memory_bytes\s+(\S+)/m.exec(text);
    return match ? Number(match[1]) / 1024 / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server's peak RSS while `work` runs. A server this runner started is read from the kernel
 * (VmHWM, reset first), which costs the server nothing; a scrape of /metrics runs every metric's
 * collector (the job queue depth is a query over pgboss.job), so sampling it every 250 ms took CPU
 * from the scenario it measured. Only --url, where the server is not our child, still samples it.
 */
async function peakRss<T>(
  base: string,
  pid: number | undefined,
  work: Promise<T>,
): Promise<[T, number | undefined]> {
  if (await resetPeakRss(pid)) {
    const result = await work;
    return [result, await peakRssMb(pid)];
  }
  let peak: number | undefined;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const mb = await residentMb(base);
      if (mb !== undefined) peak = Math.max(peak ?? 0, mb);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const result = await work.finally(() => (done = true));
  await sampling;
  return [result, peak];
}

/** What autocannon sends to one server, and the seconds of the same load before it is measured. */
interface Target {
  url: string;
  options: Omit<autocannon.Options, 'url'>;
  warmup: number;
}

function load(target: Target, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: target.url, connections, duration: seconds, ...target.options });
}

/** Runs of one target as one result: req/s over them all, the median run's p50, the worst run's p99. */
function combined(runs: autocannon.Result[]): Result {
  const p50s = runs.map((run) => run.latency.p50).sort((a, b) => a - b);
  return {
    rps:
      runs.reduce((sum, run) => sum + run.requests.total, 0) /
      runs.reduce((sum, run) => sum + run.duration, 0),
    p50: p50s[Math.floor(p50s.length / 2)]!,
    p99: Math.max(...runs.map((run) => run.latency.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
  };
}

/** Turns of the bare route and of a scenario in one measured run (measureInTurns). */
const TURNS = 3;

/**
 * The bare route and the scenario, each after its warm-up (the same load, not measured: the runs
 * compare steady states, not the first seconds of a process while V8 still compiles the path; see
 * docs/benchmarks.md, "Warm-up"), then measured in turns: bare, scenario, bare, ..., TURNS of each
 * and --duration in all for each. On a shared machine whose speed drifts from one minute to the
 * next, one run of each after the other put the two sides of a ratio in different minutes
 * (docs/benchmarks.md, "Measured in turns"). A `continuous` scenario (the checkout: its figure is
 * orders per second under steady load, not a ratio) runs in one piece, after the bare route.
 */
async function measureInTurns(
  bare: Target,
  scenario: Target,
  connections: number,
  continuous: boolean,
): Promise<[Result, Result]> {
  const warm = (target: Target) => (target.warmup > 0 ? load(target, connections, target.warmup) : undefined);
  await warm(bare);
  if (continuous) {
    const bareRun = await load(bare, connections, duration);
    await warm(scenario);
    return [combined([bareRun]), combined([await load(scenario, connections, duration)])];
  }
  await warm(scenario);
  const bareRuns: autocannon.Result[] = [];
  const scenarioRuns: autocannon.Result[] = [];
  for (let turn = 0; turn < TURNS; turn++) {
    bareRuns.push(await load(bare, connections, duration / TURNS));
    scenarioRuns.push(await load(scenario, connections, duration / TURNS));
  }
  return [combined(bareRuns), combined(scenarioRuns)];
}

async function main(): Promise<void> {
  const bare = start(path.join('bench', 'bare-server.ts'), {}, ['0']);
  const barePort = await new Promise<number>((resolve) => {
    bare.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  const bareUrl = `http://127.0.0.1:${barePort}/`;

  let base = args.url;
  let dataDir: string | undefined;
  let server: ChildProcess | undefined;
  if (!base) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-bench-'));
    if (args.seed) {
      const seed = start(path.join('scripts', 'seed.ts'), { DATA_DIR: dataDir }, ['--orders', args.orders]);
      seed.stdout!.pipe(process.stdout);
      const code = await new Promise<number | null>((resolve) => seed.on('exit', resolve));
      if (code !== 0) throw new Error(`seed failed with exit code ${code}`);
    }
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // The compiled server, as `npm start` runs it (built first when missing or stale).
    const { ensureBuilt } = (await import(path.join(root, 'scripts', 'build.mjs'))) as {
      ensureBuilt(entry: string): Promise<string>;
    };
    server = start(await ensureBuilt('server'), {
      ADMIN_EMAIL: process.env.BENCH_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      NODE_ENV: 'development',
    });
    base = `http://127.0.0.1:${port}`;
  }
  await waitReady(`${base}/health/ready`, server);
  await waitReady(bareUrl, bare);

  const scenarios = await loadScenarios();
  const rows: string[] = [];
  const mode = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
  const cache = process.env.REDIS_URL ? 'Redis' : 'in-process cache';
  console.log(
    `\nBazaar at ${base} (${args.url ? 'external' : `${mode}, ${cache}`}), ${duration} s per run\n`,
  );

  for (const entry of scenarios) {
    const { scenario } = entry;
    if (args.only && !scenarioMatches(entry, args.only)) continue;
    const connections = scenario.connections ?? Number(args.connections);
    let request;
    try {
      request = await scenario.prepare(base);
    } catch (error) {
      console.log(`- ${scenario.name}: skipped (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const { path: requestPath, ...rest } = request;
    // Each scenario (and its bare run) starts on an idle server, not one still draining the last.
    // 15 s was too short: full runs on 2026-12-02 waited up to 42 s, and once measured beside a
    // server still busy after the checkout run.
    const waited = await waitIdle(server?.pid, IDLE_LIMIT_MS);
    if (waited !== undefined && waited >= IDLE_LIMIT_MS)
      console.log(`  (the server was still busy after ${waited} ms: measured anyway)`);
    else if (waited !== undefined && waited > 600)
      console.log(`  (waited ${waited} ms for the server to go idle)`);
    const [[bareResult, result], rss] = await peakRss(
      base,
      server?.pid,
      measureInTurns(
        { url: bareUrl, options: {}, warmup: warmupArg ?? DEFAULT_WARMUP },
        {
          url: `${base}${requestPath}`,
          options: rest,
          warmup: warmupArg ?? scenario.warmup ?? DEFAULT_WARMUP,
        },
        connections,
        scenario.continuous ?? false,
      ),
    );
    const ratio = result.rps / bareResult.rps;
    const row = `| ${scenario.name} | ${connections} | ${Math.round(result.rps)} | ${result.p50} | ${result.p99} | ${Math.round(bareResult.rps)} | ${bareResult.p99} | ${(ratio * 100).toFixed(1)}% | ${rss === undefined ? '–' : Math.round(rss)} | ${result.errors} |`;
    rows.push(row);
    console.log(row);
  }

  const header = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${mode}, ${cache}, ${duration} s per scenario (in ${TURNS} turns with the bare route, the checkout in one piece) after ${warmupArg === undefined ? `a warm-up of the same load (checkout ${CHECKOUT_WARMUP_S} s, the others ${DEFAULT_WARMUP} s)` : `${warmupArg} s of warm-up`}.`,
    '',
    `Load average at the end: ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(', ')}.`,
    '',
    '| scenario | conns | req/s | p50 ms | p99 ms | bare req/s | bare p99 ms | vs bare | peak RSS MB | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const table = [...header, ...rows].join('\n');
  console.log(`\n${table}\n`);

  if (args.write) await replaceBenchmarksSection('results', table);
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  await clusterRun();
  await contentionRun();
  await mailRun();
}

/** The longest wait for the server to go idle before a scenario. */
const IDLE_LIMIT_MS = 60_000;

/** The mail pipeline scenarios of `npm run bench:mail` (bench/mail.ts), in a process of their own. */
async function mailRun(): Promise<void> {
  if (args.url || (args.only && !'mail'.includes(args.only))) return;
  const mail = spawn(
    process.execPath,
    [tsx, path.join('bench', 'mail.ts'), ...(args.write ? ['--write'] : [])],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const code = await new Promise<number | null>((resolve) => mail.on('exit', resolve));
  if (code !== 0) console.log(`- mail scenarios failed (exit code ${code})`);
}

/** 100 buyers on 500 units of one variant (bench/contention.ts); needs DATABASE_URL. */
async function contentionRun(): Promise<void> {
  if (args.url || (args.only && !'contention'.includes(args.only))) return;
  if (!process.env.DATABASE_URL) return console.log('- contention: skipped (needs DATABASE_URL)');
  const result = await runContention({ buyers: 100, units: 500, warmup: warmupArg ?? CHECKOUT_WARMUP_S });
  const table = contentionTable(result);
  console.log(`\n100 buyers on 500 units:\n\n${table}\n`);
  if (args.write) await replaceBenchmarksSection('contention', table);
}

/** Two API processes and a worker behind a round-robin proxy (bench/cluster.ts); needs both services. */
async function clusterRun(): Promise<void> {
  if (args.url || (args.only && !'cluster'.includes(args.only))) return;
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL)
    return console.log('- two-instance checkout: skipped (needs DATABASE_URL and REDIS_URL)');
  const options = { duration, connections: Number(args.connections), warmup: warmupArg ?? CHECKOUT_WARMUP_S };
  const table = clusterTable(await runCluster(options), options);
  console.log(`\ntwo instances behind a round-robin proxy:\n\n${table}\n`);
  if (args.write) await replaceBenchmarksSection('cluster', table);
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
