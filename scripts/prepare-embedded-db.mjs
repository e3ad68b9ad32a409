// postinstall: builds a freshly initialised PGlite data directory once, at install time, so the
// first `npm start` loads it (about 1 s) instead of running initdb (about 6 s); and a second one
// with every committed migration applied, so a first start on a fresh data directory skips
// migrating (about 5 s on PGlite). Optional: if it fails, the server does the work itself.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrationsDir = path.join(root, 'src', 'db', 'migrations');

/** Same digest as migrationsDigest() in src/platform/db.ts: the migrated snapshot's name. */
async function migrationsDigest() {
  const hash = createHash('sha1');
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  for (const file of [...files, path.join('meta', '_journal.json')]) {
    hash.update(`${file}\0`).update(await readFile(path.join(migrationsDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

try {
  const { PGlite } = await import('@electric-sql/pglite');
  const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(await readFile(pkg, 'utf8'));
  const dir = path.join(root, 'node_modules', '.cache', 'bazaar');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create('memory://');
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  await writeFile(path.join(dir, `pglite-${version}-initdb.tgz`), Buffer.from(await dump.arrayBuffer()));

  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const migrated = await PGlite.create('memory://', {
    extensions: { pg_trgm, unaccent, fuzzystrmatch },
    loadDataDir: dump,
  });
  await migrate(drizzle({ client: migrated }), { migrationsFolder: migrationsDir });
  const migratedDump = await migrated.dumpDataDir('gzip');
  await migrated.close();
  const name = `pglite-${version}-migrated-${await migrationsDigest()}.tgz`;
  await writeFile(path.join(dir, name), Buffer.from(await migratedDump.arrayBuffer()));
} catch (error) {
  console.warn(
    `bazaar: skipped preparing the embedded database (${error instanceof Error ? error.message : error})`,
  );
}
