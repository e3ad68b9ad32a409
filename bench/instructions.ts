/**
 * `npm run bench:instructions -- --server <dir>/dist/server.js [--server …] [--bare] [--path /health/live]
 *   [--requests 5000] [--batches 5] [--connections 4] [--idle 30] [--after /other/path …]
 *   [--after-scenario checkout …] [--after-seconds 30] [--node-option --some-v8-flag …]`
 *
 * User-space instructions per request, counted by valgrind (callgrind), so the figure does not move
 * with the machine's load as CPU time does. Each server runs under
 * `valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes`; after a warm-up (four
 * batches' worth of requests), instrumentation is switched on (`callgrind_control -i on`) for each
 * batch of `--requests` requests sent by autocannon at `--connections`, then off, and the counts
 * are dumped. Prints each batch's instructions per request of all threads and of the main thread
 * (the one to compare: the others are mostly V8's background compiles and GC helpers, which go on
 * for a while after the warm-up), and the main thread's count net of its idle rate per second
 * (`--idle` seconds measured without requests; timers and GC, stretched by valgrind's slowness).
 * Later batches run on more optimized code: compare batch by batch. `--bare` measures the bare
 * Fastify route of bench/bare-server.ts. `--after` serves other paths first (any status), so the
 * measured path runs on code that has also seen their shapes; `--after-scenario <name>` first runs a
 * scenario of bench/scenarios for `--after-seconds` (e.g. the checkout's logged-in POSTs with JSON
 * bodies, which `--after` cannot send: GETs only). `--node-option` (repeatable) is passed to each server's node
 * (e.g. a V8 flag under test). Servers get DATABASE_URL /
 * REDIS_URL from the environment, LOG_LEVEL=warn and NODE_ENV=development as `npm run bench`
 * starts them (START_WORKER=false in the environment leaves the job workers' idle work out).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { waitReady } from './cluster';
import { findScenario } from './scenario';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', multiple: true, default: [] },
    bare: { type: 'boolean', default: false },
    path: { type: 'string', default: '/health/live' },
    requests: { type: 'string', default: '5000' },
    batches: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
    /** Seconds of an idle measurement (no requests), subtracted from each batch per second. */
    idle: { type: 'string', default: '30' },
    /** Keep the dump files (for callgrind_annotate) and print where they are. */
    keep: { type: 'boolean', default: false },
    /**
     * Paths served before the warm-up (four batches' worth each, any status), so the measured path
     * runs on a server that has seen other routes, as in production and in the full `npm run bench`.
     */
    after: { type: 'string', multiple: true, default: [] },
    /** Scenarios whose load runs before the warm-up, `after-seconds` each (any status). */
    'after-scenario': { type: 'string', multiple: true, default: [] },
    'after-seconds': { type: 'string', default: '30' },
    'node-option': { type: 'string', multiple: true, default: [] },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const requests = Number(args.requests);
const children: ChildProcess[] = [];

