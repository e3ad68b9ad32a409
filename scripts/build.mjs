// `npm run build`: bundles the server, the worker and the migration command into dist/ with esbuild
// (our TypeScript in one file per entry plus shared chunks, with the pure-JavaScript packages every
// start loads, `bundled` below; the other npm packages stay external and load from node_modules).
// Split, so that a dynamic import() of our own code (server.ts loads the application while the
// database opens) also defers the npm packages that code imports.
// scripts/start.mjs runs these files and calls ensureBuilt() first, so a missing or stale build
// (any bundled source changed since) is rebuilt once, never transpiled on every start.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
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

/** Bundled into dist/: the pure-JavaScript packages every start loads (fewer files to resolve and read). */
const bundled = [
  'fastify',
  'fastify-plugin',
  'fastify-type-provider-zod',
  'fast-json-stringify',
  'zod',
  'drizzle-orm',
  'pg',
  'pg-boss',
  'prom-client',
  'jose',
  'lru-cache',
  'ms',
  'ipaddr.js',
  'helmet',
  '@fastify/cors',
  '@fastify/cookie',
  '@fastify/multipart',
  'request-filtering-agent',
  'standardwebhooks',
];
const pkgJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const keepExternal = [
  ...Object.keys({ ...pkgJson.dependencies, ...pkgJson.devDependencies }).filter(
    (name) => !bundled.includes(name),
  ),
  'pg-native',
].flatMap((name) => [name, `${name}/*`]);

/** Files whose change changes the output besides the bundled sources. */
const buildFiles = ['scripts/build.mjs', 'tsconfig.json', 'package.json'];
// The versions of the bundled packages (a checkout without a lock file goes by package.json alone).
if (existsSync(path.join(root, 'package-lock.json'))) buildFiles.push('package-lock.json');

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
      external: keepExternal,
      banner: {
        js: "import { createRequire as __bazaarCreateRequire } from 'node:module'; const require = __bazaarCreateRequire(import.meta.url);",
      },
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    // The bundled packages' files count through package-lock.json (their versions), not one by one:
    // hashing ~600 files on every start cost ~0.1 s of CPU.
    const sources = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
    const inputs = [...new Set([...sources, ...buildFiles])].sort();
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
