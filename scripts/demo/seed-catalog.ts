// Writes the demo catalog (scripts/demo/catalog.ts) in batches: categories, brands and tags first,
// then products with their variants, tags, initial stock movements, prices and search documents.
// Idempotent: everything is keyed by slug (variants by SKU), so a second run adds only what is missing.
import type { SingleBar } from 'cli-progress';
import { inArray, sql } from 'drizzle-orm';
import { indexAllNames } from '../../src/modules/catalog/search';
import { refreshPrices, refreshSearch } from '../../src/modules/catalog/service';
import { slugify } from '../../src/modules/catalog/slug';
import { brands, categories, products, productTags, tags, variants } from '../../src/modules/catalog/tables';
import { stockLevels, stockMovements } from '../../src/modules/inventory/tables';
import type { DatabaseHandle } from '../../src/platform/db';
import { aisleSlug, demoProduct, type DemoProduct } from './catalog';
import { DEPARTMENTS, GENERAL_BRANDS, GENERAL_TAGS } from './catalog-words';

interface Taxonomy {
  categoryId: Map<string, string>;
  brandId: Map<string, string>;
  tagId: Map<string, string>;
}

const bySlug = (rows: Array<{ id: string; slug: string }>) => new Map(rows.map((r) => [r.slug, r.id]));

/** Departments with their aisles beneath, the brands and the tags. */
async function seedTaxonomy(database: DatabaseHandle): Promise<Taxonomy> {
  const db = database.db;
  await db
    .insert(categories)
    .values(
      DEPARTMENTS.map((d) => ({
        name: d.name,
        slug: slugify(d.name),
        description: `${d.name}: ${Object.keys(d.aisles).join(', ').toLowerCase()}.`,
      })),
    )
    .onConflictDoNothing();
  const departments = bySlug(
    await db
      .select({ id: categories.id, slug: categories.slug })
      .from(categories)
      .where(
        inArray(
          categories.slug,
          DEPARTMENTS.map((d) => slugify(d.name)),
        ),
      ),
  );
  const aisles = DEPARTMENTS.flatMap((d) =>
    Object.keys(d.aisles).map((aisle) => ({
      name: aisle,
      slug: aisleSlug(d.name, aisle),
      parentId: departments.get(slugify(d.name))!,
    })),
  );
  await db.insert(categories).values(aisles).onConflictDoNothing();
  const brandNames = [...DEPARTMENTS.flatMap((d) => d.brands), ...GENERAL_BRANDS];
  await db
    .insert(brands)
    .values(brandNames.map((name) => ({ name, slug: slugify(name) })))
    .onConflictDoNothing();
  const tagNames = [...new Set([...DEPARTMENTS.flatMap((d) => d.tags), ...GENERAL_TAGS])];
  await db
    .insert(tags)
    .values(tagNames.map((name) => ({ name, slug: slugify(name) })))
    .onConflictDoNothing();
  await database.transaction((tx) => indexAllNames(tx));
  const [categoryRows, brandRows, tagRows] = await Promise.all([
    db.select({ id: categories.id, slug: categories.slug }).from(categories),
    db.select({ id: brands.id, slug: brands.slug }).from(brands),
    db.select({ id: tags.id, slug: tags.slug }).from(tags),
  ]);
  return { categoryId: bySlug(categoryRows), brandId: bySlug(brandRows), tagId: bySlug(tagRows) };
}

/** Inserts one batch in one transaction; returns how many products and variants were new. */
async function seedBatch(
  database: DatabaseHandle,
  batch: DemoProduct[],
  taxonomy: Taxonomy,
  currency: string,
) {
  return database.transaction(async (tx) => {
    const inserted = await tx.db
      .insert(products)
      .values(
        batch.map((p) => ({
          name: p.name,
          slug: p.slug,
          description: p.description,
          categoryId: taxonomy.categoryId.get(p.category) ?? null,
          brandId: taxonomy.brandId.get(slugify(p.brand)) ?? null,
          currency,
          options: p.options,
        })),
      )
      .onConflictDoNothing({ target: products.slug })
      .returning({ id: products.id, slug: products.slug });
    if (inserted.length === 0) return { products: 0, variants: 0 };
    const idOf = bySlug(inserted);
    const fresh = batch.filter((p) => idOf.has(p.slug));
    // Stock lands with an INITIAL movement per variant, so stock = sum(movements) holds.
    // (Written in bulk here for speed; the API goes through inventory's createStockLevels.)
    const stockBySku = new Map(fresh.flatMap((p) => p.variants.map((v) => [v.sku, v.stock] as const)));
    const insertedVariants = await tx.db
      .insert(variants)
      .values(
        fresh.flatMap((p) =>
          p.variants.map(({ stock: _stock, ...v }, position) => ({
            productId: idOf.get(p.slug)!,
            ...v,
            position,
          })),
        ),
      )
      .onConflictDoNothing({ target: variants.sku })
      .returning({ id: variants.id, sku: variants.sku, productId: variants.productId });
    const levels = insertedVariants.map((v) => ({
      variantId: v.id,
      productId: v.productId,
      sku: v.sku,
      stock: stockBySku.get(v.sku) ?? 0,
    }));
    if (levels.length > 0) await tx.db.insert(stockLevels).values(levels);
    const movements = levels
      .filter((v) => v.stock > 0)
      .map((v) => ({ variantId: v.variantId, delta: v.stock, reason: 'INITIAL' as const, note: 'seed' }));
    if (movements.length > 0) await tx.db.insert(stockMovements).values(movements);
    const links = fresh.flatMap((p) =>
      p.tags.map((tag) => ({ productId: idOf.get(p.slug)!, tagId: taxonomy.tagId.get(slugify(tag))! })),
    );
    if (links.length > 0) await tx.db.insert(productTags).values(links).onConflictDoNothing();
    const ids = inserted.map((p) => p.id);
    await refreshPrices(tx, ids);
    await refreshSearch(tx, inArray(products.id, ids));
    return { products: inserted.length, variants: insertedVariants.length };
  });
}

export async function seedCatalog(
  database: DatabaseHandle,
  options: { count: number; batchSize: number; currency: string; bar: SingleBar },
): Promise<{ products: number; variants: number }> {
  const taxonomy = await seedTaxonomy(database);
  const created = { products: 0, variants: 0 };
  options.bar.start(options.count, 0, { created: 0 });
  for (let from = 0; from < options.count; from += options.batchSize) {
    const size = Math.min(options.batchSize, options.count - from);
    const batch = Array.from({ length: size }, (_, i) => demoProduct(from + i));
    const result = await seedBatch(database, batch, taxonomy, options.currency);
    created.products += result.products;
    created.variants += result.variants;
    options.bar.update(from + size, { created: created.products });
  }
  options.bar.stop();
  // Fresh statistics, so the planner picks the indexes on the new data straight away; VACUUM also
  // merges the GIN indexes' pending lists (10,000 fresh products: 490 pages every search would scan).
  await database.db.execute(
    sql`VACUUM ANALYZE categories, brands, tags, products, product_tags, variants, stock_levels, stock_movements, search_words, search_documents`,
  );
  return created;
}
