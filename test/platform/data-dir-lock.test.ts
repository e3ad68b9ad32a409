import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnScript, waitUntilReady, type Spawned } from '../helpers/process';

// Real processes on a real embedded data directory (whatever DATABASE_URL says: the lock is about
// PGlite's directory). Every child is killed and awaited in afterAll.
const spawned: Spawned[] = [];
let tmp: string;
let dataDir: string;
let port: number;
let owner: Spawned;

function run(script: string, env: Record<string, string>, args: string[] = []): Spawned {
  const proc = spawnScript(script, env, args);
  spawned.push(proc);
  return proc;
}

const oneLine = (text: string) => text.trim().split('\n');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bazaar-lock-'));
  // A DATA_DIR that does not exist yet: the first start creates it.
  dataDir = path.join(tmp, 'fresh', 'data');
  port = await freePort();
  owner = run('src/server.ts', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
  await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, owner);
}, 90_000);

afterAll(async () => {
  await Promise.all(spawned.map((proc) => proc.kill()));
  await rm(tmp, { recursive: true, force: true });
});

describe('one owner per embedded data directory', () => {
  it('the lock file names the running server', async () => {
    const lock = JSON.parse(await readFile(path.join(dataDir, 'pg.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: owner.child.pid, host: os.hostname() });
  });

  it('refuses a second server, a seed and a migration at once, with one line naming the owner', async () => {
    const otherPort = String(await freePort());
    const [server, seed, migrate] = await Promise.all(
      [
        run('src/server.ts', { DATA_DIR: dataDir, PORT: otherPort, HOST: '127.0.0.1' }),
        run('scripts/seed.ts', { DATA_DIR: dataDir }, ['--no-images']),
        run('scripts/migrate.ts', { DATA_DIR: dataDir }),
      ].map(async (proc) => ({ ...(await proc.exited), ...proc.output() })),
    );
    const named = new RegExp(
      `data directory .* is in use by pid ${owner.child.pid} .*kill ${owner.child.pid}`,
    );
    for (const [result, prefix] of [
      [server!, 'bazaar: '],
      [seed!, 'seed failed: '],
      [migrate!, 'migration failed: '],
    ] as const) {
      expect(result.code).toBe(1);
      expect(oneLine(result.stderr)).toHaveLength(1);
      expect(result.stderr.startsWith(prefix)).toBe(true);
      expect(result.stderr).toMatch(named);
    }
    // The owner never noticed.
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
  }, 60_000);

  it('a busy port is reported before any database is opened', async () => {
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-lock-port-'));
    try {
      const result = await run('src/server.ts', {
        DATA_DIR: otherDir,
        PORT: String(port),
        HOST: '127.0.0.1',
      }).exited;
      expect(result.code).toBe(1);
      expect(existsSync(path.join(otherDir, 'pg'))).toBe(false);
      const { stderr } = spawned.at(-1)!.output();
      expect(oneLine(stderr)).toEqual([
        `bazaar: port ${port} on 127.0.0.1 is already in use (another Bazaar?): stop that program or set PORT to a free port`,
      ]);
      // No lock left behind in the directory it did not open.
      expect(await readdir(otherDir)).not.toContain('pg.lock');
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a lock left by a killed owner is stale: the next server takes the directory over', async () => {
    await owner.kill('SIGKILL');
    expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(true);
    const next = run('src/server.ts', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, next);
    const lock = JSON.parse(await readFile(path.join(dataDir, 'pg.lock'), 'utf8'));
    expect(lock.pid).toBe(next.child.pid);
    await next.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    // A clean stop removes the lock.
    expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
  }, 90_000);

  it('a damaged data directory gives a clear message and the way out, not Aborted()', async () => {
    const damaged = await mkdtemp(path.join(os.tmpdir(), 'bazaar-lock-damaged-'));
    try {
      await cp(path.join(dataDir, 'pg'), path.join(damaged, 'pg'), { recursive: true });
      const wal = path.join(damaged, 'pg', 'pg_wal');
      for (const file of (await readdir(wal)).filter((name) => /^[0-9A-F]{24}$/.test(name))) {
        await writeFile(path.join(wal, file), Buffer.alloc(64 * 1024, 7));
      }
      const proc = run('src/server.ts', { DATA_DIR: damaged, PORT: '0', HOST: '127.0.0.1' });
      const result = await proc.exited;
      expect(result.code).toBe(1);
      const lines = oneLine(proc.output().stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^bazaar: the embedded database in .*pg is damaged .*mv .*pg .*pg\.damaged-\d+/,
      );
      expect(existsSync(path.join(damaged, 'pg.lock'))).toBe(false);
    } finally {
      await rm(damaged, { recursive: true, force: true });
    }
  }, 60_000);
});
