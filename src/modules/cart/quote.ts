import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import { AppError, badRequest, validationError } from '../../platform/errors';
import { shippingAttributesOf } from '../catalog/shipping-attributes';
import { priceShipping, shippingOptionsFor } from '../shipping/service';
import type { ShippingOption } from '../shipping/schemas';
import { totalsOf } from '../tax/calculation';
import { DEFAULT_TAX_CLASS, taxOrder, type TaxResult } from '../tax/service';
import { previewStoreCredit } from '../store-credit/service';
import { getAddress } from '../users/service';
import type { PricedLine } from './checkout';
import type { CartQuote, DestinationQuery, QuoteQuery } from './quote-schemas';
import { getCart, type CartOwner } from './service';

/** Where an order ships, as shipping zones and tax rates see it. */
export interface Destination {
  country: string;
  state: string | null;
}

/** A line as pricing sees it: its amount before discount, weight and tax class. */
export interface PricingLine {
  amount: number;
  weightGrams: number;
  taxClass: string;
}

export interface OrderPricing {
  shipping: number;
  shippingMethod: ShippingOption | null;
  tax: TaxResult & { taxIncluded: boolean };
  total: number;
}

/**
 * Shipping, then tax, then the total of lines at a destination: the one computation behind the
 * cart quote and the checkout, so the two always agree for the same cart, address and method.
 */
export async function priceOrderAt(
  ctx: AppContext,
  db: Database,
  input: {
    lines: PricingLine[];
    subtotal: number;
    discount: number;
    currency: string;
    destination: Destination;
    shippingMethodId?: string | null | undefined;
  },
): Promise<OrderPricing> {
  const weightGrams = input.lines.reduce((sum, l) => sum + l.weightGrams, 0);
  const { shipping, method } = await priceShipping(ctx, db, {
    address: input.destination,
    cart: { weightGrams, subtotalAfterDiscount: input.subtotal - input.discount, currency: input.currency },
    shippingMethodId: input.shippingMethodId,
  });
  const tax = await taxOrder(ctx, db, {
    address: input.destination,
    lines: input.lines.map((l) => ({ amount: l.amount, taxClass: l.taxClass })),
    discount: input.discount,
    shipping,
  });
  const { total } = totalsOf({
    subtotal: input.subtotal,
    discount: input.discount,
    shipping,
    tax: tax.tax,
    taxIncluded: tax.taxIncluded,
  });
  return { shipping, shippingMethod: method, tax, total };
}

async function destinationOf(
  ctx: AppContext,
  owner: CartOwner,
  query: DestinationQuery,
): Promise<Destination> {
  if (query.country) return { country: query.country, state: query.state ?? null };
  const unknown = validationError('Unknown address', [
    { path: 'addressId', message: 'not one of your addresses' },
  ]);
  if (!owner.userId) throw unknown;
  try {
    const address = await getAddress(ctx, owner.userId, query.addressId!);
    return { country: address.country, state: address.state };
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) throw unknown;
    throw error;
  }
}

/** Lines as pricing sees them: amount, weight (unit weight × quantity) and the product's tax class. */
async function pricingLinesOf(
  db: Database,
  lines: Array<{ variantId: string; quantity: number; lineTotal: number }>,
): Promise<PricingLine[]> {
  const attributes = await shippingAttributesOf(
    db,
    lines.map((l) => l.variantId),
  );
  return lines.map((l) => {
    const a = attributes.get(l.variantId);
    return {
      amount: l.lineTotal,
      weightGrams: (a?.weightGrams ?? 0) * l.quantity,
      taxClass: a?.taxClass ?? DEFAULT_TAX_CLASS,
    };
  });
}

/** The cart's lines with weights and tax classes, as it is now. */
async function cartForPricing(ctx: AppContext, owner: CartOwner) {
  const cart = await getCart(ctx, owner);
  return { cart, lines: await pricingLinesOf(ctx.database.db, cart.items) };
}

/** GET /cart/shipping-options: the methods that can carry the cart as it is now to the destination. */
export async function cartShippingOptions(
  ctx: AppContext,
  owner: CartOwner,
  query: DestinationQuery,
): Promise<ShippingOption[]> {
  const destination = await destinationOf(ctx, owner, query);
  const { cart, lines } = await cartForPricing(ctx, owner);
  const choice = await shippingOptionsFor(ctx, ctx.database.db, destination, {
    weightGrams: lines.reduce((sum, l) => sum + l.weightGrams, 0),
    subtotalAfterDiscount: cart.subtotal - cart.discount,
    currency: cart.currency,
  });
  return choice.options;
}

/**
 * GET /cart/quote: subtotal, discount, shipping, tax (with its lines) and total for the cart as it
 * is now, at a destination and with a method, computed exactly as the checkout will (same errors:
 * CART_EMPTY, SHIPPING_METHOD_REQUIRED, SHIPPING_UNAVAILABLE).
 */
export async function quoteCart(ctx: AppContext, owner: CartOwner, query: QuoteQuery): Promise<CartQuote> {
  const destination = await destinationOf(ctx, owner, query);
  const { cart, lines } = await cartForPricing(ctx, owner);
  if (lines.length === 0) throw badRequest('CART_EMPTY', 'Your cart is empty');
  const priced = await priceOrderAt(ctx, ctx.database.db, {
    lines,
    subtotal: cart.subtotal,
    discount: cart.discount,
    currency: cart.currency,
    destination,
    shippingMethodId: query.shippingMethodId,
  });
  const storeCredit =
    query.useStoreCredit && owner.userId ? await previewStoreCredit(ctx, owner.userId, priced.total) : 0;
  return {
    subtotal: cart.subtotal,
    discount: cart.discount,
    shipping: priced.shipping,
    shippingMethod: priced.shippingMethod,
    tax: priced.tax.tax,
    taxLines: priced.tax.taxLines,
    storeCredit,
    total: priced.total,
    amountDue: priced.total - storeCredit,
    currency: cart.currency,
    taxIncluded: priced.tax.taxIncluded,
  };
}

/** The checkout's pricing step: shipping, tax per line and the total, exactly as the quote does. */
export async function priceCheckout(
  ctx: AppContext,
  tx: Tx,
  input: {
    lines: PricedLine[];
    subtotal: number;
    discount: number;
    currency: string;
    destination: Destination;
    shippingMethodId: string | undefined;
  },
): Promise<OrderPricing> {
  // The lines' variants were read with their weight and tax class: no query here.
  const lines = input.lines.map((l) => ({
    amount: l.lineTotal,
    weightGrams: l.variant.weightGrams * l.quantity,
    taxClass: l.variant.taxClass,
  }));
  return priceOrderAt(ctx, tx.db, { ...input, lines });
}
