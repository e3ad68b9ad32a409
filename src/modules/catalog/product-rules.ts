import { badRequest, conflict } from '../../platform/errors';
import type { ProductOption } from './tables';

// The rules a product's options, variants and prices must follow (checked before any write).

export function validateVariantOptions(
  productOptions: ProductOption[],
  list: Array<{ options?: Record<string, string> | undefined; sku?: string | undefined }>,
  path = 'variants',
): void {
  const names = productOptions.map((o) => o.name);
  if (new Set(names).size !== names.length)
    throw badRequest('VALIDATION_ERROR', 'Option names must be unique', [
      { path: 'options', message: 'duplicate name' },
    ]);
  for (const [i, option] of productOptions.entries()) {
    if (new Set(option.values).size !== option.values.length)
      throw badRequest('VALIDATION_ERROR', 'Option values must be unique', [
        { path: `options.${i}.values`, message: 'duplicate value' },
      ]);
  }
  if (productOptions.length === 0 && list.length > 1)
    throw badRequest('VALIDATION_ERROR', 'A product without options has exactly one variant', [
      { path, message: 'add options to have several variants' },
    ]);
  const combos = new Set<string>();
  list.forEach((variant, i) => {
    const given = variant.options ?? {};
    for (const key of Object.keys(given)) {
      if (!names.includes(key))
        throw badRequest('VALIDATION_ERROR', `Unknown option ${key}`, [
          { path: `${path}.${i}.options.${key}`, message: 'not an option of the product' },
        ]);
    }
    for (const option of productOptions) {
      const value = given[option.name];
      if (value === undefined || !option.values.includes(value))
        throw badRequest(
          'VALIDATION_ERROR',
          `Variant needs one of ${option.values.join(', ')} for ${option.name}`,
          [
            {
              path: `${path}.${i}.options.${option.name}`,
              message: `expected one of ${option.values.join(', ')}`,
            },
          ],
        );
    }
    const combo = JSON.stringify(productOptions.map((o) => given[o.name]));
    if (combos.has(combo))
      throw conflict('DUPLICATE_VARIANT', 'Two variants have the same option values', [
        { path: `${path}.${i}.options`, message: combo },
      ]);
    combos.add(combo);
  });
}

export function normaliseOptions(productOptions: ProductOption[], given: Record<string, string> | undefined) {
  const out: Record<string, string> = {};
  for (const option of productOptions) out[option.name] = given?.[option.name] ?? '';
  return out;
}

export function checkCompareAt(
  list: Array<{ price?: number | undefined; compareAtPrice?: number | null | undefined }>,
) {
  list.forEach((v, i) => {
    if (v.price !== undefined && v.compareAtPrice != null && v.compareAtPrice < v.price)
      throw badRequest('VALIDATION_ERROR', 'compareAtPrice must be at least the price', [
        { path: `variants.${i}.compareAtPrice`, message: 'lower than price' },
      ]);
  });
}
