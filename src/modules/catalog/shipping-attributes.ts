import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { products, variants } from './tables';

export interface ShippingAttributes {
  /** Shipping weight of one unit. */
  weightGrams: number;
  /** The product's tax class. */
  taxClass: string;
}

/** Weight and tax class of each variant (shipping and tax price a cart with them). */
export async function shippingAttributesOf(
  db: Database,
  variantIds: string[],
): Promise<Map<string, ShippingAttributes>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .select({ id: variants.id, weightGrams: variants.weightGrams, taxClass: products.taxClass })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.id, variantIds));
  return new Map(rows.map((r) => [r.id, { weightGrams: r.weightGrams, taxClass: r.taxClass }]));
}
