import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, badRequest } from '../../platform/errors';
import {
  importFailed,
  parseOptions,
  readCsv,
  splitTags,
  validRows,
  type ImportReport,
  type Row,
} from './bulk-csv';
import { invalidateCatalog } from './cache';
import { addVariantInTx, insertProduct, patchProduct, patchVariant } from './product-writes';
import type { CreateProductInput } from './schemas';
import { slugify } from './slug';
import { brands, categories, products, variants } from './tables';
import { translateDbError } from './write';

/** A unit of the import: rows applied together (one savepoint), counted as created or updated. */
interface ImportUnit {
  rows: Row[];
  run: () => Promise<'created' | 'updated'>;
}

/**
 * Imports products/variants from CSV: rows whose SKU exists update that variant (and its product's
 * fields); new SKUs are added to the product named in `product` (slug) or create it, grouping rows.
 * Stock is absolute and recorded as an IMPORT movement. `per-row` keeps the good rows and reports
 * the bad ones; `all-or-nothing` applies nothing when any row fails (400 listing them).
 */
export async function importProducts(
  ctx: AppContext,
  csv: string,
  mode: ImportReport['mode'],
  actorId: string | null,
): Promise<ImportReport> {
  const records = readCsv(csv);
  const report: ImportReport = { mode, rows: records.length, created: 0, updated: 0, failed: 0, errors: [] };
  const good = validRows(records, report);
  if (mode === 'all-or-nothing' && report.errors.length > 0) throw importFailed(report);
  try {
    await ctx.database.transaction(async (tx) => {
      const units = await planUnits(ctx, tx, good, actorId);
      for (const unit of units) await runUnit(tx, unit, report);
      if (mode === 'all-or-nothing' && report.errors.length > 0) throw importFailed(report);
    });
  } finally {
    await invalidateCatalog(ctx);
  }
  report.errors.sort((a, b) => a.row - b.row);
  report.failed = report.errors.length;
  return report;
}

async function existingVariants(
  tx: Tx,
  rows: Row[],
): Promise<Map<string, { id: string; productId: string }>> {
  const existing = new Map<string, { id: string; productId: string }>();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => r.sku);
    const found = await tx.db
      .select({ id: variants.id, sku: variants.sku, productId: variants.productId })
      .from(variants)
      .where(inArray(variants.sku, chunk));
    for (const v of found) existing.set(v.sku, { id: v.id, productId: v.productId });
  }
  return existing;
}

/** A known SKU is a unit of its own (update); new SKUs are grouped by the product they create or join. */
async function planUnits(
  ctx: AppContext,
  tx: Tx,
  rows: Row[],
  actorId: string | null,
): Promise<ImportUnit[]> {
  const existing = await existingVariants(tx, rows);
  const refs = await resolveRefs(tx, rows);
  const units: ImportUnit[] = [];
  const newByProduct = new Map<string, Row[]>();
  for (const row of rows) {
    const variant = existing.get(row.sku);
    if (variant) {
      units.push({ rows: [row], run: () => updateRow(ctx, tx, row, variant, refs, actorId) });
    } else {
      const key = row.product ?? (row.name ? slugify(row.name) : `__missing_${row.line}`);
      newByProduct.set(key, [...(newByProduct.get(key) ?? []), row]);
    }
  }
  for (const [slug, group] of newByProduct) {
    units.push({ rows: group, run: () => createRows(ctx, tx, slug, group, refs, actorId) });
  }
  return units;
}

/** Applies one unit in a savepoint: on an AppError only the unit is undone and its rows reported. */
async function runUnit(tx: Tx, unit: ImportUnit, report: ImportReport): Promise<void> {
  await tx.client.query('SAVEPOINT import_unit');
  try {
    const outcome = await unit.run().catch(translateDbError);
    await tx.client.query('RELEASE SAVEPOINT import_unit');
    report[outcome] += unit.rows.length;
  } catch (error) {
    await tx.client.query('ROLLBACK TO SAVEPOINT import_unit');
    if (!(error instanceof AppError)) throw error;
    const detail = error.details?.[0] ? ` (${error.details[0].path}: ${error.details[0].message})` : '';
    for (const row of unit.rows)
      report.errors.push({ row: row.line, sku: row.sku, message: `${error.message}${detail}` });
  }
}

interface Refs {
  categories: Map<string, string>;
  brands: Map<string, string>;
}

async function resolveRefs(tx: Tx, rows: Row[]): Promise<Refs> {
  const categorySlugs = [...new Set(rows.map((r) => r.category).filter((v): v is string => !!v))];
  const brandSlugs = [...new Set(rows.map((r) => r.brand).filter((v): v is string => !!v))];
  const [cats, brs] = await Promise.all([
    categorySlugs.length
      ? tx.db
          .select({ id: categories.id, slug: categories.slug })
          .from(categories)
          .where(inArray(categories.slug, categorySlugs))
      : [],
    brandSlugs.length
      ? tx.db
          .select({ id: brands.id, slug: brands.slug })
          .from(brands)
          .where(inArray(brands.slug, brandSlugs))
      : [],
  ]);
  return {
    categories: new Map(cats.map((c) => [c.slug, c.id])),
    brands: new Map(brs.map((b) => [b.slug, b.id])),
  };
}

