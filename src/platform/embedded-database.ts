import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { DamagedDataDirError, lockDataDir } from './data-dir-lock';
import { EmbeddedPostgresServer } from './embedded-postgres';
import { migrationFingerprints, REPOSITORY_ROOT } from './migrations';

/** Where `npm ci` keeps prepared embedded data directories (scripts/prepare-embedded-db.mjs). */
export const TEMPLATES_DIR = path.join(REPOSITORY_ROOT, 'node_modules', '.cache', 'bazaar');

const PGLITE_DIR = path.join(REPOSITORY_ROOT, 'node_modules', '@electric-sql', 'pglite');

export function pgliteVersion(): string {
  return (JSON.parse(readFileSync(path.join(PGLITE_DIR, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * For a brand-new data directory: a data directory `npm ci` prepared once (migrated, with the job
 * queue's schema and queues), which a first start copies with plain file copies instead of running
 * initdb (~6 s) and every migration (~5 s) inside PGlite. Usable when it was made by this PGlite
 * version and its migrations are the first of today's, unchanged; the start-up migration step then
 * applies any newer ones. Undefined when there is none (the caller runs initdb as before).
 */
function preparedTemplate(): string | undefined {
  try {
    const version = pgliteVersion();
    const current = migrationFingerprints();
    let best: { dir: string; count: number } | undefined;
    for (const file of readdirSync(TEMPLATES_DIR)) {
      if (!file.startsWith(`pglite-${version}-`) || !file.endsWith('.json')) continue;
      const manifest = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as {
        migrations: string[];
      };
      const dir = path.join(TEMPLATES_DIR, file.slice(0, -'.json'.length));
      const prefix = manifest.migrations.every((line, index) => current[index] === line);
      if (
        prefix &&
        existsSync(path.join(dir, 'PG_VERSION')) &&
        manifest.migrations.length > (best?.count ?? -1)
      ) {
        best = { dir, count: manifest.migrations.length };
      }
    }
    return best?.dir;
  } catch {
    return undefined;
  }
}

/**
 * One recursive copy on a worker thread. Creating ~800 files is most of its cost (system CPU, about
 * 1 ms a file on ext4: docs/benchmarks.md); on the main thread it held up the application's module
 * loading and PGlite's WebAssembly set-up, here it runs beside them.
 */
const COPY_WORKER = `
const { cpSync, constants } = require('node:fs');
const { workerData } = require('node:worker_threads');
cpSync(workerData.from, workerData.to, { recursive: true, mode: constants.COPYFILE_FICLONE });
`;

function copyOnWorker(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_WORKER, { eval: true, workerData: { from, to } });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`copy exited with ${code}`))));
  });
}

/**
 * Fills a new data directory from the prepared template (default: the one `npm ci` made), all or
 * nothing: copied beside it, then renamed into place, so a crash mid-copy never leaves a half
 * database that looks like one. Resolves false (nothing done) when `dataDir` already has content,
 * there is no template, or the copy failed (the caller then runs initdb, as without a template).
 */
export async function copyTemplate(
  dataDir: string,
  template: string | undefined = preparedTemplate(),
): Promise<boolean> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  if (!template) return false;
  const incoming = `${dataDir}.incoming-${process.pid}`;
  rmSync(incoming, { recursive: true, force: true });
  try {
    await copyOnWorker(template, incoming);
    rmSync(dataDir, { recursive: true, force: true }); // an empty directory, if any
    renameSync(incoming, dataDir);
    return true;
  } catch {
    rmSync(incoming, { recursive: true, force: true });
    return false;
  }
}

/**
 * Whenever Node's event loop has nothing left to wait for, Node blocks until every V8 background
 * task is done (NodePlatform::DrainTasks) before it looks again. While the database opens and the
 * modules load, the loop often waits only for promises (PGlite's WebAssembly instantiation), and
 * the background tasks then running are PGlite's WebAssembly tier-up: the main thread stood still
 * 0.2–0.5 s there (perf sched_switch, docs/benchmarks.md). A ref'd timer keeps the loop from going
 * idle (server.ts: until the server listens).
 */
export function keepEventLoopBusy(): () => void {
  const timer = setInterval(() => {}, 1_000);
  return () => clearInterval(timer);
}

export interface EmbeddedServer {
  url: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (persisted under `dataDir`, or in memory when `dataDir` is 'memory://') and serves
 * it on a loopback port, so the app talks to it with the same `pg` driver as to a real server.
 * Connections take turns (see embedded-postgres.ts): never query through the pool while holding
 * a transaction, or the second query waits for the transaction that waits for it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | 'memory://';
  loadDataDir?: Blob;
}): Promise<EmbeddedServer> {
  const onDisk = options.dataDir !== 'memory://';
  if (onDisk) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  // Before PGlite touches the directory: a second process opening it corrupts it for good.
  const lock = onDisk ? lockDataDir(options.dataDir) : undefined;
  // Not waiting for the directory: PGlite's modules, WebAssembly and file-system bundle load meanwhile.
  const loading = loadPGlite();
  loading.catch(() => {}); // awaited below; not unhandled if the copy throws first
  const release = keepEventLoopBusy();
  try {
    // Under the lock: a brand-new directory starts as a copy of the prepared one.
    if (onDisk && !options.loadDataDir) await copyTemplate(options.dataDir);
    if (onDisk) mkdirSync(options.dataDir, { recursive: true });
    const pglite = await openPGlite(options.dataDir, options.loadDataDir, await loading);
    const server = new EmbeddedPostgresServer(pglite);
    const port = await server.listen('127.0.0.1', 0);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      pglite,
      async stop() {
        await server.close();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  } finally {
    release();
  }
}

/** The global WebAssembly object (this project's TypeScript libraries declare only its types). */
const wasm = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly;

type Loaded = Awaited<ReturnType<typeof loadPGlite>>;

/**
 * PGlite's modules (loaded here, not at the top: a process on DATABASE_URL never needs them), its
 * WebAssembly compiled (on V8's background threads) and its file-system bundle read, all of which
 * need no data directory.
 */
async function loadPGlite() {
  const dist = path.join(PGLITE_DIR, 'dist');
  const [{ PGlite }, { pg_trgm }, { unaccent }, { fuzzystrmatch }, pgliteWasmModule, fsBundle] =
    await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
      import('@electric-sql/pglite/contrib/fuzzystrmatch'),
      // Where they are not (another package layout), PGlite finds and loads them itself.
      readFile(path.join(dist, 'pglite.wasm')).then(
        (bytes) => wasm.compile(bytes),
        () => undefined,
      ),
      readFile(path.join(dist, 'pglite.data')).then(
        (bytes) => new Blob([bytes]),
        () => undefined,
      ),
    ]);
  const options: PGliteOptions = {
    // Real servers get these from `CREATE EXTENSION` in the migrations.
    extensions: { pg_trgm, unaccent, fuzzystrmatch },
    ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
    ...(fsBundle ? { fsBundle } : {}),
  };
  return { PGlite, options };
}

async function openPGlite(dataDir: string, loadDataDir: Blob | undefined, loaded: Loaded): Promise<PGlite> {
  try {
    return await loaded.PGlite.create(dataDir, {
      ...loaded.options,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    // PGlite reports a PANIC at start-up (damaged WAL or control file) only as "Aborted()".
    if (dataDir !== 'memory://' && error instanceof Error && error.message.startsWith('Aborted(')) {
      throw new DamagedDataDirError(dataDir);
    }
    throw error;
  }
}
