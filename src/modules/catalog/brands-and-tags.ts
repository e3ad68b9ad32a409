import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { isUuid } from '../../platform/ids';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { indexName } from './search';
import { slugify } from './slug';
import { brands, products, productTags, tags } from './tables';
import { freeSlug, write } from './write';
import { refreshSearch } from './derived';

// Brands and tags: named, slugged lists that products refer to.

export type NamedKind = 'brands' | 'tags';
const namedTables = { brands, tags } as const;

type NamedListQuery = { page: number; limit: number; searchTerm?: string | undefined };

/** A page of brands or tags from the database (customers get it cached: namedListJson). */
export async function loadNamed(ctx: AppContext, kind: NamedKind, query: NamedListQuery) {
  const table = namedTables[kind];
  const where = query.searchTerm
    ? sql`${table.name} ILIKE ${`%${escapeLike(query.searchTerm)}%`}`
    : undefined;
  const [items, [count]] = await Promise.all([
    ctx.database.db
      .select({ id: table.id, name: table.name, slug: table.slug })
      .from(table)
      .where(where)
      .orderBy(asc(table.name), asc(table.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ total: sql<number>`count(*)::int` })
      .from(table)
      .where(where),
  ]);
  return { items, meta: pageMeta(query, count?.total ?? 0) };
}

export async function getNamed(ctx: AppContext, kind: NamedKind, idOrSlug: string) {
  const table = namedTables[kind];
  const [row] = await ctx.database.db
    .select({ id: table.id, name: table.name, slug: table.slug })
    .from(table)
    .where(isUuid(idOrSlug) ? eq(table.id, idOrSlug) : eq(table.slug, idOrSlug));
  if (!row) throw notFound(table === brands ? 'Brand' : 'Tag');
  return row;
}

export async function createNamed(
  ctx: AppContext,
  kind: NamedKind,
  input: { name: string; slug?: string | undefined },
) {
  const table = namedTables[kind];
  return write(ctx, async (tx) => {
    const slug = input.slug ?? (await freeSlug(tx.db, table, slugify(input.name)));
    const [row] = await tx.db
      .insert(table)
      .values({ name: input.name, slug })
      .returning({ id: table.id, name: table.name, slug: table.slug });
    if (table === brands) await indexName(tx, 'BRAND', row!.id, row!.name);
    return row!;
  });
}

export async function updateNamed(
  ctx: AppContext,
  kind: NamedKind,
  id: string,
  input: { name?: string | undefined; slug?: string | undefined },
) {
  const table = namedTables[kind];
  return write(ctx, async (tx) => {
    const [row] = await tx.db
      .update(table)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
      })
      .where(eq(table.id, id))
      .returning({ id: table.id, name: table.name, slug: table.slug });
    if (!row) throw notFound(table === brands ? 'Brand' : 'Tag');
    if (table === brands) await indexName(tx, 'BRAND', id, row.name);
    // Brand and tag names are part of the products' search documents.
    const affected =
      table === brands
        ? sql`SELECT id FROM ${products} WHERE brand_id = ${id}`
        : sql`SELECT product_id FROM ${productTags} WHERE tag_id = ${id}`;
    await refreshSearch(tx, sql`${products.id} IN (${affected})`);
    return row;
  });
}

export async function deleteNamed(ctx: AppContext, kind: NamedKind, id: string): Promise<void> {
  const table = namedTables[kind];
  await write(ctx, async (tx) => {
    const affected = await (table === brands
      ? tx.db.select({ id: products.id }).from(products).where(eq(products.brandId, id))
      : tx.db.select({ id: productTags.productId }).from(productTags).where(eq(productTags.tagId, id)));
    const deleted = await tx.db.delete(table).where(eq(table.id, id)).returning({ id: table.id });
    if (deleted.length === 0) throw notFound(table === brands ? 'Brand' : 'Tag');
    if (table === brands) await indexName(tx, 'BRAND', id, null);
    if (affected.length > 0)
      await refreshSearch(
        tx,
        inArray(
          products.id,
          affected.map((a) => a.id),
        ),
      );
  });
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
