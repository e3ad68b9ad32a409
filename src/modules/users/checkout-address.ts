import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, validationError } from '../../platform/errors';
import type { AddressSnapshot, CreateAddressInput } from './schemas';
import { getAddress } from './service';

/** The checkout names one saved address, or gives one inline. */
export type AddressChoice =
  | { addressId: string; shippingAddress?: undefined }
  | { addressId?: undefined; shippingAddress: Omit<CreateAddressInput, 'isDefault'> };

function snapshotOf(address: Omit<CreateAddressInput, 'isDefault'>): AddressSnapshot {
  return {
    fullName: address.fullName,
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    state: address.state ?? null,
    postalCode: address.postalCode,
    country: address.country,
    phone: address.phone ?? null,
  };
}

/**
 * Checkout step: the customer's name and email (`who`, read with the cart's lock, see
 * customer-sql.ts) and the shipping address, as snapshots. An address id that is not one of the
 * customer's → 400 VALIDATION_ERROR on `addressId`.
 */
export async function checkoutCustomer(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  who: { email: string; name: string },
  choice: AddressChoice,
): Promise<{ email: string; name: string; shippingAddress: AddressSnapshot }> {
  if (choice.shippingAddress) return { ...who, shippingAddress: snapshotOf(choice.shippingAddress) };
  try {
    const address = await getAddress(ctx, userId, choice.addressId, tx.db);
    return { ...who, shippingAddress: snapshotOf(address) };
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404)
      throw validationError('Unknown address', [{ path: 'addressId', message: 'not one of your addresses' }]);
    throw error;
  }
}
