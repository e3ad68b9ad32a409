import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { products } from '../catalog/tables';
import { users } from '../users/tables';

export const REVIEW_STATUSES = ['APPROVED', 'HIDDEN'] as const;
export const reviewStatus = pgEnum('review_status', REVIEW_STATUSES);

export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The author's name when the review was written (shown publicly; never the email). */
    authorName: varchar({ length: 100 }).notNull(),
    rating: integer().notNull(),
    title: varchar({ length: 120 }),
    /** Plain text, returned as text; clients must not render it as HTML. */
    body: text().notNull(),
    status: reviewStatus().notNull().default('APPROVED'),
    helpfulCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_product_user_key').on(t.productId, t.userId),
    index('reviews_product_status_created_idx').on(t.productId, t.status, t.createdAt),
    index('reviews_product_status_rating_idx').on(t.productId, t.status, t.rating),
    index('reviews_product_status_helpful_idx').on(t.productId, t.status, t.helpfulCount),
    index('reviews_user_idx').on(t.userId),
    index('reviews_status_created_idx').on(t.status, t.createdAt),
    check('reviews_rating_check', sql`${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** One "helpful" vote per user per review. */
export const reviewVotes = pgTable(
  'review_votes',
  {
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);

/**
 * Moderation remembered per (product, author): a review an admin hid or deleted stays hidden
 * even when its author deletes it and writes a new one. Approving the review forgets it.
 */
export const reviewModerations = pgTable(
  'review_moderations',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moderatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.userId] })],
);
