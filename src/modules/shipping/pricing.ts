import { regionCodeOf } from '../users/countries';
import type { ShippingMethodType, WeightTier } from './tables';

export interface ShippingAddress {
  country: string;
  state?: string | null;
}

/** Zone area codes (countries and ISO 3166-2 regions) → zone id. */
export type AreaIndex = ReadonlyMap<string, string>;

/**
 * The zone serving an address: the zone listing its region (country-state) if any, else the zone
 * listing its country, else none. A country's zone therefore never serves an address of a region
 * that has a zone of its own.
 */
export function zoneForAddress(areas: AreaIndex, address: ShippingAddress): string | null {
  const region = regionCodeOf(address);
  return (region ? areas.get(region) : undefined) ?? areas.get(address.country.toUpperCase()) ?? null;
}

export interface PricedMethod {
  type: ShippingMethodType;
  price: number | null;
  rates: WeightTier[] | null;
  freeOver: number | null;
}

/**
 * What a method charges for a cart, or null when it cannot carry it (heavier than its last tier).
 * WEIGHT: the first tier whose upToGrams (inclusive) holds the weight. Free when the subtotal after
 * discount is at or above freeOver.
 */
export function shippingPrice(
  method: PricedMethod,
  cart: { weightGrams: number; subtotalAfterDiscount: number },
): number | null {
  let price: number | null;
  if (method.type === 'FLAT') price = method.price ?? 0;
  else price = method.rates?.find((tier) => cart.weightGrams <= tier.upToGrams)?.price ?? null;
  if (price === null) return null;
  if (method.freeOver !== null && cart.subtotalAfterDiscount >= method.freeOver) return 0;
  return price;
}
