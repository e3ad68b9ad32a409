import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');

/** Runs `npm start`'s entry point with the given environment and collects how it ended. */
function runServer(env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const begin = Date.now();
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...base } = process.env;
    const child = spawn(process.execPath, [tsx, 'src/server.ts'], {
      env: { ...base, LOG_LEVEL: 'warn', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - begin });
    });
  });
}

describe('start-up failures', () => {
  it('exits non-zero with one clear line when DATABASE_URL points nowhere', async () => {
    const result = await runServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    // Exit code 1, not a kill at the timeout: it gave up on its own (no wall-clock bound here,
    // a loaded two-core machine took 16 s once).
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^bazaar: Cannot connect to the database \(postgres:\/\/postgres@127\.0\.0\.1:1\/nothing\)/,
    );
  });

  it('never prints the database password', async () => {
    const result = await runServer({
      DATABASE_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/nothing',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('exits non-zero naming the variable when the configuration is wrong', async () => {
    const result = await runServer({ PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^bazaar: Invalid configuration: PORT: /);
  });
});
