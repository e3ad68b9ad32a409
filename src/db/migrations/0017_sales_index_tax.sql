-- Analytics now also sums each sale's tax (revenue with and without tax); the covering index
-- carries it so those aggregates stay index-only scans.
DROP INDEX IF EXISTS "orders_sales_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_sales_idx" ON "orders" ("created_at") INCLUDE ("total", "tax", "currency")
  WHERE "payment_status" = 'PAID' AND "status" NOT IN ('CANCELLED', 'REFUNDED');
