import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { countrySchema, regionSchema } from '../users/schemas';

/** A product's tax class: lower-case letters, digits, - and _ (e.g. standard, reduced, zero). */
export const taxClassSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _ (at most 32)'))
  .describe('Tax class, e.g. standard, reduced, zero');

export const basisPointsSchema = z.number().int().min(0).max(10_000).describe('Basis points: 1800 = 18 %');

const taxRateFields = {
  name: z.string().trim().min(1).max(64).describe('Shown on orders and invoices, e.g. GST, VAT'),
  country: countrySchema,
  region: regionSchema.nullable().optional().describe('ISO 3166-2 of the same country; null = whole country'),
  taxClass: taxClassSchema.optional().describe('Default "standard"'),
  rate: basisPointsSchema,
  appliesToShipping: z.boolean().optional().describe('Also tax shipping at this rate (default false)'),
};

function regionInCountry(body: { country?: string | undefined; region?: string | null | undefined }) {
  return !body.region || !body.country || body.region.startsWith(`${body.country}-`);
}
const regionMismatch = { message: 'region must be in the given country', path: ['region'] };

export const createTaxRateBody = z.strictObject(taxRateFields).refine(regionInCountry, regionMismatch);
export const updateTaxRateBody = z
  .strictObject(taxRateFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Give at least one field to change');
export type CreateTaxRateInput = z.infer<typeof createTaxRateBody>;
export type UpdateTaxRateInput = z.infer<typeof updateTaxRateBody>;

export const taxRateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    country: z.string(),
    region: z.string().nullable(),
    taxClass: z.string(),
    rate: z.number().int().describe('Basis points'),
    appliesToShipping: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaxRate' });
export type TaxRateView = z.infer<typeof taxRateSchema>;

export const taxRateListQuery = paginationQuery.extend({
  country: countrySchema.optional(),
  taxClass: taxClassSchema.optional(),
});
export type TaxRateListQuery = z.infer<typeof taxRateListQuery>;

export const taxLineSchema = z
  .object({
    name: z.string(),
    rate: z.number().int().describe('Basis points'),
    amount: z.number().int().describe('Minor units'),
  })
  .meta({ id: 'TaxLine' });
