// A picture for every demo product that has none: drawn (scripts/demo/picture.ts), then checked and
// thumbnailed by the API's own image pipeline and written to the configured storage (local disk or
// S3), so a storefront pointed at the demo shows pictures. Resumable: products with an image are skipped.
import type { SingleBar } from 'cli-progress';
import { sql } from 'drizzle-orm';
import { prepareImage } from '../../src/modules/catalog/images';
import { productImages } from '../../src/modules/catalog/tables';
import type { Config } from '../../src/config';
import type { DatabaseHandle } from '../../src/platform/db';
import { storageFor } from '../../src/platform/storage';
import { demoProduct } from './catalog';
import { productPicture } from './picture';

/** Pictures drawn at once: sharp works on its own threads, so a few in flight keep the cores busy. */
const IN_FLIGHT = 4;
const BATCH = 100;

export async function seedImages(
  database: DatabaseHandle,
  config: Config,
  options: { count: number; bar: SingleBar },
): Promise<number> {
  const storage = storageFor(config);
  let drawn = 0;
  options.bar.start(options.count, 0, { drawn });
  for (let from = 0; from < options.count; from += BATCH) {
    const demo = Array.from({ length: Math.min(BATCH, options.count - from) }, (_, i) =>
      demoProduct(from + i),
    );
    const missing = await database.db.execute<{ id: string; slug: string }>(sql`
      SELECT p.id, p.slug FROM products p
      WHERE p.slug = ANY(${sql.param(demo.map((d) => d.slug))}::text[])
        AND NOT EXISTS (SELECT 1 FROM ${productImages} i WHERE i.product_id = p.id)`);
    const bySlug = new Map(demo.map((d) => [d.slug, d]));
    const queue = [...missing.rows];
    const rows: Array<typeof productImages.$inferInsert> = [];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const prepared = await prepareImage(next.id, await productPicture(bySlug.get(next.slug)!));
          for (const file of prepared.files) await storage.put(file.key, file.body, file.contentType);
          rows.push({
            id: prepared.id,
            productId: next.id,
            originalKey: prepared.files[0]!.key,
            smallKey: prepared.files[1]!.key,
            mediumKey: prepared.files[2]!.key,
            contentType: prepared.contentType,
            width: prepared.width,
            height: prepared.height,
            position: 0,
          });
        }
      }),
    );
    if (rows.length > 0) await database.db.insert(productImages).values(rows);
    drawn += rows.length;
    options.bar.update(from + demo.length, { drawn });
  }
  options.bar.stop();
  // Each image's trigger rewrote its product's row (products.list_image_json, migration 0027):
  // without a VACUUM (autovacuum may be off, as on the bench machine), the list's index-only scans
  // of products would fetch every row from the heap.
  if (drawn > 0) await database.db.execute(sql`VACUUM ANALYZE products, product_images`);
  return drawn;
}
