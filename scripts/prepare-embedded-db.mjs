// postinstall: prepares, once at install time, the data directory a first `npm start` on a fresh
// DATA_DIR copies instead of running initdb (~6 s in PGlite), every migration (~5 s) and the job
// queue's schema and queues (several seconds more): see src/embedded-template.ts and
// src/platform/db.ts. Builds dist/ first (scripts/build.mjs) since it runs the compiled code.
// Optional: if it fails, the server does the work itself on its first start.
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.mjs';

try {
  const file = await ensureBuilt('embedded-template');
  const { prepareEmbeddedTemplate } = await import(pathToFileURL(file).href);
  await prepareEmbeddedTemplate();
} catch (error) {
  console.warn(
    `bazaar: skipped preparing the embedded database (${error instanceof Error ? error.message : error})`,
  );
}
