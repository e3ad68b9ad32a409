import { z } from 'zod';
import { currencySchema, moneyAmountSchema } from '../../platform/money';
import { paginationQuery } from '../../platform/pagination';
import { countrySchema, regionSchema } from '../users/schemas';
import { SHIPPING_METHOD_TYPES } from './tables';

const MAX_GRAMS = 100_000_000;
const days = z.number().int().min(0).max(365);
const price = moneyAmountSchema.max(2_000_000_000);

const zoneFields = {
  name: z.string().trim().min(1).max(100),
  countries: z.array(countrySchema).max(250).describe('ISO 3166-1 alpha-2 codes'),
  regions: z.array(regionSchema).max(500).optional().describe('ISO 3166-2 codes, e.g. US-CA'),
};
const someArea = (body: { countries?: string[] | undefined; regions?: string[] | undefined }) =>
  body.countries === undefined && body.regions === undefined
    ? true
    : (body.countries?.length ?? 0) + (body.regions?.length ?? 0) > 0;
const someAreaMessage = { message: 'A zone needs at least one country or region', path: ['countries'] };

export const createZoneBody = z.strictObject(zoneFields).refine(someArea, someAreaMessage);
export const updateZoneBody = z
  .strictObject(zoneFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Give at least one field to change');
export type CreateZoneInput = z.infer<typeof createZoneBody>;
export type UpdateZoneInput = z.infer<typeof updateZoneBody>;

export const zoneSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    countries: z.array(z.string()),
    regions: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ShippingZone' });
export type ZoneView = z.infer<typeof zoneSchema>;

export const weightTierSchema = z.strictObject({
  upToGrams: z.number().int().min(0).max(MAX_GRAMS).describe('Inclusive'),
  price,
});

const methodFields = {
  zoneId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  carrier: z.string().trim().min(1).max(100).nullable().optional(),
  currency: currencySchema,
  type: z.enum(SHIPPING_METHOD_TYPES),
  price: price.nullable().optional().describe('FLAT only'),
  rates: z
    .array(weightTierSchema)
    .min(1)
    .max(50)
    .nullable()
    .optional()
    .describe('WEIGHT only: tiers by strictly ascending upToGrams'),
  freeOver: price.nullable().optional().describe('Free at or above this subtotal after discount'),
  minDays: days.nullable().optional(),
  maxDays: days.nullable().optional(),
  active: z.boolean().optional().describe('Default true'),
};

export const createMethodBody = z.strictObject(methodFields);
export const updateMethodBody = z
  .strictObject(methodFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Give at least one field to change');
export type CreateMethodInput = z.infer<typeof createMethodBody>;
export type UpdateMethodInput = z.infer<typeof updateMethodBody>;

export const methodSchema = z
  .object({
    id: z.uuid(),
    zoneId: z.uuid(),
    name: z.string(),
    carrier: z.string().nullable(),
    currency: z.string(),
    type: z.enum(SHIPPING_METHOD_TYPES),
    price: z.number().int().nullable(),
    rates: z.array(z.object({ upToGrams: z.number().int(), price: z.number().int() })).nullable(),
    freeOver: z.number().int().nullable(),
    minDays: z.number().int().nullable(),
    maxDays: z.number().int().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ShippingMethod' });
export type MethodView = z.infer<typeof methodSchema>;

export const zoneListQuery = paginationQuery;
export const methodListQuery = paginationQuery.extend({
  zoneId: z.uuid().optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type MethodListQuery = z.infer<typeof methodListQuery>;

/** What a customer sees for one method that can carry the cart to the address. */
export const shippingOptionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    carrier: z.string().nullable(),
    price: z.number().int(),
    currency: z.string(),
    minDays: z.number().int().nullable(),
    maxDays: z.number().int().nullable(),
  })
  .meta({ id: 'ShippingOption' });
export type ShippingOption = z.infer<typeof shippingOptionSchema>;
