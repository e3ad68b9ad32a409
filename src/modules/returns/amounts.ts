import { mulDivHalfUp } from '../../platform/money';

/** The amounts of an order line that a refund is computed from. */
export interface RefundableLine {
  quantity: number;
  lineTotal: number;
  discountShare: number;
  tax: number;
}

/** What the customer paid for the whole line: its amount after its discount share, plus its tax when added on top. */
export function linePaid(line: RefundableLine, taxIncluded: boolean): number {
  return line.lineTotal - line.discountShare + (taxIncluded ? 0 : line.tax);
}

/**
 * The refund for `units` more units of a line of which `alreadyReturned` units are in other returns.
 * Computed as the difference of cumulative shares, so the refunds of a line's units always add up
 * to exactly what was paid for the line, however the units are split over returns.
 */
export function unitsRefund(
  line: RefundableLine,
  taxIncluded: boolean,
  alreadyReturned: number,
  units: number,
): number {
  const paid = linePaid(line, taxIncluded);
  return (
    mulDivHalfUp(paid, alreadyReturned + units, line.quantity) -
    mulDivHalfUp(paid, alreadyReturned, line.quantity)
  );
}

/** The shipping charged (with its tax when added on top): refunded only with the last units of the order. */
export function shippingPaid(order: { shipping: number; shippingTax: number; taxIncluded: boolean }): number {
  return order.shipping + (order.taxIncluded ? 0 : order.shippingTax);
}