function refIds(row: Row, refs: Refs) {
  const out: { categoryId?: string; brandId?: string } = {};
  if (row.category) {
    const id = refs.categories.get(row.category);
    if (!id)
      throw badRequest('VALIDATION_ERROR', `Unknown category ${row.category}`, [
        { path: 'category', message: 'no such slug' },
      ]);
    out.categoryId = id;
  }
  if (row.brand) {
    const id = refs.brands.get(row.brand);
    if (!id)
      throw badRequest('VALIDATION_ERROR', `Unknown brand ${row.brand}`, [
        { path: 'brand', message: 'no such slug' },
      ]);
    out.brandId = id;
  }
  return out;
}

async function updateRow(
  ctx: AppContext,
  tx: Tx,
  row: Row,
  variant: { id: string; productId: string },
  refs: Refs,
  actorId: string | null,
): Promise<'updated'> {
  const productFields = {
    ...(row.name ? { name: row.name } : {}),
    ...(row.description !== undefined ? { description: row.description } : {}),
    ...(row.status ? { status: row.status } : {}),
    ...(row.currency ? { currency: row.currency } : {}),
    ...(row.tags !== undefined ? { tags: splitTags(row.tags) } : {}),
    ...refIds(row, refs),
  };
  if (Object.keys(productFields).length > 0) await patchProduct(ctx, tx, variant.productId, productFields);
  await patchVariant(
    ctx,
    tx,
    variant.productId,
    variant.id,
    {
      ...(row.price !== undefined ? { price: row.price } : {}),
      ...(row.compareAtPrice !== undefined ? { compareAtPrice: row.compareAtPrice } : {}),
      ...(row.stock !== undefined ? { stock: row.stock } : {}),
      ...(row.lowStockThreshold !== undefined ? { lowStockThreshold: row.lowStockThreshold } : {}),
      ...(row.active !== undefined ? { active: row.active } : {}),
      ...(row.options !== undefined ? { options: parseOptions(row.options) } : {}),
    },
    actorId,
    'IMPORT',
  );
  return 'updated';
}

async function createRows(
  ctx: AppContext,
  tx: Tx,
  slug: string,
  group: Row[],
  refs: Refs,
  actorId: string | null,
): Promise<'created'> {
  const first = group[0]!;
  const missingPrice = group.find((r) => r.price === undefined);
  if (missingPrice)
    throw badRequest('VALIDATION_ERROR', 'price is required for a new SKU', [
      { path: 'price', message: 'Required' },
    ]);
  const [product] = await tx.db
    .select({ id: products.id, options: products.options })
    .from(products)
    .where(eq(products.slug, slug));
  const variantInputs = group.map((r) => ({
    sku: r.sku,
    price: r.price!,
    ...(r.compareAtPrice !== undefined ? { compareAtPrice: r.compareAtPrice } : {}),
    ...(r.stock !== undefined ? { stock: r.stock } : {}),
    ...(r.lowStockThreshold !== undefined ? { lowStockThreshold: r.lowStockThreshold } : {}),
    ...(r.active !== undefined ? { active: r.active } : {}),
    options: parseOptions(r.options),
  }));
  if (product) {
    // New variants for an existing product.
    for (const input of variantInputs) await addVariantInTx(ctx, tx, product.id, input, actorId, 'IMPORT');
    return 'created';
  }
  if (!first.name)
    throw badRequest('VALIDATION_ERROR', 'name is required to create a product', [
      { path: 'name', message: 'Required' },
    ]);
  // Options in order of first appearance, values in order of first appearance.
  const options: Array<{ name: string; values: string[] }> = [];
  for (const input of variantInputs) {
    for (const [name, value] of Object.entries(input.options)) {
      let option = options.find((o) => o.name === name);
      if (!option) options.push((option = { name, values: [] }));
      if (!option.values.includes(value)) option.values.push(value);
    }
  }
  const input: CreateProductInput = {
    name: first.name,
    slug,
    ...(first.description !== undefined ? { description: first.description } : {}),
    ...(first.status ? { status: first.status } : {}),
    ...(first.currency ? { currency: first.currency } : {}),
    ...(first.tags !== undefined ? { tags: splitTags(first.tags) ?? [] } : {}),
    ...refIds(first, refs),
    ...(options.length > 0 ? { options } : {}),
    variants: variantInputs,
  };
  await insertProduct(ctx, tx, input, actorId, 'IMPORT');
  return 'created';
}
