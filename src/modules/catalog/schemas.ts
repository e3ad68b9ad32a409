import { z } from 'zod';
import { currencySchema, MAX_INT4, moneyAmountSchema } from '../../platform/money';
import { pageMetaSchema, paginationQuery } from '../../platform/pagination';
import { SLUG_PATTERN } from './slug';
import { taxClassSchema } from '../tax/schemas';

const slug = z.string().min(1).max(140).regex(SLUG_PATTERN, 'lower-case letters, digits and single hyphens');
const name = (max: number) => z.string().trim().min(1).max(max);

// ---------- categories, brands, tags ----------
export const categorySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    parentId: z.uuid().nullable(),
    description: z.string().nullable(),
    depth: z.number().int().describe('0 for a root category'),
    productCount: z.number().int().describe('Active products in this category and its sub-categories'),
  })
  .meta({ id: 'Category' });

export const createCategoryBody = z.strictObject({
  name: name(120),
  slug: slug.optional(),
  parentId: z.uuid().nullable().optional(),
  description: z.string().max(5000).nullable().optional(),
});
export const updateCategoryBody = createCategoryBody.partial();

export const brandSchema = z
  .object({ id: z.uuid(), name: z.string(), slug: z.string() })
  .meta({ id: 'Brand' });
export const createBrandBody = z.strictObject({ name: name(120), slug: slug.optional() });
export const updateBrandBody = createBrandBody.partial();

export const tagSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).meta({ id: 'Tag' });
export const createTagBody = z.strictObject({ name: name(80), slug: slug.optional() });
export const updateTagBody = createTagBody.partial();

export const namedListQuery = paginationQuery.extend({
  searchTerm: z.string().trim().max(200).optional(),
});

// ---------- products ----------
const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - /');
const optionValue = z.string().trim().min(1).max(100);
const productOptions = z
  .array(
    z.strictObject({
      name: z.string().trim().min(1).max(50),
      values: z.array(optionValue).min(1).max(100),
    }),
  )
  .max(5);
const variantOptions = z.record(z.string().trim().min(1).max(50), optionValue);
const stockAmount = z.number().int().min(0).max(1_000_000_000);

export const createVariantBody = z.strictObject({
  sku,
  price: moneyAmountSchema,
  compareAtPrice: moneyAmountSchema.nullable().optional(),
  stock: stockAmount.optional().describe('Initial stock (default 0), recorded as an INITIAL movement'),
  lowStockThreshold: stockAmount.optional().describe('Default 5'),
  weightGrams: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Shipping weight of one unit in grams (default 0); carts weigh Σ weightGrams × quantity'),
  options: variantOptions.optional(),
  active: z.boolean().optional(),
});
export const updateVariantBody = createVariantBody
  .extend({
    stock: stockAmount
      .optional()
      .describe('New absolute stock; the difference is recorded as an ADJUSTMENT movement'),
  })
  .partial();

export const PRODUCT_STATUSES = ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const;

const productBody = z.strictObject({
  name: name(200),
  slug: slug.optional(),
  description: z.string().max(20_000).nullable().optional(),
  categoryId: z.uuid().nullable().optional(),
  brandId: z.uuid().nullable().optional(),
  tags: z.array(name(80)).max(50).optional(),
  currency: currencySchema.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  taxClass: taxClassSchema.optional().describe('Tax class for tax rates (default standard)'),
  options: productOptions.optional(),
  variants: z.array(createVariantBody).min(1).max(500),
});
const createProductExample = {
  name: 'Alpine Merino Sweater',
  description: 'A warm crew-neck sweater in fine merino wool.',
  tags: ['wool', 'winter'],
  currency: 'USD',
  options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
  variants: [
    { sku: 'ALP-MER-S', price: 8900, stock: 12, options: { Size: 'S' } },
    { sku: 'ALP-MER-M', price: 8900, stock: 20, options: { Size: 'M' } },
    { sku: 'ALP-MER-L', price: 9400, compareAtPrice: 11000, stock: 8, options: { Size: 'L' } },
  ],
};
export const createProductBody = productBody.meta({ examples: [createProductExample] });
export const updateProductBody = productBody.omit({ variants: true }).partial();

export type CreateProductInput = z.output<typeof createProductBody>;
export type UpdateProductInput = z.output<typeof updateProductBody>;
export type CreateVariantInput = z.output<typeof createVariantBody>;
export type UpdateVariantInput = z.output<typeof updateVariantBody>;

export const imageSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    thumbnails: z.object({ small: z.string(), medium: z.string() }),
  })
  .meta({ id: 'ProductImage' });

const ratingSchema = z.object({ average: z.number(), count: z.number().int() });
const refSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });

export const variantSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    price: z.number().int(),
    compareAtPrice: z.number().int().nullable(),
    currency: z.string(),
    stock: z.number().int(),
    inStock: z.boolean(),
    weightGrams: z.number().int().describe('Shipping weight of one unit in grams'),
    lowStockThreshold: z.number().int().optional().describe('Admins only'),
    active: z.boolean().optional().describe('Admins only'),
  })
  .meta({ id: 'Variant' });

