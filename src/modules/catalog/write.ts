import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import type { AppError } from '../../platform/errors';
import { rethrowConstraintError, type PostgresError } from '../../platform/postgres-errors';
import { badRequest, conflict } from '../../platform/errors';
import { invalidateCatalog } from './cache';
import type { brands, categories, products, tags } from './tables';

// Shared by the catalog's writers: one transaction that translates constraint errors and
// bumps the cache, and free slugs.

export interface Viewer {
  /** Admins see archived/draft products and inactive variants, and bypass the cache. */
  admin: boolean;
}

const constraintErrors: Record<string, (violation: PostgresError) => AppError> = {
  products_slug_key: () => conflict('SLUG_TAKEN', 'A product with this slug already exists'),
  categories_slug_key: () => conflict('SLUG_TAKEN', 'A category with this slug already exists'),
  brands_slug_key: () => conflict('SLUG_TAKEN', 'A brand with this slug already exists'),
  tags_slug_key: () => conflict('SLUG_TAKEN', 'A tag with this slug already exists'),
  variants_sku_key: ({ detail }) => {
    const sku = detail && /\(sku\)=\((.*)\)/.exec(detail)?.[1];
    return sku
      ? conflict('SKU_TAKEN', `A variant with SKU ${sku} already exists`, [{ path: 'sku', message: sku }])
      : conflict('SKU_TAKEN', 'A variant with this SKU already exists');
  },
  products_category_id_categories_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'categoryId does not exist', [
      { path: 'categoryId', message: 'Unknown category' },
    ]),
  products_brand_id_brands_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'brandId does not exist', [{ path: 'brandId', message: 'Unknown brand' }]),
  categories_parent_id_categories_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'parentId does not exist', [
      { path: 'parentId', message: 'Unknown category' },
    ]),
};

/** Turns the database's unique/foreign-key violations into 409/400 with a machine code. */
export function translateDbError(error: unknown): never {
  rethrowConstraintError(error, constraintErrors);
}

export async function write<T>(ctx: AppContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.transaction(fn);
  } catch (error) {
    translateDbError(error);
  } finally {
    // Also after a failure: harmless, and it keeps the rule "every write bumps" simple.
    await invalidateCatalog(ctx);
  }
}

/** Next free slug for `base` in `table` ("mug", "mug-2", "mug-3", ...). */
export async function freeSlug(
  db: Database,
  table: typeof products | typeof categories | typeof brands | typeof tags,
  base: string,
  exceptId?: string,
): Promise<string> {
  const rows = await db
    .select({ slug: table.slug, id: table.id })
    .from(table)
    .where(sql`${table.slug} = ${base} OR ${table.slug} LIKE ${`${base}-%`}`);
  const taken = new Set(rows.filter((r) => r.id !== exceptId).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
