import { Readable } from 'node:stream';
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { csvStringifier } from '../../platform/csv';
import { lowStockThresholdOf, stockOf } from '../inventory/stock-sql';
import { CSV_COLUMNS } from './bulk-csv';
import { brands, categories, products, productTags, tags, variants } from './tables';

const PAGE_SIZE = 500;

interface ExportedVariant {
  id: string;
  slug: string;
  position: number;
  sku: string;
  name: string;
  description: string | null;
  category: string | null;
  brand: string | null;
  tags: string | null;
  status: string;
  currency: string;
  options: Record<string, string>;
  productOptions: Array<{ name: string }>;
  price: number;
  compareAtPrice: number | null;
  stock: number;
  lowStockThreshold: number;
  active: boolean;
}

/** Where the previous page ended (keyset: product slug, variant position, variant id). */
type Cursor = { slug: string; position: number; id: string } | null;

function afterCursor(after: Cursor) {
  if (!after) return undefined;
  return or(
    gt(products.slug, after.slug),
    and(eq(products.slug, after.slug), gt(variants.position, after.position)),
    and(eq(products.slug, after.slug), eq(variants.position, after.position), gt(variants.id, after.id)),
  );
}

async function exportPage(ctx: AppContext, after: Cursor): Promise<ExportedVariant[]> {
  return ctx.database.db
    .select({
      id: variants.id,
      slug: products.slug,
      position: variants.position,
      sku: variants.sku,
      name: products.name,
      description: products.description,
      category: sql<string | null>`(SELECT slug FROM ${categories} c WHERE c.id = ${products.categoryId})`,
      brand: sql<string | null>`(SELECT slug FROM ${brands} b WHERE b.id = ${products.brandId})`,
      tags: sql<
        string | null
      >`(SELECT string_agg(t.name, '|' ORDER BY t.name) FROM ${productTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.product_id = ${products.id})`,
      status: products.status,
      currency: products.currency,
      options: variants.options,
      productOptions: products.options,
      price: variants.price,
      compareAtPrice: variants.compareAtPrice,
      stock: stockOf(variants.id),
      lowStockThreshold: lowStockThresholdOf(variants.id),
      active: variants.active,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(afterCursor(after))
    .orderBy(asc(products.slug), asc(variants.position), asc(variants.id))
    .limit(PAGE_SIZE);
}

/** One CSV record, in CSV_COLUMNS order. */
function csvRecord(v: ExportedVariant): Array<string | number | boolean> {
  return [
    v.sku,
    v.slug,
    v.name,
    v.description ?? '',
    v.category ?? '',
    v.brand ?? '',
    v.tags ?? '',
    v.status,
    v.currency,
    v.productOptions.map((o) => `${o.name}=${v.options[o.name] ?? ''}`).join('|'),
    v.price,
    v.compareAtPrice ?? '',
    v.stock,
    v.lowStockThreshold,
    v.active,
  ];
}

/** Streams every product's variants as CSV (same columns as the import), in pages of 500 variants. */
export function exportProducts(ctx: AppContext): Readable {
  async function* rows() {
    yield [...CSV_COLUMNS];
    let after: Cursor = null;
    for (;;) {
      const page = await exportPage(ctx, after);
      for (const v of page) yield csvRecord(v);
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return;
      after = { slug: last.slug, position: last.position, id: last.id };
    }
  }
  return Readable.from(rows()).pipe(csvStringifier({ cast: { boolean: (b) => (b ? 'true' : 'false') } }));
}
