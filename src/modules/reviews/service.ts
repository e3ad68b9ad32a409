import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { invalidateCatalog } from '../catalog/cache';
import { lockProductForRating, setProductRating } from '../catalog/ratings';
import { getProduct } from '../catalog/service';
import { hasDeliveredOrderContaining } from '../orders/service';
import { findUserById } from '../users/service';
import type { AdminReviewsQuery, CreateReviewInput, ProductReviewsQuery, UpdateReviewInput } from './schemas';
import { reviewModerations, reviews, reviewVotes } from './tables';

type ReviewRow = typeof reviews.$inferSelect;

function toView(row: ReviewRow) {
  return {
    id: row.id,
    productId: row.productId,
    rating: row.rating,
    title: row.title,
    body: row.body,
    author: { name: row.authorName },
    helpfulCount: row.helpfulCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toAdminView(row: ReviewRow) {
  return { ...toView(row), userId: row.userId, status: row.status };
}

/**
 * Recounts a product's rating from its approved reviews inside the caller's transaction, with the
 * product row locked first, so concurrent reviews can't leave a stale average behind.
 */
async function recountRating(tx: Tx, productId: string): Promise<void> {
  const [row] = await tx.db
    .select({
      average: sql<string | null>`round(avg(${reviews.rating}), 2)`,
      count: count(),
    })
    .from(reviews)
    .where(and(eq(reviews.productId, productId), eq(reviews.status, 'APPROVED')));
  await setProductRating(tx, productId, { average: Number(row?.average ?? 0), count: row?.count ?? 0 });
}

/** Runs a change to one product's reviews and recounts its rating in the same transaction. */
async function changeReviews<T>(
  ctx: AppContext,
  productId: string,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  const result = await ctx.database.transaction(async (tx) => {
    if (!(await lockProductForRating(tx, productId))) throw notFound('Product');
    const value = await change(tx);
    await recountRating(tx, productId);
    return value;
  });
  await invalidateCatalog(ctx);
  return result;
}

/** The approved reviews of a product visible to customers (archived product → 404). */
export async function listProductReviews(ctx: AppContext, idOrSlug: string, query: ProductReviewsQuery) {
  const product = await getProduct(ctx, idOrSlug, { admin: false });
  const direction = query.sortOrder === 'asc' ? asc : desc;
  const sortColumn = { newest: reviews.createdAt, rating: reviews.rating, helpful: reviews.helpfulCount }[
    query.sortBy
  ];
  const where = and(eq(reviews.productId, product.id), eq(reviews.status, 'APPROVED'));
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(reviews)
      .where(where)
      .orderBy(direction(sortColumn), desc(reviews.createdAt), asc(reviews.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(reviews).where(where),
  ]);
  return { items: rows.map(toView), meta: pageMeta(query, total?.n ?? 0) };
}

/** Only a customer with a DELIVERED order containing the product may review it, once. */
export async function createReview(
  ctx: AppContext,
  userId: string,
  idOrSlug: string,
  input: CreateReviewInput,
) {
  const product = await getProduct(ctx, idOrSlug, { admin: false });
  if (!(await hasDeliveredOrderContaining(ctx, userId, product.id))) {
    throw forbidden('Only customers who received this product can review it', 'NOT_A_PURCHASER');
  }
  const author = await findUserById(ctx, userId);
  if (!author) throw notFound('User');
  const row = await changeReviews(ctx, product.id, async (tx) => {
    const [moderated] = await tx.db
      .select({ at: reviewModerations.moderatedAt })
      .from(reviewModerations)
      .where(and(eq(reviewModerations.productId, product.id), eq(reviewModerations.userId, userId)));
    const [created] = await tx.db
      .insert(reviews)
      .values({
        productId: product.id,
        userId,
        authorName: author.name,
        rating: input.rating,
        title: input.title ?? null,
        body: input.body,
        // An author whose earlier review was moderated cannot get past it by deleting and reposting.
        status: moderated ? 'HIDDEN' : 'APPROVED',
      })
      .onConflictDoNothing({ target: [reviews.productId, reviews.userId] })
      .returning();
    if (!created)
      throw conflict('REVIEW_EXISTS', 'You have already reviewed this product; edit your review instead');
    return created;
  });
  return toView(row);
}

async function findOwnReview(ctx: AppContext, userId: string, id: string): Promise<ReviewRow> {
  const [row] = await ctx.database.db
    .select()
    .from(reviews)
    .where(and(eq(reviews.id, id), eq(reviews.userId, userId)));
  // Another user's review is indistinguishable from a missing one.
  if (!row) throw notFound('Review');
  return row;
}

export async function updateOwnReview(ctx: AppContext, userId: string, id: string, input: UpdateReviewInput) {
  const existing = await findOwnReview(ctx, userId, id);
  const row = await changeReviews(ctx, existing.productId, async (tx) => {
    const [updated] = await tx.db
      .update(reviews)
      .set({
        ...(input.rating !== undefined ? { rating: input.rating } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(reviews.id, id), eq(reviews.userId, userId)))
      .returning();
    if (!updated) throw notFound('Review');
    return updated;
  });
  return toView(row);
}

export async function deleteOwnReview(ctx: AppContext, userId: string, id: string): Promise<void> {
  const existing = await findOwnReview(ctx, userId, id);
  await changeReviews(ctx, existing.productId, async (tx) => {
    await tx.db.delete(reviews).where(and(eq(reviews.id, id), eq(reviews.userId, userId)));
  });
}

/** One helpful vote per user; voting again changes nothing. Returns whether a vote was added. */
export async function voteHelpful(ctx: AppContext, userId: string, id: string) {
  return ctx.database.transaction(async (tx) => {
    const [review] = await tx.db
      .select()
      .from(reviews)
      .where(and(eq(reviews.id, id), eq(reviews.status, 'APPROVED')));
    if (!review) throw notFound('Review');
    if (review.userId === userId)
      throw new AppError(403, 'OWN_REVIEW', 'You cannot vote for your own review');
    const inserted = await tx.db
      .insert(reviewVotes)
      .values({ reviewId: id, userId })
      .onConflictDoNothing()
      .returning({ reviewId: reviewVotes.reviewId });
    if (inserted.length === 0) return { added: false, review: toView(review) };
    const [updated] = await tx.db
      .update(reviews)
      .set({ helpfulCount: sql`${reviews.helpfulCount} + 1` })
      .where(eq(reviews.id, id))
      .returning();
    return { added: true, review: toView(updated!) };
  });
}

export async function listReviewsForAdmin(ctx: AppContext, query: AdminReviewsQuery) {
  const where: SQL[] = [];
  if (query.status) where.push(eq(reviews.status, query.status));
  if (query.productId) where.push(eq(reviews.productId, query.productId));
  if (query.userId) where.push(eq(reviews.userId, query.userId));
  if (query.rating) where.push(eq(reviews.rating, query.rating));
  const condition = where.length > 0 ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(reviews)
      .where(condition)
      .orderBy(desc(reviews.createdAt), asc(reviews.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(reviews).where(condition),
  ]);
  return { items: rows.map(toAdminView), meta: pageMeta(query, total?.n ?? 0) };
}

async function findReview(ctx: AppContext, id: string): Promise<ReviewRow> {
  const [row] = await ctx.database.db.select().from(reviews).where(eq(reviews.id, id));
  if (!row) throw notFound('Review');
  return row;
}

export async function moderateReview(ctx: AppContext, id: string, status: ReviewRow['status']) {
  const existing = await findReview(ctx, id);
  const row = await changeReviews(ctx, existing.productId, async (tx) => {
    const [updated] = await tx.db
      .update(reviews)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(reviews.id, id))
      .returning();
    if (!updated) throw notFound('Review');
    if (status === 'HIDDEN') await rememberModeration(tx, updated);
    else await forgetModeration(tx, updated);
    return updated;
  });
  return toAdminView(row);
}

/** Moderation outlives the review: see reviewModerations. */
async function rememberModeration(tx: Tx, review: Pick<ReviewRow, 'productId' | 'userId'>): Promise<void> {
  await tx.db
    .insert(reviewModerations)
    .values({ productId: review.productId, userId: review.userId })
    .onConflictDoUpdate({
      target: [reviewModerations.productId, reviewModerations.userId],
      set: { moderatedAt: sql`now()` },
    });
}

async function forgetModeration(tx: Tx, review: Pick<ReviewRow, 'productId' | 'userId'>): Promise<void> {
  await tx.db
    .delete(reviewModerations)
    .where(
      and(eq(reviewModerations.productId, review.productId), eq(reviewModerations.userId, review.userId)),
    );
}

export async function deleteReviewAsAdmin(ctx: AppContext, id: string): Promise<void> {
  const existing = await findReview(ctx, id);
  await changeReviews(ctx, existing.productId, async (tx) => {
    await tx.db.delete(reviews).where(eq(reviews.id, id));
    // Deleting is moderation too: the author's next review of this product starts hidden.
    await rememberModeration(tx, existing);
  });
}
