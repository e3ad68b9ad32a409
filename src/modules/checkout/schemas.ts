import { z } from 'zod';
import { paymentMethodSchema } from '../orders/schemas';
import { createAddressBody } from '../users/schemas';

export const shippingAddressBody = createAddressBody.omit({ isDefault: true });

/** Checkout body: no price, total, stock or status field can be sent (strict: unknown fields → 400). */
export const checkoutBody = z
  .strictObject({
    addressId: z.uuid().optional().describe('One of your saved addresses'),
    shippingAddress: shippingAddressBody.optional().describe('Or an address given inline'),
    paymentMethod: paymentMethodSchema,
    shippingMethodId: z
      .uuid()
      .optional()
      .describe(
        'One of GET /cart/shipping-options for this address; required when methods serve it (400 SHIPPING_METHOD_REQUIRED). The server prices it',
      ),
    couponCode: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('Overrides the coupon applied to the cart'),
    note: z.string().trim().max(1000).optional(),
    useStoreCredit: z
      .boolean()
      .optional()
      .describe('Pay with your store credit first, up to the total; the payment method collects `amountDue`'),
  })
  .refine((body) => (body.addressId === undefined) !== (body.shippingAddress === undefined), {
    message: 'Give exactly one of addressId or shippingAddress',
    path: ['addressId'],
  })
  .describe('Give exactly one of `addressId` or `shippingAddress` (400 otherwise)')
  // `x-examples` (media-type examples): Zod leaves `examples` out of input schemas with transforms.
  .meta({
    'x-examples': {
      inlineAddress: {
        summary: 'Cash on delivery to an address given inline, with a coupon',
        value: {
          paymentMethod: 'COD',
          shippingAddress: {
            fullName: 'Asha Verma',
            line1: '1 Market Street',
            city: 'Pune',
            state: 'MH',
            postalCode: '411001',
            country: 'IN',
            phone: '+919812345678',
          },
          couponCode: 'WELCOME10',
        },
      },
      savedAddress: {
        summary: 'Card payment (Stripe) to a saved address',
        value: { paymentMethod: 'STRIPE', addressId: '3b0f7c1e-2a4d-4e8f-9b6a-5c7d8e9f0a1b' },
      },
    },
  });
export type CheckoutInput = z.infer<typeof checkoutBody>;
