import { z } from 'zod';
import { shippingOptionSchema } from '../shipping/schemas';
import { taxLineSchema } from '../tax/schemas';
import { countrySchema } from '../users/schemas';

const destination = z.object({
  addressId: z.uuid().optional().describe('One of your saved addresses (signed-in customers)'),
  country: countrySchema.optional(),
  state: z.string().trim().min(1).max(100).optional().describe('State or region code, e.g. CA or MH'),
  postalCode: z.string().trim().min(1).max(20).optional(),
});
const oneDestination = {
  check: (q: { addressId?: string | undefined; country?: string | undefined }) =>
    (q.addressId === undefined) !== (q.country === undefined),
  message: { message: 'Give exactly one of addressId or country', path: ['country'] },
};

/** Where the cart would ship: a saved address, or a country with an optional state and postal code. */
export const destinationQuery = destination.refine(oneDestination.check, oneDestination.message);
export type DestinationQuery = z.infer<typeof destinationQuery>;

export const quoteQuery = destination
  .extend({
    shippingMethodId: z.uuid().optional(),
    useStoreCredit: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true')
      .describe('true: show what your store credit would pay (nothing is taken until checkout)'),
  })
  .refine(oneDestination.check, oneDestination.message);
export type QuoteQuery = z.infer<typeof quoteQuery>;

export const shippingOptionsSchema = z.array(shippingOptionSchema);

export const quoteSchema = z
  .object({
    subtotal: z.number().int(),
    discount: z.number().int(),
    shipping: z.number().int(),
    shippingMethod: shippingOptionSchema.nullable(),
    tax: z.number().int(),
    taxLines: z.array(taxLineSchema),
    storeCredit: z
      .number()
      .int()
      .describe('What your store credit would pay (with useStoreCredit=true, signed in; else 0)'),
    total: z.number().int(),
    amountDue: z.number().int().describe('total − storeCredit'),
    currency: z.string(),
    taxIncluded: z.boolean().describe('true: prices include the tax (PRICES_INCLUDE_TAX)'),
  })
  .meta({ id: 'CartQuote' });
export type CartQuote = z.infer<typeof quoteSchema>;
