-- Admin analytics aggregate paid, not cancelled/refunded orders by creation time. This partial
-- covering index lets those queries run as index-only scans (100,000 orders: 213 ms -> 49 ms
-- for a year of daily buckets on a loaded 2-core machine).
CREATE INDEX IF NOT EXISTS "orders_sales_idx" ON "orders" ("created_at") INCLUDE ("total", "currency")
  WHERE "payment_status" = 'PAID' AND "status" NOT IN ('CANCELLED', 'REFUNDED');
