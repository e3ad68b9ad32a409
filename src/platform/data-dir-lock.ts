import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Another live process owns the data directory; the message is one line saying who and what to do. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** PGlite cannot open the directory (it only says "Aborted()"); the message gives the way out. */
export class DamagedDataDirError extends Error {
  override name = 'DamagedDataDirError';
  constructor(dir: string) {
    const aside = `${dir}.damaged-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '')}`;
    super(
      `the embedded database in ${dir} is damaged and cannot be opened (typically after two processes ` +
        `used it at once, or a full disk): restore a backup, or move it aside (mv ${dir} ${aside}) ` +
        'and start again with an empty database (npm run seed adds the demo data)',
    );
  }
}

interface LockOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** Where the embedded database lives inside DATA_DIR. */
export const embeddedDataDir = (config: { dataDir: string }) => path.join(config.dataDir, 'pg');

/** Throws DataDirLockedError when another live process holds the lock on `dir`; takes nothing. */
export function assertDataDirFree(dir: string): void {
  const file = lockFile(dir);
  if (held.has(file)) return;
  const owner = readOwner(file);
  if (owner && isAlive(owner)) throw new DataDirLockedError(lockedMessage(dir, file, owner));
}

const lockFile = (dir: string) => `${path.resolve(dir)}.lock`;

/** Locks this process holds, with how many openers share each (the server locks before opening). */
const held = new Map<string, { count: number }>();

export interface DataDirLock {
  file: string;
  release(): void;
}

/**
 * Takes `<dir>.lock` (pid and host of the owner) before anything opens `dir`: PGlite opened by two
 * processes at once corrupts it beyond repair. A lock whose pid no longer runs on this host is
 * stale and taken over. Within one process the lock is shared (counted), so the server can take
 * it first and the database opener again. Throws DataDirLockedError when another process has it.
 */
export function lockDataDir(dir: string): DataDirLock {
  const file = lockFile(dir);
  const mine = held.get(file);
  if (mine) {
    mine.count++;
    return { file, release: () => release(file) };
  }
  // A DATA_DIR that does not exist yet is a fresh start, not an error.
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      held.set(file, { count: 1 });
      return { file, release: () => release(file) };
    }
    const owner = readOwner(file);
    if (owner && isAlive(owner)) throw new DataDirLockedError(lockedMessage(dir, file, owner));
    // Stale (its process is gone) or unreadable half-written file: take it over.
    rmSync(file, { force: true });
  }
  throw new DataDirLockedError(`cannot take the lock ${file}; remove it if no Bazaar process is running`);
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    command: commandName(),
    since: new Date().toISOString(),
  };
  writeSync(fd, JSON.stringify(owner));
  closeSync(fd);
  return true;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { command: 'bazaar', since: '?', ...owner, pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // On another host we cannot look: assume it runs (the message says how to break the lock).
  if (owner.host !== os.hostname()) return true;
  // Our own pid here means an earlier container or boot got the same pid: that owner is gone.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedMessage(dir: string, file: string, owner: LockOwner): string {
  const where = owner.host === os.hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.host}`;
  const stop =
    owner.host === os.hostname()
      ? `stop it first (kill ${owner.pid})`
      : `stop it first, or delete ${file} if it no longer runs`;
  return `the data directory ${dir} is in use by ${where} (${owner.command}, since ${owner.since}): ${stop}, or use another DATA_DIR`;
}

function commandName(): string {
  const [, script, first] = process.argv;
  if (!script) return 'node';
  return first && !first.startsWith('-') ? `${path.basename(script)} ${first}` : path.basename(script);
}

function release(file: string): void {
  const mine = held.get(file);
  if (!mine || --mine.count > 0) return;
  held.delete(file);
  const owner = readOwner(file);
  if (owner?.pid === process.pid) rmSync(file, { force: true });
}

// process.exit() skips async clean-up; a lock left behind would be stale anyway, but tidy up.
process.once('exit', () => {
  for (const file of [...held.keys()]) {
    held.delete(file);
    rmSync(file, { force: true });
  }
});