function startUnderValgrind(script: string[], outDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      // One dump per thread: the main thread's count leaves out TurboFan's background compiles.
      '--separate-threads=yes',
      `--callgrind-out-file=${path.join(outDir, 'callgrind.%p')}`,
      process.execPath,
      ...args['node-option'],
      ...script,
    ],
    { cwd: root, env: { ...process.env, HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.resume();
  child.stderr!.resume();
  children.push(child);
  return child;
}

/**
 * callgrind_control finds the server's vgdb pipes by the HOST variable the server ran with (the
 * servers run with HOST=127.0.0.1).
 */
function control(...argv: string[]): void {
  const result = spawnSync('callgrind_control', argv, { env: { ...process.env, HOST: '127.0.0.1' } });
  if (result.status !== 0) throw new Error(`callgrind_control ${argv.join(' ')}: ${String(result.stderr)}`);
}

async function load(url: string, amount: number, anyStatus = false): Promise<void> {
  // Generous timeout: a batch's first requests run while valgrind instruments the code again.
  const result = await autocannon({ url, connections: Number(args.connections), amount, timeout: 120 });
  if ((result.non2xx > 0 && !anyStatus) || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
}

/** A scenario's load for --after-seconds (see --after-scenario; its answers are not checked). */
async function scenarioFirst(name: string, base: string): Promise<void> {
  const scenario = await findScenario(name);
  const { path: requestPath, ...options } = await scenario.prepare(base);
  const result = await autocannon({
    url: `${base}${requestPath}`,
    connections: scenario.connections ?? 20,
    duration: Number(args['after-seconds']),
    timeout: 120,
    ...options,
  });
  console.log(`${scenario.name} first: ${result.requests.total} requests, ${result.non2xx} non-2xx`);
}

/** Instructions (Ir) in the dump files of `outDir` written since `seen`: the main thread's, all threads'. */
function dumpedInstructions(outDir: string, seen: Set<string>): { main: number; all: number } {
  const counts = { main: 0, all: 0 };
  for (const file of readdirSync(outDir)) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(path.join(outDir, file), 'utf8');
    const match = /^totals: (\d+)/m.exec(text);
    if (!match) continue;
    counts.all += Number(match[1]);
    if (file.endsWith('-01')) counts.main += Number(match[1]);
  }
  return counts;
}

async function measure(label: string, script: string[], env: NodeJS.ProcessEnv, url: string) {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'instructions-'));
  const child = startUnderValgrind(script, outDir, env);
  try {
    await waitReady(env.READY_URL ?? url, child, 300_000);
    for (const other of args.after) await load(new URL(other, url).toString(), requests * 4, true);
    for (const name of args['after-scenario']) await scenarioFirst(name, new URL(url).origin);
    await load(url, requests * 4);
    const seen = new Set(readdirSync(outDir));
    const pid = String(child.pid);
    const batches: { instructions: number; all: number; seconds: number }[] = [];
    for (let batch = 0; batch < Number(args.batches); batch++) {
      control('-i', 'on', pid);
      const started = performance.now();
      await load(url, requests);
      const seconds = (performance.now() - started) / 1000;
      control('-i', 'off', pid);
      control('-d', pid);
      const { main, all } = dumpedInstructions(outDir, seen);
      batches.push({ instructions: main, all, seconds });
    }
    // The process's own background work (timers, GC, other threads) over a batch's time without
    // requests: counted apart, since valgrind stretches a batch to minutes.
    const idleSeconds = Number(args.idle);
    let idlePerSecond = 0;
    if (idleSeconds > 0) {
      control('-i', 'on', pid);
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      control('-i', 'off', pid);
      control('-d', pid);
      idlePerSecond = dumpedInstructions(outDir, seen).main / idleSeconds;
    }
    const k = (n: number) => `${(n / 1000).toFixed(1)} k`;
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const raw = batches.map((b) => b.instructions / requests);
    const net = batches.map((b) => (b.instructions - idlePerSecond * b.seconds) / requests);
    const all = batches.map((b) => b.all / requests);
    console.log(
      `${label}: all threads ${all.map(k).join(', ')}; main thread: per request ${raw.map(k).join(', ')} (median ${k(median(raw))}); ` +
        `batches of ${batches.map((b) => b.seconds.toFixed(0)).join(', ')} s; idle ${k(idlePerSecond)}/s; ` +
        `net of idle ${net.map(k).join(', ')} (median ${k(median(net))})`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (args.keep) console.log(`${label}: dumps in ${outDir}`);
    else rmSync(outDir, { recursive: true, force: true });
  }
}

const port = () => 20_000 + Math.floor(Math.random() * 20_000);
try {
  if (args.bare) {
    const p = port();
    await measure(
      'bare',
      ['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts'), String(p)],
      {},
      `http://127.0.0.1:${p}/`,
    );
  }
  for (const server of args.server) {
    const p = port();
    const env = {
      PORT: String(p),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      NODE_ENV: 'development',
      READY_URL: `http://127.0.0.1:${p}/health/ready`,
    };
    await measure(server, [path.resolve(server)], env, `http://127.0.0.1:${p}${args.path}`);
  }
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}
