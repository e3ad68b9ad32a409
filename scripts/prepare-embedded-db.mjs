// postinstall: builds a freshly initialised PGlite data directory once, at install time, so the
// first `npm start` loads it (about 1 s) instead of running initdb (about 6 s). Optional: if it
// fails, the server simply initialises the database itself.
import { Buffer } from 'node:buffer';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  const { PGlite } = await import('@electric-sql/pglite');
  const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(await readFile(pkg, 'utf8'));
  const db = await PGlite.create('memory://');
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  const dir = path.join(root, 'node_modules', '.cache', 'bazaar');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `pglite-${version}-initdb.tgz`), Buffer.from(await dump.arrayBuffer()));
} catch (error) {
  console.warn(
    `bazaar: skipped preparing the embedded database (${error instanceof Error ? error.message : error})`,
  );
}
