import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/**
 * The repository root: the nearest folder above this module holding package.json. This file runs
 * from src/platform/ (tests, tsx) and bundled into dist/ (`npm start`), so no fixed `../..`.
 */
export const REPOSITORY_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export const MIGRATIONS_DIR = path.join(REPOSITORY_ROOT, 'src', 'db', 'migrations');

/** The committed migrations as `name:sha1` lines, oldest first (a template's manifest lists its own). */
export function migrationFingerprints(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map(
      (file) =>
        `${file}:${createHash('sha1')
          .update(readFileSync(path.join(MIGRATIONS_DIR, file)))
          .digest('hex')}`,
    );
}

/** `when` of the newest committed migration (drizzle records it as `created_at` once applied). */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/**
 * True when the database already has the newest committed migration: drizzle's migrator applies
 * exactly the migrations newer than the newest recorded one, so it would do nothing. Two small
 * queries, no lock; false (so the migrator runs) when the table does not exist yet.
 */
async function migrationsCurrent(pool: pg.Pool): Promise<boolean> {
  const { rows: found } = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present",
  );
  if (!found[0]?.present) return false;
  const { rows } = await pool.query<{ newest: string | null }>(
    'SELECT max(created_at)::text AS newest FROM drizzle.__drizzle_migrations',
  );
  const newest = rows[0]?.newest;
  return newest != null && Number(newest) >= newestMigrationMillis();
}

/**
 * Applies the committed SQL migrations, serialised across instances by an advisory lock; a
 * database that already has them all costs one query.
 */
export async function runMigrations(pool: pg.Pool): Promise<void> {
  if (await migrationsCurrent(pool)) return;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(72616172)');
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock(72616172)').catch(() => {});
    client.release();
  }
}
