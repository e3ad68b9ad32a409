import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoProduct, NAME_CAPACITY } from '../../scripts/demo/catalog';
import { DEPARTMENTS } from '../../scripts/demo/catalog-words';
import { PICTURE_SIZE, productPicture } from '../../scripts/demo/picture';

describe('demo catalog (npm run seed)', () => {
  const catalog = Array.from({ length: 10_000 }, (_, i) => demoProduct(i));

  it('names 10,000 products with real words only, never twice', () => {
    expect(new Set(catalog.map((p) => p.slug)).size).toBe(10_000);
    const odd = catalog.filter((p) => !/^[A-Z][a-z]+( [A-Z][a-z]+)+$/.test(p.name));
    expect(odd).toEqual([]);
    expect(catalog.slice(0, 3).map((p) => p.name)).toEqual([
      'Alpine Cotton Tee',
      'Beacon Nubuck Trainer',
      'Horizon Bluetooth Power Bank',
    ]);
    expect(NAME_CAPACITY).toBeGreaterThan(150_000);
    expect(() => demoProduct(NAME_CAPACITY)).toThrow();
  });

  it('gives every product 12 variants over two options, unique SKUs, a category of its department', () => {
    const skus = new Set(catalog.flatMap((p) => p.variants.map((v) => v.sku)));
    expect(skus.size).toBe(10_000 * 12);
    const wrong = catalog.filter(
      (p) =>
        p.variants.length !== 12 ||
        p.options.length !== 2 ||
        p.variants.some(
          (v) =>
            Object.keys(v.options).join() !== p.options.map((o) => o.name).join() ||
            v.price <= 0 ||
            (v.compareAtPrice !== null && v.compareAtPrice <= v.price),
        ) ||
        !p.category.startsWith(p.department.toLowerCase()) ||
        p.description.length < 40,
    );
    expect(wrong).toEqual([]);
    // Departments take turns: the 500 products of `npm run seed` fill every aisle.
    const first = catalog.slice(0, 500);
    expect(new Set(first.map((p) => p.department)).size).toBe(DEPARTMENTS.length);
    expect(new Set(first.map((p) => p.category)).size).toBe(32);
  });

  it('draws a square PNG picture', async () => {
    const png = await productPicture(catalog[0]!);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: PICTURE_SIZE, height: PICTURE_SIZE });
  });
});
