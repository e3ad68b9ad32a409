// `npm run search:reindex`: rebuilds the search documents, facet columns and vocabulary from the
// catalog (src/modules/catalog/reindex.ts), for products that predate them or were imported with
// plain SQL. Runs against DATABASE_URL, or the embedded database in DATA_DIR (stop the server
// first). Safe while the server runs on PostgreSQL: catalog writes wait until it commits.
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { reindexSearch } from '../src/modules/catalog/reindex';
import { createCache } from '../src/platform/cache';
import { openDatabase, runMigrations } from '../src/platform/db';

const started = Date.now();
const config = loadConfig();
const database = await openDatabase(config).catch((error: unknown) => {
  console.error(`search:reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
try {
  await runMigrations(database.pool);
  const result = await reindexSearch(database);
  // Every product row was rewritten: merge the full-text index's pending list and refresh the
  // statistics, or the next searches scan the pending list.
  await database.db.execute(sql`VACUUM ANALYZE products, search_words, search_documents`);
  if (config.REDIS_URL) {
    const cache = createCache(config.REDIS_URL);
    await cache.bump('catalog').catch(() => {});
    await cache.close();
  }
  console.log(
    `reindexed ${result.products} products; the vocabulary holds ${result.words} words ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
} catch (error) {
  console.error(`search:reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
