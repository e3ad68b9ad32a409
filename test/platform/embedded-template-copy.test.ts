import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTemplate } from '../../src/platform/db';

// A first start on a fresh DATA_DIR copies the install-time template (src/platform/embedded-database.ts).
let root: string;
let template: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'bazaar-template-copy-'));
  template = path.join(root, 'template');
  for (let i = 0; i < 40; i++) {
    await mkdir(path.join(template, 'base', String(i % 4)), { recursive: true });
    await writeFile(path.join(template, 'base', String(i % 4), `file-${i}`), `relation ${i}`);
  }
  await writeFile(path.join(template, 'PG_VERSION'), '17\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const listing = async (dir: string) =>
  (await readdir(dir, { recursive: true })).map((entry) => String(entry)).sort();

describe('copying the prepared template into a new data directory', () => {
  it('copies every file, then renames it into place: nothing half-copied is left beside it', async () => {
    const dataDir = path.join(root, 'data', 'pg');
    await mkdir(path.dirname(dataDir), { recursive: true });
    expect(await copyTemplate(dataDir, template)).toBe(true);
    expect(await listing(dataDir)).toEqual(await listing(template));
    expect(await readFile(path.join(dataDir, 'base', '3', 'file-39'), 'utf8')).toBe('relation 39');
    expect(await readdir(path.dirname(dataDir))).toEqual(['pg']);
  });

  it('runs off the main thread: timers fire while it copies', async () => {
    const dataDir = path.join(root, 'pg');
    let ticked = false;
    setTimeout(() => (ticked = true), 0);
    // A synchronous copy would finish (and this await resolve) before any timer ran.
    expect(await copyTemplate(dataDir, template)).toBe(true);
    expect(ticked).toBe(true);
  });

  it('leaves a directory that has content alone', async () => {
    const dataDir = path.join(root, 'pg');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'mine'), 'keep');
    expect(await copyTemplate(dataDir, template)).toBe(false);
    expect(await readdir(dataDir)).toEqual(['mine']);
  });

  it('a copy that fails leaves neither the data directory nor the partial copy', async () => {
    const dataDir = path.join(root, 'pg');
    expect(await copyTemplate(dataDir, path.join(root, 'no-such-template'))).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    expect((await readdir(root)).filter((name) => name.startsWith('pg'))).toEqual([]);
  });
});
