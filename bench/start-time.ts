/**
 * `npm run bench:start [-- --runs 5 --fresh] [-- COMMAND ...]`
 *
 * Start-to-ready time: spawns the server (default `node scripts/start.mjs server`, i.e. `npm start`
 * without npm's own start-up), polls /health/ready every 20 ms and records the time from spawn to
 * the first 200, then stops it with SIGTERM. Each run gets a new empty DATA_DIR, so on the embedded
 * database every run is a first start on a fresh data directory; with DATABASE_URL set it measures
 * a start against that (already migrated) database. Prints min / median / max.
 *
 * Ready must mean ready: at once after the first 200, a storefront request (`GET
 * /api/v1/products?limit=1`) must answer 200 with a product list, else the run fails; its latency
 * is printed too (the first API request pays for what a start left undone).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds } from './process-cpu';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' } },
});
const root = path.resolve(import.meta.dirname, '..');
const command = positionals.length > 0 ? positionals : [process.execPath, 'scripts/start.mjs', 'server'];

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The first API request after ready: a product list, answered correctly, and how long it took. */
async function firstApiRequest(base: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(`${base}/api/v1/products?limit=1`, { signal: AbortSignal.timeout(30_000) });
  const body = (await response.json()) as { data?: unknown };
  if (response.status !== 200 || !Array.isArray(body.data)) {
    throw new Error(`GET /api/v1/products after ready answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return performance.now() - began;
}

async function once(): Promise<{ wall: number; cpu: number | undefined; firstRequest: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-start-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const began = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    while (!(await ready(`http://127.0.0.1:${port}/health/ready`))) {
      if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before it was ready`);
      if (performance.now() - began > 60_000) throw new Error('not ready within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const wall = performance.now() - began;
    const cpu = child.pid === undefined ? undefined : cpuSeconds(child.pid);
    return { wall, cpu, firstRequest: await firstApiRequest(`http://127.0.0.1:${port}`) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

const times: number[] = [];
const cpus: number[] = [];
const firstRequests: number[] = [];
for (let i = 0; i < Number(args.warmup); i++) await once();
for (let i = 0; i < Number(args.runs); i++) {
  const { wall, cpu, firstRequest } = await once();
  times.push(wall / 1000);
  firstRequests.push(firstRequest / 1000);
  if (cpu !== undefined) cpus.push(cpu);
  console.log(
    `run ${i + 1}: ${(wall / 1000).toFixed(2)} s${cpu === undefined ? '' : ` (cpu ${cpu.toFixed(2)} s)`}, ` +
      `first GET /api/v1/products ${firstRequest.toFixed(0)} ms`,
  );
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(2)} s, min ${sorted[0]!.toFixed(2)} s, max ${sorted.at(-1)!.toFixed(2)} s`;
};
console.log(
  `start to ready (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded, fresh DATA_DIR'}), ` +
    `${times.length} runs of ${command.join(' ')}\n  wall: ${summary(times)}` +
    (cpus.length > 0 ? `\n  cpu until ready: ${summary(cpus)}` : '') +
    `\n  first API request after ready (200, product list): ${summary(firstRequests)}` +
    `\n  load average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' / ')}`,
);
