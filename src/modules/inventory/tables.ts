import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { variants } from '../catalog/tables';

export const MOVEMENT_REASONS = ['ORDER', 'CANCEL', 'RETURN', 'ADJUSTMENT', 'IMPORT', 'INITIAL'] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];
export const movementReason = pgEnum('stock_movement_reason', MOVEMENT_REASONS);

/** The stock ledger: for every variant, stock = sum(delta) of its movements. Append-only. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid().primaryKey().defaultRandom(),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    delta: integer().notNull(),
    reason: movementReason().notNull(),
    orderId: uuid(),
    actorId: uuid(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_variant_idx').on(t.variantId, t.createdAt),
    index('stock_movements_reason_idx').on(t.reason, t.createdAt),
    index('stock_movements_created_idx').on(t.createdAt),
    index('stock_movements_order_idx').on(t.orderId),
  ],
);
