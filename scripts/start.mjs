// `npm start` / `npm run worker` / `npm run db:migrate`: runs the compiled entry from dist/, building
// it first only when it is missing or a source changed (scripts/build.mjs). Usage: start.mjs [entry]
// Before the entry loads its dependencies, the small preflight bundle refuses a data directory that
// another process owns and (for the server) a busy port, in a fraction of a second.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, ensureBuilt } from './build.mjs';

const entry = process.argv[2] ?? 'server';
const prefix = { server: 'bazaar: ', worker: 'bazaar worker: ', migrate: 'migration failed: ' }[entry];
let file;
let preflightFile;
try {
  file = await ensureBuilt(entry);
  // Built together with every entry: a second freshness check would hash every input again.
  preflightFile = path.join(distDir, 'preflight.js');
} catch (error) {
  console.error(`bazaar: cannot compile ${entry}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
try {
  const { preflight } = await import(pathToFileURL(preflightFile).href);
  await preflight(entry);
} catch (error) {
  console.error(`${prefix ?? 'bazaar: '}${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
await import(pathToFileURL(file).href);
