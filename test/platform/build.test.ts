import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabasePrefix } from '../helpers/database';

interface BuildModule {
  isFresh(): Promise<boolean>;
  build(): Promise<number>;
  ensureBuilt(entry: string): Promise<string>;
}

/** Runs a command in `cwd` and collects how it ended. */
function run(cwd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...base } = process.env;
    const child = spawn(process.execPath, args, { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// A copy of the sources in a temp folder (node_modules linked), so building never touches the
// repository's own dist/ and a source can be changed safely.
describe('compiled start (scripts/build.mjs, scripts/start.mjs)', () => {
  let copy: string;
  let builder: BuildModule;

  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'bazaar-build-'));
    for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json']) {
      await cp(path.resolve(entry), path.join(copy, entry), { recursive: true });
    }
    await symlink(path.resolve('node_modules'), path.join(copy, 'node_modules'), 'dir');
    builder = (await import(pathToFileURL(path.join(copy, 'scripts', 'build.mjs')).href)) as BuildModule;
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('builds each entry once, and again only when a bundled source changes', async () => {
    expect(await builder.isFresh()).toBe(false);
    await builder.build();
    expect(await builder.isFresh()).toBe(true);
    for (const entry of ['server', 'worker', 'migrate']) {
      const file = await builder.ensureBuilt(entry);
      expect(file).toBe(path.join(copy, 'dist', `${entry}.js`));
      // Small: the code entries share is in chunk-*.js files beside it.
      expect((await stat(file)).size).toBeGreaterThan(300);
    }
    const info = JSON.parse(await readFile(path.join(copy, 'dist', 'build-info.json'), 'utf8')) as {
      inputs: string[];
    };
    expect(info.inputs).toContain('src/platform/money.ts');
    expect(info.inputs.some((file) => file.includes('node_modules'))).toBe(false);

    await appendFile(path.join(copy, 'src', 'platform', 'money.ts'), '\n// changed\n');
    expect(await builder.isFresh()).toBe(false);
    const before = (await stat(path.join(copy, 'dist', 'server.js'))).mtimeMs;
    await builder.ensureBuilt('server');
    expect(await builder.isFresh()).toBe(true);
    expect((await stat(path.join(copy, 'dist', 'server.js'))).mtimeMs).toBeGreaterThan(before);
    await expect(builder.ensureBuilt('nope')).rejects.toThrow(/unknown entry "nope"/);
  });

  it('runs the compiled server: configuration and database errors as one line, like the sources', async () => {
    const badPort = await run(copy, ['scripts/start.mjs', 'server'], { PORT: 'eighty', LOG_LEVEL: 'warn' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr.trim()).toMatch(/^bazaar: Invalid configuration: PORT: /);

    const noDatabase = await run(copy, ['scripts/start.mjs', 'server'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
      LOG_LEVEL: 'warn',
      PORT: '0',
    });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr.trim()).toMatch(/^bazaar: Cannot connect to the database/);
    // The build was current: nothing was compiled on these starts.
    expect(noDatabase.stderr).not.toContain('compiled');
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'applies every migration with the compiled db:migrate (needs DATABASE_URL: an empty database of its own)',
    async () => {
      const name = `${testDatabasePrefix(inject('templateDatabase'))}build_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      try {
        const target = new URL(process.env.DATABASE_URL!);
        target.pathname = `/${name}`;
        const result = await run(copy, ['scripts/start.mjs', 'migrate'], { DATABASE_URL: target.toString() });
        expect(result.stderr).toBe('');
        expect(result.stdout.trim()).toBe('migrations applied (DATABASE_URL)');
        expect(result.code).toBe(0);
        const journal = JSON.parse(await readFile('src/db/migrations/meta/_journal.json', 'utf8')) as {
          entries: unknown[];
        };
        const client = new pg.Client({ connectionString: target.toString() });
        await client.connect();
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM drizzle.__drizzle_migrations',
        );
        await client.end();
        expect(Number(rows[0]!.count)).toBe(journal.entries.length);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      }
    },
  );
});
