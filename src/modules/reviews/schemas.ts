import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { REVIEW_STATUSES } from './tables';

const rating = z.number().int().min(1).max(5);
const title = z.string().trim().min(1).max(120);
const body = z.string().trim().min(1).max(5000);

export const createReviewBody = z.strictObject({ rating, title: title.optional(), body });
export const updateReviewBody = z
  .strictObject({ rating: rating.optional(), title: title.nullable().optional(), body: body.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to update' });
export const moderateReviewBody = z.strictObject({ status: z.enum(REVIEW_STATUSES) });

export const productReviewsQuery = paginationQuery.extend({
  sortBy: z.enum(['newest', 'rating', 'helpful']).default('newest'),
  sortOrder: z.enum(['asc', 'desc']).default('desc'),
});

export const adminReviewsQuery = paginationQuery.extend({
  status: z.enum(REVIEW_STATUSES).optional(),
  productId: z.uuid().optional(),
  userId: z.uuid().optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
});

export const productParam = z.object({ id: z.string().min(1).max(200).describe('Product id or slug') });

export const reviewSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    rating: z.number().int(),
    title: z.string().nullable(),
    body: z.string(),
    author: z.object({ name: z.string() }),
    helpfulCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Review' });

export const adminReviewSchema = reviewSchema
  .extend({ userId: z.string(), status: z.enum(REVIEW_STATUSES) })
  .meta({ id: 'AdminReview' });

export type CreateReviewInput = z.output<typeof createReviewBody>;
export type UpdateReviewInput = z.output<typeof updateReviewBody>;
export type ProductReviewsQuery = z.output<typeof productReviewsQuery>;
export type AdminReviewsQuery = z.output<typeof adminReviewsQuery>;
