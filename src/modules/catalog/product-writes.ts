import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { createStockLevels, setStock, updateStockSettings } from '../inventory/service';
import type {
  CreateProductInput,
  CreateVariantInput,
  UpdateProductInput,
  UpdateVariantInput,
} from './schemas';
import { slugify } from './slug';
import { products, productTags, tags, variants } from './tables';
import { announceProduct } from './events';

import { checkCompareAt, normaliseOptions, validateVariantOptions } from './product-rules';
import { freeSlug, write } from './write';
import { refreshPrices, refreshSearch } from './derived';
import { getProduct, getVariant } from './product-reads';

// Product and variant writes (admin routes and bulk import).

async function upsertTags(tx: Tx, names: string[]): Promise<string[]> {
  const bySlug = new Map<string, string>();
  for (const tagName of names) bySlug.set(slugify(tagName), tagName.trim());
  if (bySlug.size === 0) return [];
  const rows = await tx.db
    .insert(tags)
    .values([...bySlug].map(([slug, tagName]) => ({ slug, name: tagName })))
    .onConflictDoUpdate({ target: tags.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: tags.id });
  return rows.map((r) => r.id);
}

/** Creates a product with its variants inside `tx` (used by the API, the CSV import and the seed). */
export async function insertProduct(
  ctx: AppContext,
  tx: Tx,
  input: CreateProductInput,
  actorId: string | null,
  reason: 'INITIAL' | 'IMPORT' = 'INITIAL',
): Promise<string> {
  const options = input.options ?? [];
  validateVariantOptions(options, input.variants);
  checkCompareAt(input.variants);
  const skus = input.variants.map((v) => v.sku.toUpperCase());
  if (new Set(skus).size !== skus.length) throw conflict('SKU_TAKEN', 'Two variants share a SKU');
  const slug = input.slug ?? (await freeSlug(tx.db, products, slugify(input.name)));
  const [product] = await tx.db
    .insert(products)
    .values({
      name: input.name,
      slug,
      description: input.description ?? null,
      categoryId: input.categoryId ?? null,
      brandId: input.brandId ?? null,
      currency: input.currency ?? ctx.config.DEFAULT_CURRENCY,
      status: input.status ?? 'ACTIVE',
      taxClass: input.taxClass ?? 'standard',
      options,
    })
    .returning({ id: products.id });
  const productId = product!.id;
  const created = await tx.db
    .insert(variants)
    .values(
      input.variants.map((v, position) => ({
        productId,
        sku: v.sku,
        options: normaliseOptions(options, v.options),
        price: v.price,
        compareAtPrice: v.compareAtPrice ?? null,
        weightGrams: v.weightGrams ?? 0,
        active: v.active ?? true,
        position,
      })),
    )
    .returning({ id: variants.id });
  const tagIds = await upsertTags(tx, input.tags ?? []);
  if (tagIds.length > 0)
    await tx.db.insert(productTags).values(tagIds.map((tagId) => ({ productId, tagId })));
  await createStockLevels(
    ctx,
    tx,
    input.variants.map((v, i) => ({
      variantId: created[i]!.id,
      productId,
      sku: v.sku,
      lowStockThreshold: v.lowStockThreshold,
      sellable: v.active ?? true,
      stock: v.stock,
    })),
    { reason, actorId },
  );
  await refreshPrices(tx, [productId]);
  await refreshSearch(tx, eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.created', {
    id: productId,
    slug,
    name: input.name,
    status: input.status ?? 'ACTIVE',
  });
  return productId;
}

export async function createProduct(ctx: AppContext, input: CreateProductInput, actorId: string | null) {
  const id = await write(ctx, (tx) => insertProduct(ctx, tx, input, actorId));
  return getProduct(ctx, id, { admin: true });
}

