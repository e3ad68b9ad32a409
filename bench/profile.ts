/**
 * `npm run bench:profile -- --only <scenario> [--duration 10] [--warmup N] [--connections 20] [--top 20] [--no-seed] [--after <scenario>]`
 *
 * Where the server's CPU goes under one bench scenario. Builds dist/ if stale, starts the compiled
 * server (as `npm start` runs it) under `node --cpu-prof`, runs the scenario (bench/scenarios, matched
 * by name or file name) with autocannon after its warm-up (as `npm run bench`), stops the server with
 * SIGTERM so V8 writes the profile, and prints the functions with the most self time during the load
 * window only (start-up, the scenario's preparation and its warm-up are cut off), then the same grouped by package. The .cpuprofile file stays
 * in the printed directory for Chrome DevTools or speedscope.
 *
 * `--after checkout` first runs another scenario (its warm-up and duration, not profiled), as the full
 * `npm run bench` does before the next one: where the CPU goes on a server that has just served it.
 *
 * Same environment as `npm run bench`: the embedded database in a temp DATA_DIR (seeded with the demo
 * catalog unless --no-seed), or DATABASE_URL / REDIS_URL when set.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { waitReady } from './cluster';
import { findScenario, type Scenario } from './scenario';

const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    only: { type: 'string', default: 'health/live' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '20' },
    top: { type: 'string', default: '20' },
    seed: { type: 'boolean', default: true },
    orders: { type: 'string', default: '0' },
    after: { type: 'string' },
  },
});
process.env.BENCH_ADMIN_EMAIL ??= 'bench-admin@example.com';
process.env.BENCH_ADMIN_PASSWORD ??= 'Bench-admin-password-42';
process.env.JWT_ACCESS_SECRET ??= 'bench-access-secret-bench-access-secret-000';
process.env.JWT_REFRESH_SECRET ??= 'bench-refresh-secret-bench-refresh-secret-00';

const root = path.resolve(import.meta.dirname, '..');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

async function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [command, ...commandArgs], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${command} exited with ${code}`);
}

/** Source maps of our dist/ bundles, so our frames read `src/app.ts:42`, not `dist/server.js:9000`. */
const sourceMaps = new Map<string, SourceMap | null>();

function original(frame: CallFrame): string | undefined {
  const file = frame.url.replace(/^file:\/\//, '');
  if (!file.startsWith(path.join(root, 'dist'))) return undefined;
  if (!sourceMaps.has(file)) {
    try {
      sourceMaps.set(
        file,
        new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload),
      );
    } catch {
      sourceMaps.set(file, null);
    }
  }
  const entry = sourceMaps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry || !('originalSource' in entry)) return undefined;
  // esbuild writes the sources relative to the directory it built in: keep the part from the repo root.
  const source = entry.originalSource.replace(/^file:\/\//, '').replace(/^(\.\.\/)+/, '');
  return `${source}:${entry.originalLine + 1}`;
}

/** Where a call frame lives, short: `fastify/lib/route.js:123`, `src/app.ts:42`, `node:internal/...`. */
function place(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return '';
  const mapped = original(frame);
  if (mapped) return withinPackage(mapped) ?? mapped;
  return `${withinPackage(url) ?? (path.relative(root, url) || url)}:${frame.lineNumber + 1}`;
}

/** `fastify/lib/route.js…` for a path inside node_modules (bundled into dist/ or not), else undefined. */
function withinPackage(file: string): string | undefined {
  const modules = `/${file}`.lastIndexOf('/node_modules/');
  return modules >= 0 ? `/${file}`.slice(modules + '/node_modules/'.length) : undefined;
}

