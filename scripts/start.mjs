// `npm start` / `npm run worker` / `npm run db:migrate`: runs the compiled entry from dist/, building
// it first only when it is missing or a source changed (scripts/build.mjs). Usage: start.mjs [entry]
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.mjs';

const entry = process.argv[2] ?? 'server';
let file;
try {
  file = await ensureBuilt(entry);
} catch (error) {
  console.error(`bazaar: cannot compile ${entry}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
await import(pathToFileURL(file).href);
