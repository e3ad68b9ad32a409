import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { asc, eq, gt, inArray, or, and, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { csvStringifier, restoreCsvCell } from '../../platform/csv';
import type { Tx } from '../../platform/db';
import { AppError, badRequest, type ErrorDetail } from '../../platform/errors';
import { currencySchema, MAX_INT4 } from '../../platform/money';
import { lowStockThresholdOf, stockOf } from '../inventory/stock-sql';
import { invalidateCatalog } from './cache';
import { PRODUCT_STATUSES, type CreateProductInput } from './schemas';
import { addVariantInTx, insertProduct, patchProduct, patchVariant } from './product-writes';
import { translateDbError } from './write';
import { SLUG_PATTERN, slugify } from './slug';
import { brands, categories, products, productTags, tags, variants } from './tables';

/** One CSV row per variant. `options` is `Size=M|Color=Red`, `tags` is `a|b`; category/brand are slugs. */
export const CSV_COLUMNS = [
  'sku',
  'product',
  'name',
  'description',
  'category',
  'brand',
  'tags',
  'status',
  'currency',
  'options',
  'price',
  'compareAtPrice',
  'stock',
  'lowStockThreshold',
  'active',
] as const;

export const MAX_IMPORT_ROWS = 50_000;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const intCell = (min: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^-?\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(MAX_INT4))
      .optional(),
  );

const rowSchema = z.object({
  sku: z
    .string()
    .trim()
    .min(1, 'required')
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - /'),
  product: z.preprocess(
    blankToUndefined,
    z.string().trim().max(140).regex(SLUG_PATTERN, 'not a slug').optional(),
  ),
  name: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  description: z.preprocess(blankToUndefined, z.string().max(20_000).optional()),
  category: z.preprocess(blankToUndefined, z.string().trim().max(140).optional()),
  brand: z.preprocess(blankToUndefined, z.string().trim().max(140).optional()),
  tags: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
  status: z.preprocess(blankToUndefined, z.enum(PRODUCT_STATUSES).optional()),
  currency: z.preprocess(blankToUndefined, currencySchema.optional()),
  options: z.preprocess(blankToUndefined, z.string().max(1000).optional()),
  price: intCell(0),
  compareAtPrice: intCell(0),
  stock: intCell(0),
  lowStockThreshold: intCell(0),
  active: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', 'TRUE', 'FALSE', '1', '0', 'yes', 'no'])
      .transform((v) => ['true', 'TRUE', '1', 'yes'].includes(v))
      .optional(),
  ),
});
type Row = z.output<typeof rowSchema> & { line: number };

export interface ImportReport {
  mode: 'per-row' | 'all-or-nothing';
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: Array<{ row: number; sku: string | null; message: string }>;
}

