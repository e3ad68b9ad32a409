import { sql } from 'drizzle-orm';

// The order number as an SQL expression, for the checkout's cart-locking statement: the number is
// known from the checkout's first round trip, so the order's INSERT is sent with the last one
// (with the stock and the COMMIT) and nothing waits for its answer.

/** BZ-<yymmdd>-<sequence> (a sequence, so numbers are unique but may have gaps). */
export const nextOrderNumber = sql<string>`'BZ-' || to_char(now() AT TIME ZONE 'UTC', 'YYMMDD') || '-' || nextval('order_number_seq')`;