export const productSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(PRODUCT_STATUSES),
    currency: z.string(),
    taxClass: z.string(),
    category: refSchema.nullable(),
    brand: refSchema.nullable(),
    tags: z.array(refSchema),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    variants: z.array(variantSchema),
    images: z.array(imageSchema),
    priceMin: z.number().int(),
    priceMax: z.number().int(),
    inStock: z.boolean(),
    rating: ratingSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });

export const productListItemSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    priceMin: z.number().int(),
    priceMax: z.number().int(),
    currency: z.string(),
    inStock: z.boolean(),
    rating: ratingSchema,
    image: imageSchema.nullable().describe('The primary (first) image'),
  })
  .meta({ id: 'ProductListItem' });

export const PRODUCT_SORTS = ['price', 'createdAt', 'rating', 'name', 'popularity', 'relevance'] as const;

const boolQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `a,b,c` → ['a', 'b', 'c'] (blanks dropped, at most 20). */
const commaList = (max: number) =>
  z
    .string()
    .max(20 * (max + 1))
    .transform((v) => [...new Set(v.split(',').map((x) => x.trim()))].filter((x) => x !== ''))
    .pipe(z.array(z.string().max(max)).min(1).max(20))
    .optional();

/** `option=Size:M&option=Size:L&option=Color:Red` → { Size: ['M', 'L'], Color: ['Red'] }. */
const optionFilters = z
  .union([z.string(), z.array(z.string()).max(20)])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[^:]+:.+$/, 'expected Name:Value (e.g. Size:M)')
        .max(160),
    ),
  )
  .transform((pairs) => {
    const byName: Record<string, string[]> = {};
    for (const pair of pairs) {
      const at = pair.indexOf(':');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      byName[name] = [...new Set([...(byName[name] ?? []), value])];
    }
    return byName;
  })
  .optional()
  .describe(
    'Option value, `Name:Value`, repeatable: values of one option match any, different options all (on one variant)',
  );

export const productListQuery = paginationQuery.extend({
  searchTerm: z.string().trim().max(200).optional(),
  category: commaList(140).describe(
    'Category ids or slugs, comma-separated (any of them; includes sub-categories)',
  ),
  brand: commaList(140).describe('Brand ids or slugs, comma-separated (any of them)'),
  tag: commaList(100).describe('Tag ids or slugs, comma-separated (any of them)'),
  option: optionFilters,
  minPrice: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_INT4)
    .optional()
    .describe('Inclusive, on the lowest active variant price'),
  maxPrice: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_INT4)
    .optional()
    .describe('Inclusive, on the lowest active variant price'),
  minRating: z.coerce.number().min(0).max(5).optional(),
  inStock: boolQuery.optional(),
  status: z.enum(PRODUCT_STATUSES).optional().describe('Admins only; customers always see ACTIVE products'),
  sortBy: z.enum(PRODUCT_SORTS).optional().describe('Default: relevance with a searchTerm, else createdAt'),
  sortOrder: z.enum(['asc', 'desc']).optional().describe('Default: asc for name and price, desc otherwise'),
  facets: boolQuery
    .optional()
    .describe('Adds meta.facets: counts over the matching products, each facet ignoring its own filter'),
});
export type ProductListQuery = z.output<typeof productListQuery>;

export const idOrSlugParam = z.object({ idOrSlug: z.string().min(1).max(220) });
export const variantParams = z.object({ id: z.uuid(), variantId: z.uuid() });
export const imageParams = z.object({ id: z.uuid(), imageId: z.uuid() });

/** A row of the admin low-stock list (GET /admin/inventory/low-stock). */
export const lowStockSchema = z.object({
  variantId: z.uuid(),
  productId: z.uuid(),
  productName: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  stock: z.number().int(),
  lowStockThreshold: z.number().int(),
});

const facetCount = z.number().int().describe('Matching products');

export const productFacetsSchema = z
  .object({
    categories: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), count: facetCount })),
    brands: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), count: facetCount })),
    tags: z.array(z.object({ slug: z.string(), name: z.string(), count: facetCount })),
    options: z.record(z.string(), z.array(z.object({ value: z.string(), count: facetCount }))),
    price: z.object({
      min: z
        .number()
        .int()
        .nullable()
        .describe('Lowest priceMin of the matching products; null when none match'),
      max: z.number().int().nullable(),
    }),
    inStock: facetCount,
  })
  .meta({ id: 'ProductFacets' });
export type ProductFacets = z.output<typeof productFacetsSchema>;

/** GET /products: a page of products, with `meta.facets` when asked for. */
export const productListResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.array(productListItemSchema),
  meta: pageMetaSchema.extend({ facets: productFacetsSchema.optional() }),
});