/** The package a frame belongs to: an npm package, `bazaar` (our code), `node` or a V8 pseudo-frame. */
function owner(frame: CallFrame): string {
  const url = frame.url;
  // A package bundled into dist/ is named by its source map.
  const inPackage = withinPackage(original(frame) ?? url.replace(/^file:\/\//, ''));
  if (inPackage) {
    const rest = inPackage.split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:') || (!url && frame.functionName && !frame.functionName.startsWith('(')))
    return 'node (built-in)';
  if (!url) return frame.functionName || '(anonymous)';
  return 'bazaar';
}

/** Self time per function and per package, over the samples taken at or after `fromUs`. */
export function summarize(profile: CpuProfile, fromUs: number, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfByFunction = new Map<string, number>();
  const selfByOwner = new Map<string, number>();
  let time = profile.startTime;
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i]!;
    if (time < fromUs) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(profile.samples[i]!)!;
    if (frame.functionName === '(idle)') {
      idle += delta;
      continue;
    }
    busy += delta;
    const key = `${frame.functionName || '(anonymous)'}\t${place(frame)}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + delta);
    const pkg = owner(frame);
    selfByOwner.set(pkg, (selfByOwner.get(pkg) ?? 0) + delta);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const lines = [
    `CPU busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s in the load window.`,
    '',
    '| self ms | of busy | function | where |',
    '|---|---|---|---|',
  ];
  for (const [key, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const [name, where] = key.split('\t');
    lines.push(`| ${(us / 1000).toFixed(0)} | ${pct(us)} | \`${name}\` | ${where ? `\`${where}\`` : ''} |`);
  }
  lines.push('', '| self ms | of busy | package |', '|---|---|---|');
  for (const [pkg, us] of [...selfByOwner].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`| ${(us / 1000).toFixed(0)} | ${pct(us)} | ${pkg} |`);
  return lines.join('\n');
}

/** The scenario's load on the server at `base` (prepared once), for `duration` seconds per call. */
async function loadOf(scenario: Scenario, base: string) {
  const { path: requestPath, ...request } = await scenario.prepare(base);
  return (duration: number) =>
    autocannon({
      url: `${base}${requestPath}`,
      connections: scenario.connections ?? Number(args.connections),
      duration,
      ...request,
    });
}

/** Another scenario's load, as the full run serves it before the next (warm-up + duration). */
async function runFirst(first: Scenario, base: string): Promise<void> {
  const duration = (first.warmup ?? 2) + Number(args.duration);
  const result = await (await loadOf(first, base))(duration);
  console.log(`after ${first.name}: ${Math.round(result.requests.average)} req/s for ${duration} s`);
}

async function main(): Promise<void> {
  const scenario = await findScenario(args.only);
  const { ensureBuilt } = (await import(path.join(root, 'scripts', 'build.mjs'))) as {
    ensureBuilt(entry: string): Promise<string>;
  };
  const serverFile = await ensureBuilt('server');
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-profile-'));
  const dataDir = process.env.DATABASE_URL ? undefined : path.join(profileDir, 'data');
  if (args.seed)
    await run(
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      ['scripts/seed.ts', '--orders', args.orders],
      {
        ...(dataDir ? { DATA_DIR: dataDir } : {}),
      },
    );

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, serverFile], {
    cwd: root,
    env: {
      ...process.env,
      ADMIN_EMAIL: process.env.BENCH_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/health/ready`, server);
    if (args.after) await runFirst(await findScenario(args.after), base);
    const load = await loadOf(scenario, base);
    // As `npm run bench` measures: after the scenario's warm-up, which the window leaves out.
    const warmup = args.warmup === undefined ? (scenario.warmup ?? 2) : Number(args.warmup);
    if (warmup > 0) await load(warmup);
    const loadStarted = performance.now();
    const result = await load(Number(args.duration));
    const stopped = performance.now();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
    const file = (await readdir(profileDir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`the server wrote no profile into ${profileDir}`);
    const profile = JSON.parse(await readFile(path.join(profileDir, file), 'utf8')) as CpuProfile;
    // The profile ends at exit; the load window is the last (exit − load start) of it, minus shutdown.
    const shutdownUs = (performance.now() - stopped) * 1000;
    const fromUs = profile.endTime - shutdownUs - (stopped - loadStarted) * 1000;
    console.log(
      `\n${scenario.name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
        `${result.errors + result.non2xx} errors, load average ${os
          .loadavg()
          .map((n) => n.toFixed(1))
          .join(', ')}\n`,
    );
    console.log(summarize(profile, fromUs, Number(args.top)));
    console.log(`\nprofile: ${path.join(profileDir, file)}`);
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
  }
}

await main();
