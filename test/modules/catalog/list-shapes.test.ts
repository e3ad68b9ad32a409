import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  conditionOf,
  placeholders,
  productFilters,
  shapeOf,
} from '../../../src/modules/catalog/product-filters';
import { productListQuery, type ProductListQuery } from '../../../src/modules/catalog/schemas';

// A list without a search or option filters runs a statement built once per shape of its query
// (catalog/product-page.ts, pageOfShape): its filters' SQL text must depend on the shape alone,
// every value being a placeholder, or one query would run with another's text or values.

const dialect = new PgDialect({ casing: 'snake_case' });

/** Two values of each filter; inStock's change the text (NOT), so they are two shapes. */
const samples: Partial<Record<keyof ProductListQuery, [unknown, unknown]>> = {
  category: [['0b4a8f7e-5f55-4a5e-9b1e-3d2f1c0a9e11', 'kitchen'], ['audio']],
  brand: [['sony'], ['acme-corp', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f']],
  tag: [['steel'], ['cookware', 'bluetooth']],
  minPrice: [100, 2900],
  maxPrice: [49900, 0],
  minRating: [1, 4.5],
  inStock: [true, false],
  status: ['ACTIVE', 'DRAFT'],
};
/** Parameters that are not filters of the statement's WHERE (or never take this path). */
const notFilters = ['page', 'limit', 'sortBy', 'sortOrder', 'facets', 'searchTerm', 'option'];

function build(query: Partial<ProductListQuery>, admin: boolean) {
  const values: Record<string, unknown> = {};
  const filters = productFilters(query, admin, undefined, placeholders(values));
  return { shape: filters.shape, text: dialect.sqlToQuery(conditionOf(filters)).sql, values };
}

describe('product list shapes', () => {
  it('knows every parameter of the product list', () => {
    expect(Object.keys(productListQuery.shape).sort()).toEqual(
      [...Object.keys(samples), ...notFilters].sort(),
    );
  });

  it('one shape, one text: the values are placeholders, never in the text', () => {
    const names = Object.keys(samples) as Array<keyof ProductListQuery>;
    const textOfShape = new Map<string, string>();
    const shapeOfText = new Map<string, string>();
    for (const admin of [false, true])
      for (let subset = 0; subset < 1 << names.length; subset++)
        for (const pick of [0, 1] as const) {
          const query: Record<string, unknown> = {};
          names.forEach((name, i) => {
            if (subset & (1 << i)) query[name] = samples[name]![pick];
          });
          const { shape, text, values } = build(query, admin);
          expect(textOfShape.get(shape) ?? text, `${shape}: ${JSON.stringify(query)}`).toBe(text);
          expect(shapeOfText.get(text) ?? shape, text).toBe(shape);
          textOfShape.set(shape, text);
          shapeOfText.set(text, shape);
          for (const value of Object.values(values).flat())
            if (typeof value === 'string') expect(text).not.toContain(value);
          if (query.minPrice !== undefined) expect(values.minPrice).toBe(query.minPrice);
          if (admin && query.status !== undefined) expect(values.status).toBe(query.status);
          // What pageOfShape reads without building the SQL: the same shape and values.
          expect(shapeOf(query, admin), JSON.stringify(query)).toEqual({ shape, values });
        }
    // Customers: each subset of 7 filters, inStock two ways; admins: the same, with or without status.
    expect(textOfShape.size).toBe(2 ** 6 * 3 + 2 ** 6 * 3 * 2);
  });

  it('has no shape for option filters (their values are in the text)', () => {
    expect(shapeOf({ option: { Size: ['S'] }, minPrice: 100 }, false)).toBeUndefined();
    const { shape, values } = build({ option: {}, minPrice: 100 }, false);
    expect(shapeOf({ option: {}, minPrice: 100 }, false)).toEqual({ shape, values });
    expect(shape).toBe('Vm');
  });
});
