import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const categories = pgTable(
  'categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 120 }).notNull(),
    slug: varchar({ length: 140 }).notNull(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: 'set null' }),
    description: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug), index('categories_parent_idx').on(t.parentId)],
);

export const brands = pgTable(
  'brands',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 120 }).notNull(),
    slug: varchar({ length: 140 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('brands_slug_key').on(t.slug)],
);

export const tags = pgTable(
  'tags',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 80 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tags_slug_key').on(t.slug)],
);

export const productStatus = pgEnum('product_status', ['ACTIVE', 'DRAFT', 'ARCHIVED']);

export interface ProductOption {
  name: string;
  values: string[];
}

export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 200 }).notNull(),
    slug: varchar({ length: 220 }).notNull(),
    description: text(),
    categoryId: uuid().references(() => categories.id, { onDelete: 'set null' }),
    brandId: uuid().references(() => brands.id, { onDelete: 'set null' }),
    currency: varchar({ length: 3 }).notNull(),
    status: productStatus().notNull().default('ACTIVE'),
    /** Which tax rates apply (see the tax module); "standard" unless set. */
    taxClass: varchar({ length: 32 }).notNull().default('standard'),
    options: jsonb().$type<ProductOption[]>().notNull().default([]),
    /** Lowest / highest price among active variants; maintained by the catalog service. */
    priceMin: integer().notNull().default(0),
    priceMax: integer().notNull().default(0),
    /** Maintained by the reviews module (approved reviews only). */
    ratingAverage: numeric({ precision: 3, scale: 2, mode: 'number' }).notNull().default(0),
    ratingCount: integer().notNull().default(0),
    /** Weighted full-text document: name (A) > brand and tags (B) > description (C). */
    searchVector: tsvector(),
    // Facet data per product, so a facet reads one row per matching product (never its tags'
    // rows or its variants): maintained with the search document and the prices.
    /** The product's tags. */
    tagIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Active variants; a storefront shows only products with one. */
    activeVariants: integer().notNull().default(0),
    /** The distinct option pairs of the active variants: `optionNames[i]` = `optionValues[i]`. */
    optionNames: text()
      .array()
      .notNull()
      .default(sql`'{}'`),
    optionValues: text()
      .array()
      .notNull()
      .default(sql`'{}'`),
    /**
     * The gallery's first image as the product list's JSON (catalog/product-page.ts), cut where
     * the storage's URL prefix goes (its three URLs); null without an image. Kept by a trigger on
     * product_images (migration 0027), so every write of the gallery keeps it.
     */
    listImageJson: text().array(),
    /**
     * The product list's JSON of this row from its "slug" to its "currency" (the text between the
     * id's closing quote and `,"inStock"`; catalog/product-page.ts), stored by PostgreSQL on every
     * write of the row. catalog_json_string (migration 0029) is to_json(text), declared immutable.
     */
    listFieldsJson: text().generatedAlwaysAs(
      sql`'","slug":' || catalog_json_string(slug) || ',"name":' || catalog_json_string(name) || ',"priceMin":' || price_min::text || ',"priceMax":' || price_max::text || ',"currency":' || catalog_json_string(currency)`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    index('products_category_idx').on(t.categoryId),
    index('products_brand_idx').on(t.brandId),
    index('products_status_created_idx').on(t.status, t.createdAt),
    index('products_status_price_idx').on(t.status, t.priceMin),
    // What a storefront sees, in price order (the price-sorted list with a price range): the count
    // reads this index alone, the page products_visible_price_list_idx, the same with the list's
    // columns INCLUDEd (migration 0032, by hand: Drizzle's index builder has no INCLUDE).
    index('products_visible_price_idx')
      .on(t.priceMin, t.id)
      .where(sql`${t.status} = 'ACTIVE' AND ${t.activeVariants} > 0`),
    index('products_status_rating_idx').on(t.status, t.ratingAverage),
    index('products_status_name_idx').on(t.status, t.name),
    index('products_search_vector_idx').using('gin', t.searchVector),
    check('products_price_range_check', sql`${t.priceMin} >= 0 AND ${t.priceMax} >= ${t.priceMin}`),
  ],
);

export const productTags = pgTable(
  'product_tags',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    tagId: uuid()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.tagId] }), index('product_tags_tag_idx').on(t.tagId)],
);

export const variants = pgTable(
  'variants',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: varchar({ length: 64 }).notNull(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    price: integer().notNull(),
    compareAtPrice: integer(),
    /** Shipping weight of one unit; carts weigh Σ weightGrams × quantity. */
    weightGrams: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('variants_sku_key').on(t.sku),
    index('variants_product_idx').on(t.productId, t.position),
    check('variants_price_check', sql`${t.price} >= 0`),
    check('variants_compare_at_check', sql`${t.compareAtPrice} IS NULL OR ${t.compareAtPrice} >= 0`),
    check('variants_weight_check', sql`${t.weightGrams} >= 0`),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Storage keys of the original and the WebP thumbnails. */
    originalKey: text().notNull(),
    smallKey: text().notNull(),
    mediumKey: text().notNull(),
    contentType: varchar({ length: 40 }).notNull(),
    width: integer(),
    height: integer(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // In display order with every column a list item shows: a product's first image is the first
    // entry of this index alone (index-only, no sort; catalog/product-page.ts).
    index('product_images_product_order_idx').on(
      t.productId,
      t.position,
      t.createdAt,
      t.id,
      t.originalKey,
      t.smallKey,
      t.mediumKey,
    ),
  ],
);
