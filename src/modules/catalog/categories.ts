import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { conflict, notFound } from '../../platform/errors';
import { invalidateCatalog } from './cache';
import { indexName } from './search';
import { slugify } from './slug';
import { categories, products } from './tables';

import { freeSlug, write } from './write';

// Categories: a tree, read whole (cached) and written by admins.

export interface CategoryView {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  description: string | null;
  depth: number;
  productCount: number;
}

/**
 * The whole tree, depth first (parents before children), with recursive active product counts,
 * from the database (customers get it cached, as the bytes the route sends: categoriesJson).
 */
export async function loadCategories(ctx: AppContext): Promise<CategoryView[]> {
  const result = await ctx.database.db.execute<{
    id: string;
    name: string;
    slug: string;
    parentId: string | null;
    description: string | null;
    own: number;
  }>(sql`
    SELECT c.id, c.name, c.slug, c.parent_id AS "parentId", c.description,
      (SELECT count(*)::int FROM ${products} p WHERE p.category_id = c.id AND p.status = 'ACTIVE') AS own
    FROM ${categories} c ORDER BY c.name, c.id`);
  const rows = result.rows;
  const children = new Map<string | null, typeof rows>();
  for (const row of rows) {
    const key = row.parentId && rows.some((r) => r.id === row.parentId) ? row.parentId : null;
    children.set(key, [...(children.get(key) ?? []), row]);
  }
  const out: CategoryView[] = [];
  const visit = (parent: string | null, depth: number): number => {
    let total = 0;
    for (const row of children.get(parent) ?? []) {
      const view: CategoryView = {
        id: row.id,
        name: row.name,
        slug: row.slug,
        parentId: row.parentId,
        description: row.description,
        depth,
        productCount: 0,
      };
      out.push(view);
      view.productCount = row.own + visit(row.id, depth + 1);
      total += view.productCount;
    }
    return total;
  };
  visit(null, 0);
  return out;
}

async function categoryView(ctx: AppContext, id: string): Promise<CategoryView> {
  await invalidateCatalog(ctx);
  const found = (await loadCategories(ctx)).find((c) => c.id === id);
  if (!found) throw notFound('Category');
  return found;
}

export async function createCategory(
  ctx: AppContext,
  input: {
    name: string;
    slug?: string | undefined;
    parentId?: string | null | undefined;
    description?: string | null | undefined;
  },
): Promise<CategoryView> {
  const id = await write(ctx, async (tx) => {
    const slug = input.slug ?? (await freeSlug(tx.db, categories, slugify(input.name)));
    const [row] = await tx.db
      .insert(categories)
      .values({
        name: input.name,
        slug,
        parentId: input.parentId ?? null,
        description: input.description ?? null,
      })
      .returning({ id: categories.id });
    await indexName(tx, 'CATEGORY', row!.id, input.name);
    return row!.id;
  });
  return categoryView(ctx, id);
}

export async function updateCategory(
  ctx: AppContext,
  id: string,
  input: {
    name?: string | undefined;
    slug?: string | undefined;
    parentId?: string | null | undefined;
    description?: string | null | undefined;
  },
): Promise<CategoryView> {
  await write(ctx, async (tx) => {
    if (input.parentId) {
      // The new parent must not be the category itself or one of its descendants.
      const result = await tx.db.execute<{ id: string }>(sql`
        WITH RECURSIVE sub AS (
          SELECT id FROM ${categories} WHERE id = ${id}
          UNION SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub WHERE id = ${input.parentId}`);
      if (result.rows.length > 0) throw conflict('CATEGORY_CYCLE', 'A category cannot be moved under itself');
    }
    const updated = await tx.db
      .update(categories)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updatedAt: new Date(),
      })
      .where(eq(categories.id, id))
      .returning({ id: categories.id, name: categories.name });
    if (updated.length === 0) throw notFound('Category');
    await indexName(tx, 'CATEGORY', id, updated[0]!.name);
  });
  return categoryView(ctx, id);
}

/** Deletes a category; its children move up to its parent, its products become uncategorised. */
export async function deleteCategory(ctx: AppContext, id: string): Promise<void> {
  await write(ctx, async (tx) => {
    const [row] = await tx.db.select().from(categories).where(eq(categories.id, id)).for('update');
    if (!row) throw notFound('Category');
    await tx.db.update(categories).set({ parentId: row.parentId }).where(eq(categories.parentId, id));
    await tx.db.delete(categories).where(eq(categories.id, id));
    await indexName(tx, 'CATEGORY', id, null);
  });
}
