import { sql } from 'drizzle-orm';
import { check, integer, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { variants } from '../catalog/tables';
import { coupons } from '../coupons/tables';
import { users } from '../users/tables';

/**
 * Carts: one per signed-in user (unique user_id), or a guest cart found by the SHA-256 of its
 * token (the token itself is never stored). A guest cart merges into the user's on login.
 * No index on updated_at (nothing looks carts up by it): every add to cart and checkout updates
 * it, and an indexed column makes each of those updates write a new entry in every index of the
 * table (no HOT update).
 */
export const carts = pgTable(
  'carts',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: varchar({ length: 64 }),
    couponId: uuid().references(() => coupons.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('carts_user_key').on(t.userId),
    uniqueIndex('carts_token_key').on(t.tokenHash),
    check('carts_owner_check', sql`(${t.userId} IS NULL) <> (${t.tokenHash} IS NULL)`),
  ],
);

export const cartItems = pgTable(
  'cart_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_variant_key').on(t.cartId, t.variantId),
    check('cart_items_quantity_check', sql`${t.quantity} BETWEEN 1 AND 1000`),
  ],
);