/** Updates product fields inside `tx`; returns false when the product does not exist. */
export async function patchProduct(
  ctx: AppContext,
  tx: Tx,
  id: string,
  input: UpdateProductInput,
): Promise<boolean> {
  const [current] = await tx.db.select().from(products).where(eq(products.id, id)).for('update');
  if (!current) return false;
  if (input.options !== undefined) {
    const existing = await tx.db
      .select({ options: variants.options, active: variants.active })
      .from(variants)
      .where(eq(variants.productId, id));
    const active = existing.filter((v) => v.active);
    // Active variants must fit the new options; inactive ones keep their values for order history.
    validateVariantOptions(input.options, active, 'options');
  }
  const [updated] = await tx.db
    .update(products)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
      ...(input.brandId !== undefined ? { brandId: input.brandId } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.taxClass !== undefined ? { taxClass: input.taxClass } : {}),
      ...(input.options !== undefined ? { options: input.options } : {}),
      updatedAt: new Date(),
    })
    .where(eq(products.id, id))
    .returning();
  if (input.tags !== undefined) {
    await tx.db.delete(productTags).where(eq(productTags.productId, id));
    const tagIds = await upsertTags(tx, input.tags);
    if (tagIds.length > 0)
      await tx.db.insert(productTags).values(tagIds.map((tagId) => ({ productId: id, tagId })));
  }
  await refreshSearch(tx, eq(products.id, id));
  await announceProduct(ctx, tx, 'product.updated', updated!);
  return true;
}

export async function updateProduct(ctx: AppContext, id: string, input: UpdateProductInput) {
  await write(ctx, async (tx) => {
    if (!(await patchProduct(ctx, tx, id, input))) throw notFound('Product');
  });
  return getProduct(ctx, id, { admin: true });
}

/** DELETE archives: hidden from customers, kept for order history. */
export async function archiveProduct(ctx: AppContext, id: string) {
  await write(ctx, async (tx) => {
    const updated = await tx.db
      .update(products)
      .set({ status: 'ARCHIVED', updatedAt: new Date() })
      .where(eq(products.id, id))
      .returning();
    if (!updated[0]) throw notFound('Product');
    await refreshSearch(tx, eq(products.id, id));
    await announceProduct(ctx, tx, 'product.deleted', updated[0]);
  });
  return getProduct(ctx, id, { admin: true });
}

async function lockProduct(tx: Tx, id: string) {
  const [product] = await tx.db.select().from(products).where(eq(products.id, id)).for('update');
  if (!product) throw notFound('Product');
  return product;
}

/** Adds a variant inside `tx`, checking it against the product's options; returns its id. */
export async function addVariantInTx(
  ctx: AppContext,
  tx: Tx,
  productId: string,
  input: CreateVariantInput,
  actorId: string | null,
  reason: 'INITIAL' | 'IMPORT' = 'INITIAL',
): Promise<string> {
  const product = await lockProduct(tx, productId);
  const siblings = await tx.db
    .select({ options: variants.options, position: variants.position, active: variants.active })
    .from(variants)
    .where(eq(variants.productId, productId));
  const active = siblings.filter((s) => s.active);
  if (product.options.length === 0 && active.length > 0)
    throw conflict(
      'SINGLE_VARIANT_PRODUCT',
      'A product without options has exactly one variant; add options first',
    );
  if (input.active ?? true) validateVariantOptions(product.options, [...active, input]);
  else validateVariantOptions(product.options, [input]);
  checkCompareAt([input]);
  const [row] = await tx.db
    .insert(variants)
    .values({
      productId,
      sku: input.sku,
      options: normaliseOptions(product.options, input.options),
      price: input.price,
      compareAtPrice: input.compareAtPrice ?? null,
      weightGrams: input.weightGrams ?? 0,
      active: input.active ?? true,
      position: Math.max(-1, ...siblings.map((s) => s.position)) + 1,
    })
    .returning({ id: variants.id });
  await createStockLevels(
    ctx,
    tx,
    [
      {
        variantId: row!.id,
        productId,
        sku: input.sku,
        lowStockThreshold: input.lowStockThreshold,
        sellable: input.active ?? true,
        stock: input.stock,
      },
    ],
    { reason, actorId },
  );
  await refreshPrices(tx, [productId]);
  await tx.db.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.updated', product);
  return row!.id;
}

