// `npm run build`: bundles the server, the worker and the migration command into dist/ with esbuild
// (our TypeScript in one file per entry plus shared chunks; npm packages stay external and load from
// node_modules). Split, so that a dynamic import() of our own code (server.ts loads the application
// while the database opens) also defers the npm packages that code imports.
// scripts/start.mjs runs these files and calls ensureBuilt() first, so a missing or stale build
// (any bundled source changed since) is rebuilt once, never transpiled on every start.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(root, 'dist');
const infoFile = path.join(distDir, 'build-info.json');

export const entries = {
  server: 'src/server.ts',
  worker: 'src/worker.ts',
  migrate: 'scripts/migrate.ts',
  // Run by scripts/prepare-embedded-db.mjs at install time, not by a start.
  'embedded-template': 'src/embedded-template.ts',
  // Small on purpose: start.mjs runs it before an entry loads its dependencies.
  preflight: 'src/platform/preflight.ts',
};

/** Files whose change changes the output besides the bundled sources. */
const buildFiles = ['scripts/build.mjs', 'tsconfig.json', 'package.json'];

async function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    hash.update(await readFile(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ holds a build of exactly the current sources. */
export async function isFresh() {
  try {
    const info = JSON.parse(await readFile(infoFile, 'utf8'));
    return info.fingerprint === (await fingerprint(info.inputs));
  } catch {
    return false; // no build yet, or an input was deleted
  }
}

/** Bundles every entry into dist/; the files appear atomically, so concurrent starts are safe. */
export async function build() {
  const began = performance.now();
  const esbuild = await import('esbuild');
  await mkdir(distDir, { recursive: true });
  const staging = await mkdtemp(path.join(distDir, '.build-'));
  try {
    const result = await esbuild.build({
      entryPoints: Object.fromEntries(
        Object.entries(entries).map(([name, file]) => [name, path.join(root, file)]),
      ),
      absWorkingDir: root,
      outdir: staging,
      bundle: true,
      splitting: true,
      chunkNames: 'chunk-[hash]',
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...buildFiles])].sort();
    const built = await readdir(staging);
    for (const file of built) await rename(path.join(staging, file), path.join(distDir, file));
    await removeOldChunks(new Set(built));
    const info = { fingerprint: await fingerprint(inputs), inputs };
    const tmpInfo = path.join(staging, 'build-info.json');
    await writeFile(tmpInfo, `${JSON.stringify(info, null, 1)}\n`);
    await rename(tmpInfo, infoFile);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return Math.round(performance.now() - began);
}

/**
 * Chunks of earlier builds, once no start can still be loading them (a process started on the old
 * build imports its chunks within its first seconds).
 */
async function removeOldChunks(current) {
  const cutoff = Date.now() - 10 * 60_000;
  for (const file of await readdir(distDir)) {
    if (!file.startsWith('chunk-') || current.has(file)) continue;
    const { mtimeMs } = await stat(path.join(distDir, file)).catch(() => ({ mtimeMs: Date.now() }));
    if (mtimeMs < cutoff) await rm(path.join(distDir, file), { force: true });
  }
}

/** Builds when dist/ is missing or stale; returns the path of the entry's compiled file. */
export async function ensureBuilt(entry) {
  if (!(entry in entries))
    throw new Error(`unknown entry "${entry}" (one of: ${Object.keys(entries).join(', ')})`);
  if (!(await isFresh())) {
    const ms = await build();
    console.error(`bazaar: compiled ${Object.values(entries).join(', ')} into dist/ in ${ms} ms`);
  }
  return path.join(distDir, `${entry}.js`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  const lenient = process.argv.includes('--lenient');
  try {
    if (ifStale && (await isFresh())) process.exit(0);
    const ms = await build();
    console.log(`bazaar: built dist/ in ${ms} ms`);
  } catch (error) {
    // --lenient (postinstall): a failed build must not fail `npm install`; `npm start` builds again and says why.
    console.error(`bazaar: build failed: ${error instanceof Error ? error.message : error}`);
    if (!lenient) process.exit(1);
  }
}