function parseOptions(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split('|')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw badRequest('VALIDATION_ERROR', `options: "${pair}" is not Name=Value`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
const splitTags = (text: string | undefined) =>
  text
    ? text
        .split('|')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined;

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
  let records: Array<Record<string, string>>;
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      bom: true,
      trim: false,
      relax_column_count: false,
      max_record_size: 64 * 1024,
      to: MAX_IMPORT_ROWS + 1,
      // Cells our export escaped against formula injection come back as they were.
      cast: (value, context) => (context.header ? value : restoreCsvCell(value)),
    });
  } catch (error) {
    throw badRequest(
      'INVALID_CSV',
      `The CSV cannot be parsed: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  }
  if (records.length > MAX_IMPORT_ROWS)
    throw badRequest('TOO_MANY_ROWS', `At most ${MAX_IMPORT_ROWS} rows per import`);
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  if (records.length > 0 && !header.includes('sku'))
    throw badRequest('INVALID_CSV', 'The CSV needs a "sku" column');
  const unknownColumns = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknownColumns.length > 0)
    throw badRequest(
      'INVALID_CSV',
      `Unknown columns: ${unknownColumns.join(', ')}`,
      unknownColumns.map((c) => ({ path: c, message: 'Unknown column' })),
    );

  const report: ImportReport = { mode, rows: records.length, created: 0, updated: 0, failed: 0, errors: [] };
  const rows: Row[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // header is line 1
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      report.errors.push({
        row: line,
        sku: record.sku ?? null,
        message: `${issue.path.join('.')}: ${issue.message}`,
      });
      return;
    }
    rows.push({ ...parsed.data, line });
  });
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.sku.toUpperCase();
    if (seen.has(key))
      report.errors.push({
        row: row.line,
        sku: row.sku,
        message: `duplicate SKU (also on row ${seen.get(key)})`,
      });
    else seen.set(key, row.line);
  }
  const badLines = new Set(report.errors.map((e) => e.row));
  if (mode === 'all-or-nothing' && report.errors.length > 0) throw importFailed(report);

  const good = rows.filter((r) => !badLines.has(r.line));
  try {
    await ctx.database.transaction(async (tx) => {
      const existing = new Map<string, { id: string; productId: string }>();
      for (let i = 0; i < good.length; i += 1000) {
        const chunk = good.slice(i, i + 1000).map((r) => r.sku);
        const found = await tx.db
          .select({ id: variants.id, sku: variants.sku, productId: variants.productId })
          .from(variants)
          .where(inArray(variants.sku, chunk));
        for (const v of found) existing.set(v.sku, { id: v.id, productId: v.productId });
      }
      const refs = await resolveRefs(tx, good);
      const units: Array<{ rows: Row[]; run: () => Promise<'created' | 'updated'> }> = [];
      const newByProduct = new Map<string, Row[]>();
      for (const row of good) {
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
      for (const unit of units) {
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
      if (mode === 'all-or-nothing' && report.errors.length > 0) throw importFailed(report);
    });
  } finally {
    await invalidateCatalog(ctx);
  }
  report.errors.sort((a, b) => a.row - b.row);
  report.failed = report.errors.length;
  return report;
}

function importFailed(report: ImportReport): AppError {
  const details: ErrorDetail[] = report.errors
    .sort((a, b) => a.row - b.row)
    .slice(0, 500)
    .map((e) => ({ path: `rows.${e.row}`, message: e.sku ? `${e.sku}: ${e.message}` : e.message }));
  return new AppError(
    400,
    'IMPORT_FAILED',
    `${report.errors.length} row(s) failed; nothing was imported`,
    details,
  );
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

/** Streams every product's variants as CSV (same columns as the import), in pages of 500 variants. */
export function exportProducts(ctx: AppContext): Readable {
  async function* rows() {
    yield [...CSV_COLUMNS];
    let after: { slug: string; position: number; id: string } | null = null;
    for (;;) {
      const page: Array<{
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
      }> = await ctx.database.db
        .select({
          id: variants.id,
          slug: products.slug,
          position: variants.position,
          sku: variants.sku,
          name: products.name,
          description: products.description,
          category: sql<
            string | null
          >`(SELECT slug FROM ${categories} c WHERE c.id = ${products.categoryId})`,
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
        .where(
          after
            ? or(
                gt(products.slug, after.slug),
                and(eq(products.slug, after.slug), gt(variants.position, after.position)),
                and(
                  eq(products.slug, after.slug),
                  eq(variants.position, after.position),
                  gt(variants.id, after.id),
                ),
              )
            : undefined,
        )
        .orderBy(asc(products.slug), asc(variants.position), asc(variants.id))
        .limit(500);
      for (const v of page) {
        yield [
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
      const last = page.at(-1);
      if (!last || page.length < 500) return;
      after = { slug: last.slug, position: last.position, id: last.id };
    }
  }
  return Readable.from(rows()).pipe(csvStringifier({ cast: { boolean: (b) => (b ? 'true' : 'false') } }));
}
