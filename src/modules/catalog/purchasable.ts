import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { StatementRunner } from '../../platform/db';
import { isUuid } from '../../platform/ids';
import { fixedStatement, type FixedStatement } from '../../platform/prepared-statements';
import { stockOf } from '../inventory/stock-sql';
import { imageView } from './product-reads';
import { productImages, products, variants } from './tables';

// Variants as the cart and the checkout see them: current price, stock and sellability.

export interface PurchasableVariant {
  variantId: string;
  productId: string;
  productName: string;
  productSlug: string;
  sku: string;
  options: Record<string, string>;
  price: number;
  currency: string;
  stock: number;
  /** Active variant of an ACTIVE product: can be sold. */
  purchasable: boolean;
  image: ReturnType<typeof imageView> | null;
  /** Shipping weight of one unit and the product's tax class (the checkout prices with them). */
  weightGrams: number;
  taxClass: string;
}

type PurchasableRow = Omit<PurchasableVariant, 'purchasable' | 'image'> & {
  active: boolean;
  status: string;
  imageId: string | null;
  originalKey: string | null;
  smallKey: string | null;
  mediumKey: string | null;
};

/** A statement reading the purchasable variants whose ids `ids` (an SQL set or subquery) names. */
export type PurchasableStatement = FixedStatement<PurchasableRow>;

/**
 * The variant read as a fixed statement (text built once) for the variants whose ids `ids` (a
 * parenthesised subquery) selects. Another module uses it to read the variants in the same round
 * trip as its own statements (the checkout: the locked cart's lines); `name` is the statement's.
 * The ids are gathered into an array first: as `IN (subquery)`, a table whose statistics are
 * stale or missing (never analyzed: the embedded database has no autovacuum) made the generic plan
 * hash-join a sequential scan of every variant, 6.8 ms for one cart line on the demo catalog
 * against 0.33 ms by the primary key.
 */
export function purchasableVariantsIn(name: string, ids: SQL): PurchasableStatement {
  return purchasableVariantsWhere(name, sql`${variants.id} = ANY(ARRAY${ids})`);
}

function purchasableVariantsWhere(name: string, condition: SQL): PurchasableStatement {
  return fixedStatement<PurchasableRow>(
    name,
    sql`SELECT ${variants.id} AS "variantId", ${products.id} AS "productId", ${products.name} AS "productName",
      ${products.slug} AS "productSlug", ${variants.sku} AS "sku", ${variants.options} AS "options",
      ${variants.price} AS "price", ${products.currency} AS "currency", ${stockOf(variants.id)} AS "stock",
      ${variants.active} AS "active", ${products.status} AS "status", ${productImages.id} AS "imageId",
      ${productImages.originalKey} AS "originalKey", ${productImages.smallKey} AS "smallKey",
      ${productImages.mediumKey} AS "mediumKey", ${variants.weightGrams} AS "weightGrams",
      ${products.taxClass} AS "taxClass"
    FROM ${variants}
    INNER JOIN ${products} ON ${products.id} = ${variants.productId}
    -- The first image, under the table's own name, so the select list's image columns read it.
    LEFT JOIN LATERAL (SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
      WHERE i.product_id = ${products.id} ORDER BY i.position, i.created_at LIMIT 1) ${productImages} ON true
    WHERE ${condition}`,
  );
}

/** findVariants' statement for several variants. */
const purchasableVariants = purchasableVariantsWhere(
  'catalog_purchasable_variants',
  sql`${variants.id} = ANY(${sql.placeholder('ids')}::uuid[])`,
);

/**
 * findVariants' statement for one variant (the cart's add, once per request). With `= ANY(array)`
 * PostgreSQL re-planned it on every call (~0.4 ms): a plan for an array of unknown length is
 * costed higher than one for the array at hand, so the generic plan never won; with one id the
 * two cost the same and the plan is kept.
 */
const purchasableVariant = purchasableVariantsWhere(
  'catalog_purchasable_variant',
  sql`${variants.id} = ${sql.placeholder('id')}::uuid`,
);

/**
 * For cart and checkout: the current price, stock and sellability of variants, in one query.
 * Pass `tx` to read inside the checkout transaction, or in one round trip with other statements
 * (DatabaseHandle.together). Missing ids are simply absent from the map.
 */
export async function findVariants(
  ctx: AppContext,
  variantIds: string[],
  options: { tx?: StatementRunner } = {},
): Promise<Map<string, PurchasableVariant>> {
  const ids = [...new Set(variantIds)].filter(isUuid);
  if (ids.length === 0) return new Map();
  const runner = options.tx ?? ctx.database;
  const rows =
    ids.length === 1
      ? await runner.run(purchasableVariant, { id: ids[0] })
      : await runner.run(purchasableVariants, { ids });
  return purchasableFromRows(ctx, rows);
}

/** The rows of a PurchasableStatement, by variant id. */
export function purchasableFromRows(
  ctx: AppContext,
  rows: PurchasableRow[],
): Map<string, PurchasableVariant> {
  const out = new Map<string, PurchasableVariant>();
  for (const row of rows) {
    out.set(row.variantId, {
      variantId: row.variantId,
      productId: row.productId,
      productName: row.productName,
      productSlug: row.productSlug,
      sku: row.sku,
      options: row.options,
      price: row.price,
      currency: row.currency,
      stock: row.stock,
      purchasable: row.active && row.status === 'ACTIVE',
      weightGrams: row.weightGrams,
      taxClass: row.taxClass,
      image:
        row.imageId && row.originalKey && row.smallKey && row.mediumKey
          ? imageView(ctx, {
              id: row.imageId,
              originalKey: row.originalKey,
              smallKey: row.smallKey,
              mediumKey: row.mediumKey,
            })
          : null,
    });
  }
  return out;
}
