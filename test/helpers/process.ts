import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// tsx's loader in this very process (not the tsx CLI, which runs the script in a grandchild that
// a SIGKILL would orphan), so the child's pid is the script's pid.
const tsxLoader = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

export interface Spawned {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (null when killed by a signal) and ms since spawn. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** SIGKILL (unless it already exited) and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs a TypeScript entry (src/server.ts, scripts/seed.ts, ...) in a child process with the given
 * environment on top of this one, minus the service URLs unless `env` sets them.
 */
export function spawnScript(script: string, env: Record<string, string>, args: string[] = []): Spawned {
  const begin = Date.now();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
    env: { ...base, LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - begin })),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** Polls `url` until it answers 2xx (or the process exits, or `timeoutMs` passes). */
export async function waitUntilReady(url: string, proc: Spawned, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready (exited: ${exited}); stderr: ${proc.output().stderr.slice(-2000)}`);
}
