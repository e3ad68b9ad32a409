import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../platform/db';
import { clearVocabulary, vocabularySize } from '../search/service';
import { refreshPrices, refreshSearch } from './derived';
import { indexAllNames } from './search';
import { products } from './tables';

/** Products per statement when refreshing prices (a list of ids, as bound parameters). */
const BATCH = 1000;

export interface ReindexResult {
  products: number;
  words: number;
}

/**
 * Rebuilds everything search derives from the catalog (`npm run search:reindex`): every product's
 * search document and facet columns, and the vocabulary of product, category and brand words that
 * typo tolerance and completions read. For data that predates them or was imported with plain
 * SQL. One transaction: searches read the old state until it commits; catalog writes wait.
 */
export async function reindexSearch(database: DatabaseHandle): Promise<ReindexResult> {
  return database.transaction(async (tx) => {
    // Products first, in the order writers take them (a product row, then the vocabulary), so a
    // write in flight finishes before the rebuild and later ones wait for it.
    await tx.db.execute(sql`LOCK TABLE ${products} IN SHARE ROW EXCLUSIVE MODE`);
    await clearVocabulary(tx);
    await refreshSearch(tx, sql`true`);
    await indexAllNames(tx);
    const ids = (await tx.db.select({ id: products.id }).from(products)).map((r) => r.id);
    for (let i = 0; i < ids.length; i += BATCH) await refreshPrices(tx, ids.slice(i, i + BATCH));
    return { products: ids.length, words: await vocabularySize(tx) };
  });
}