export async function addVariant(
  ctx: AppContext,
  productId: string,
  input: CreateVariantInput,
  actorId: string | null,
) {
  const variantId = await write(ctx, (tx) => addVariantInTx(ctx, tx, productId, input, actorId));
  return getVariant(ctx, productId, variantId, { admin: true });
}

/** Updates a variant inside `tx`; `stock` is an absolute value recorded as the difference. */
export async function patchVariant(
  ctx: AppContext,
  tx: Tx,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
  actorId: string | null,
  reason: 'ADJUSTMENT' | 'IMPORT' = 'ADJUSTMENT',
): Promise<void> {
  const product = await lockProduct(tx, productId);
  const [current] = await tx.db
    .select()
    .from(variants)
    .where(and(eq(variants.id, variantId), eq(variants.productId, productId)))
    .for('update');
  if (!current) throw notFound('Variant');
  const options = input.options !== undefined ? input.options : current.options;
  const active = input.active ?? current.active;
  if (input.options !== undefined || (active && !current.active)) {
    const siblings = await tx.db
      .select({ options: variants.options })
      .from(variants)
      .where(
        and(
          eq(variants.productId, productId),
          eq(variants.active, true),
          sql`${variants.id} <> ${variantId}`,
        ),
      );
    if (active) validateVariantOptions(product.options, [...siblings, { options }]);
  }
  if (!active && current.active) await assertNotLastVariant(tx, productId, variantId);
  checkCompareAt([
    {
      price: input.price ?? current.price,
      compareAtPrice: input.compareAtPrice !== undefined ? input.compareAtPrice : current.compareAtPrice,
    },
  ]);
  await tx.db
    .update(variants)
    .set({
      ...(input.sku !== undefined ? { sku: input.sku } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.compareAtPrice !== undefined ? { compareAtPrice: input.compareAtPrice } : {}),
      ...(input.weightGrams !== undefined ? { weightGrams: input.weightGrams } : {}),
      ...(input.options !== undefined ? { options: normaliseOptions(product.options, options) } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(variants.id, variantId));
  await updateStockSettings(tx, variantId, {
    sku: input.sku,
    lowStockThreshold: input.lowStockThreshold,
    sellable: input.active,
  });
  if (input.stock !== undefined)
    await setStock(ctx, tx, variantId, input.stock, { reason, actorId, note: 'stock set by variant update' });
  await refreshPrices(tx, [productId]);
  await tx.db.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.updated', product);
}

async function assertNotLastVariant(tx: Tx, productId: string, variantId: string) {
  const others = await tx.db
    .select({ id: variants.id })
    .from(variants)
    .where(
      and(eq(variants.productId, productId), eq(variants.active, true), sql`${variants.id} <> ${variantId}`),
    )
    .limit(1);
  if (others.length === 0)
    throw conflict(
      'LAST_VARIANT',
      'A product keeps at least one active variant; archive the product instead',
    );
}

export async function updateVariant(
  ctx: AppContext,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
  actorId: string | null,
) {
  await write(ctx, (tx) => patchVariant(ctx, tx, productId, variantId, input, actorId));
  return getVariant(ctx, productId, variantId, { admin: true });
}

/** DELETE deactivates: the variant is kept (orders reference it) but no longer sold or shown. */
export async function deactivateVariant(ctx: AppContext, productId: string, variantId: string) {
  await write(ctx, async (tx) => {
    const product = await lockProduct(tx, productId);
    const [current] = await tx.db
      .select({ active: variants.active })
      .from(variants)
      .where(and(eq(variants.id, variantId), eq(variants.productId, productId)));
    if (!current) throw notFound('Variant');
    if (current.active) await assertNotLastVariant(tx, productId, variantId);
    await tx.db
      .update(variants)
      .set({ active: false, updatedAt: new Date() })
      .where(eq(variants.id, variantId));
    await updateStockSettings(tx, variantId, { sellable: false });
    await refreshPrices(tx, [productId]);
    await announceProduct(ctx, tx, 'product.updated', product);
  });
  return getVariant(ctx, productId, variantId, { admin: true });
}
