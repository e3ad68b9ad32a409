import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { memoStoreConfig } from '../../platform/config-memo';
import type { Database } from '../../platform/db';
import { badRequest } from '../../platform/errors';
import { zoneForAddress, shippingPrice, type ShippingAddress } from './pricing';
import type { ShippingOption } from './schemas';
import { shippingMethods, shippingZoneAreas, type ShippingMethodSnapshot } from './tables';

export type { ShippingMethodSnapshot } from './tables';

/** The cart as shipping sees it. */
export interface ShippingCart {
  weightGrams: number;
  /** Subtotal after discount (what freeOver compares with). */
  subtotalAfterDiscount: number;
  currency: string;
}

export interface ShippingChoice {
  /** Are any zones configured at all? None: the store does not charge shipping. */
  zonesExist: boolean;
  zoneId: string | null;
  /** Active methods of the zone (whatever the cart): when there are any, a method must be chosen. */
  activeMethods: number;
  /** The methods that can carry this cart to the address, cheapest first. */
  options: ShippingOption[];
}

type ShippingMethodRow = typeof shippingMethods.$inferSelect;

/**
 * Every zone's areas and active methods, kept in process until a zone or method changes
 * (memoStoreConfig): a store without zones reads nothing per checkout. Loaded with `db` (a
 * transaction's or the pool's).
 */
async function shippingConfig(
  ctx: AppContext,
  db: Database,
): Promise<{ areas: Map<string, string>; methods: ShippingMethodRow[] }> {
  return memoStoreConfig(
    ctx,
    'shipping',
    async () => {
      const areas = await db.select().from(shippingZoneAreas);
      const methods =
        areas.length === 0
          ? []
          : await db
              .select()
              .from(shippingMethods)
              .where(eq(shippingMethods.active, true))
              .orderBy(asc(shippingMethods.name), asc(shippingMethods.id));
      return { areas: new Map(areas.map((a) => [a.code, a.zoneId])), methods };
    },
    db,
  );
}

/** Every method of the address's zone that can carry the cart, priced. */
export async function shippingOptionsFor(
  ctx: AppContext,
  db: Database,
  address: ShippingAddress,
  cart: ShippingCart,
): Promise<ShippingChoice> {
  const config = await shippingConfig(ctx, db);
  const zoneId = zoneForAddress(config.areas, address);
  if (!zoneId) return { zonesExist: config.areas.size > 0, zoneId: null, activeMethods: 0, options: [] };
  const methods = config.methods.filter((m) => m.zoneId === zoneId);
  const options = methods.flatMap((m): ShippingOption[] => {
    if (m.currency !== cart.currency) return [];
    const price = shippingPrice(m, cart);
    if (price === null) return [];
    const { id, name, carrier, currency, minDays, maxDays } = m;
    return [{ id, name, carrier, price, currency, minDays, maxDays }];
  });
  options.sort((a, b) => a.price - b.price);
  return { zonesExist: true, zoneId, activeMethods: methods.length, options };
}

export const shippingMethodRequired = () =>
  badRequest('SHIPPING_METHOD_REQUIRED', 'Choose a shipping method for this address', [
    { path: 'shippingMethodId', message: 'required: GET /cart/shipping-options lists the choices' },
  ]);
export const shippingUnavailable = (message: string) =>
  badRequest('SHIPPING_UNAVAILABLE', message, [{ path: 'shippingMethodId', message }]);

/**
 * The shipping of an order (or a quote), priced on the server: no zones configured and no method
 * asked → free, no method. Otherwise the address must be in a zone (else SHIPPING_UNAVAILABLE), a
 * method is required when the zone has active methods (SHIPPING_METHOD_REQUIRED), and the chosen
 * method must serve the address and carry the cart (SHIPPING_UNAVAILABLE).
 */
export async function priceShipping(
  ctx: AppContext,
  db: Database,
  input: { address: ShippingAddress; cart: ShippingCart; shippingMethodId?: string | null | undefined },
): Promise<{ shipping: number; method: ShippingMethodSnapshot | null }> {
  const choice = await shippingOptionsFor(ctx, db, input.address, input.cart);
  const methodId = input.shippingMethodId ?? null;
  if (!choice.zonesExist && methodId === null) return { shipping: 0, method: null };
  if (!choice.zoneId) throw shippingUnavailable('We do not ship to this address');
  if (methodId === null) {
    if (choice.activeMethods > 0) throw shippingMethodRequired();
    return { shipping: 0, method: null };
  }
  const option = choice.options.find((o) => o.id === methodId);
  if (!option) throw shippingUnavailable('This shipping method cannot deliver this cart to this address');
  return { shipping: option.price, method: { ...option } };
}
