// Demo customers and order history, generated inside PostgreSQL (generate_series), so even
// 100,000 orders take seconds. Used by `npm run seed` (a few hundred orders) and by the analytics
// benchmark (`npm run seed -- --orders 100000`). Idempotent per customer email / order number.
import { sql } from 'drizzle-orm';
import type { Database } from '../src/platform/db';

/** Orders are spread over the last 365 days; most are paid, some pending, some cancelled. */
export async function seedOrders(
  db: Database,
  options: { customers: number; orders: number; currency: string },
): Promise<{ customers: number; orders: number }> {
  const customers = await db.execute<{ n: number }>(sql`
    WITH inserted AS (
      INSERT INTO users (email, name, role, email_verified_at, created_at)
      SELECT 'customer' || i || '@example.com', 'Customer ' || i, 'CUSTOMER', now(),
             now() - make_interval(days => (abs(hashint4(i)) % 365))
      FROM generate_series(1, ${options.customers}::int) AS i
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);

  const existing = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM orders WHERE order_number LIKE 'SEED-%'`,
  );
  const have = existing.rows[0]?.n ?? 0;

  await db.execute(sql`
    CREATE TEMP TABLE IF NOT EXISTS seed_customers AS
      SELECT row_number() OVER (ORDER BY id) AS n, id, email, name FROM users
      WHERE role = 'CUSTOMER' AND email LIKE 'customer%@example.com'`);
  await db.execute(sql`
    CREATE TEMP TABLE IF NOT EXISTS seed_variants AS
      SELECT row_number() OVER (ORDER BY v.id) AS n, v.id, v.product_id, p.name, v.sku, v.options, v.price
      FROM variants v JOIN products p ON p.id = v.product_id
      WHERE v.active AND p.status = 'ACTIVE' AND p.currency = ${options.currency}`);

  // Indexed lookups by number, and the counts as constants: left to itself the planner (without
  // statistics on fresh temp tables) may recount the variants for every candidate row.
  await db.execute(sql`CREATE INDEX IF NOT EXISTS seed_customers_n ON seed_customers (n)`);
  await db.execute(sql`CREATE INDEX IF NOT EXISTS seed_variants_n ON seed_variants (n)`);
  await db.execute(sql`ANALYZE seed_customers`);
  await db.execute(sql`ANALYZE seed_variants`);
  const [counts] = (
    await db.execute<{ customers: number; variants: number }>(sql`
      SELECT (SELECT count(*)::int FROM seed_customers) AS customers, (SELECT count(*)::int FROM seed_variants) AS variants`)
  ).rows;
  if (!counts || counts.customers === 0 || counts.variants === 0) {
    return { customers: customers.rows[0]?.n ?? 0, orders: 0 };
  }

  // Orders first with zero totals, then their items, then totals from the items. Each step only
  // touches what an earlier (possibly interrupted) run left unfinished.
  if (have < options.orders)
    await db.execute(sql`
    INSERT INTO orders (order_number, user_id, customer_email, customer_name, status, payment_status, payment_method,
                        currency, subtotal, total, shipping_address, created_at, updated_at)
    SELECT 'SEED-' || lpad(i::text, 7, '0'), c.id, c.email, c.name,
           s.status::order_status, s.payment::payment_status, s.method::payment_method,
           ${options.currency}, 0, 0,
           jsonb_build_object('fullName', c.name, 'line1', i || ' Market Street', 'line2', null, 'city', 'Pune',
                              'state', null, 'postalCode', '411001', 'country', 'IN', 'phone', null),
           o.created_at, o.created_at
    FROM generate_series(${have + 1}::int, ${options.orders}::int) AS i
    CROSS JOIN LATERAL (SELECT now() - make_interval(mins => abs(hashint4(i * 7)) % (365 * 24 * 60)) AS created_at) o
    JOIN seed_customers c ON c.n = 1 + abs(hashint4(i)) % ${counts.customers}::int
    CROSS JOIN LATERAL (SELECT abs(hashint4(i * 3)) % 100 AS b) d
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN d.b < 55 THEN 'DELIVERED' WHEN d.b < 70 THEN 'SHIPPED' WHEN d.b < 80 THEN 'PAID'
             WHEN d.b < 88 THEN 'PENDING' WHEN d.b < 95 THEN 'CANCELLED' ELSE 'PROCESSING' END AS status,
        CASE WHEN d.b < 80 THEN 'PAID' WHEN d.b < 88 THEN 'UNPAID' WHEN d.b < 95 THEN 'REFUNDED' ELSE 'UNPAID' END AS payment,
        CASE WHEN d.b < 55 THEN 'STRIPE' WHEN d.b < 70 THEN 'RAZORPAY' WHEN d.b < 80 THEN 'STRIPE'
             WHEN d.b < 88 THEN 'COD' WHEN d.b < 95 THEN 'STRIPE' ELSE 'COD' END AS method) s
    ON CONFLICT DO NOTHING`);
  await db.execute(sql`ANALYZE orders`);

  await db.execute(sql`
    INSERT INTO order_items (order_id, variant_id, product_id, name, sku, options, unit_price, quantity, line_total)
    SELECT o.id, v.id, v.product_id, v.name, v.sku, v.options, v.price, q.quantity, v.price * q.quantity
    FROM orders o
    CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(o.order_number)) % 3) AS k
    JOIN seed_variants v ON v.n = 1 + abs(hashtext(o.order_number || ':' || k)) % ${counts.variants}::int
    CROSS JOIN LATERAL (SELECT 1 + abs(hashtext(k || o.order_number)) % 3 AS quantity) q
    WHERE o.order_number LIKE 'SEED-%' AND o.subtotal = 0
      AND NOT EXISTS (SELECT 1 FROM order_items x WHERE x.order_id = o.id)`);

  const updated = await db.execute<{ n: number }>(sql`
    WITH totals AS (
      SELECT i.order_id, sum(i.line_total) AS subtotal FROM order_items i
      JOIN orders o ON o.id = i.order_id WHERE o.order_number LIKE 'SEED-%' AND o.subtotal = 0
      GROUP BY i.order_id),
    done AS (
      UPDATE orders o SET subtotal = t.subtotal, total = t.subtotal FROM totals t WHERE o.id = t.order_id RETURNING 1)
    SELECT count(*)::int AS n FROM done`);
  // Fresh statistics and visibility map, so analytics can use index-only scans right away.
  await db.execute(sql`VACUUM ANALYZE orders`);
  await db.execute(sql`VACUUM ANALYZE order_items`);
  return { customers: customers.rows[0]?.n ?? 0, orders: updated.rows[0]?.n ?? 0 };
}
