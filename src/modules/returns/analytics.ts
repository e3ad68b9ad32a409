import { sql, type SQL } from 'drizzle-orm';

/**
 * For analytics (orders/reports.ts): what refunded returns took back, as subqueries over this
 * module's tables, so reports never name them. `units`: (order_item_id, units) returned and
 * refunded; `shippingOrders`: the ids of orders whose shipping was refunded with their last units.
 */
export interface ReturnedSales {
  units: SQL;
  shippingOrders: SQL;
}

export function returnedSales(): ReturnedSales {
  return {
    units: sql`(SELECT ri.order_item_id, sum(ri.quantity)::int AS units
      FROM return_items ri JOIN returns r ON r.id = ri.return_id
      WHERE r.status = 'REFUNDED' GROUP BY ri.order_item_id)`,
    shippingOrders: sql`(SELECT r.order_id FROM returns r WHERE r.status = 'REFUNDED' AND r.shipping_amount > 0)`,
  };
}
