// The demo catalog: departments, aisles, product types, brands, tags and option values written
// with real words, and a deterministic generator of products ("Alpine Cotton Tee", "Tundra
// Cast Iron Skillet") used by `npm run seed` and by the search recall test. Every product has
// 12 variants (two options whose values multiply to 12).
import { slugify } from '../../src/modules/catalog/slug';
import {
  COLORS,
  DEPARTMENTS,
  GENERAL_BRANDS,
  GENERAL_TAGS,
  LINES,
  SCENTS,
  STYLES,
  type Department,
  type OptionSet,
  type ProductType,
} from './catalog-words';

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same catalog. */
export function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), state | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}
const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)]!;
const pickSome = <T>(r: () => number, list: readonly T[], n: number) => {
  const pool = [...list];
  return Array.from(
    { length: Math.min(n, pool.length) },
    () => pool.splice(Math.floor(r() * pool.length), 1)[0]!,
  );
};

function optionsFor(set: OptionSet, r: () => number): Array<{ name: string; values: string[] }> {
  switch (set) {
    case 'apparel':
      return [
        { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
        { name: 'Color', values: pickSome(r, COLORS, 3) },
      ];
    case 'footwear':
      return [
        { name: 'Size', values: ['7', '8', '9', '10', '11', '12'] },
        { name: 'Color', values: pickSome(r, COLORS, 2) },
      ];
    case 'electronics':
      return [
        { name: 'Color', values: pickSome(r, COLORS.slice(0, 8), 4) },
        { name: 'Warranty', values: ['1 year', '2 years', '3 years'] },
      ];
    case 'general':
      return [
        { name: 'Size', values: ['Small', 'Medium', 'Large'] },
        { name: 'Color', values: pickSome(r, COLORS, 4) },
      ];
    case 'beauty':
      return [
        { name: 'Size', values: ['50 ml', '100 ml', '200 ml'] },
        { name: 'Scent', values: pickSome(r, SCENTS, 4) },
      ];
  }
}

export interface DemoVariant {
  sku: string;
  price: number;
  compareAtPrice: number | null;
  stock: number;
  options: Record<string, string>;
}

export interface DemoProduct {
  name: string;
  slug: string;
  description: string;
  department: string;
  /** Slug of the aisle (a sub-category of the department). */
  category: string;
  brand: string;
  tags: string[];
  options: Array<{ name: string; values: string[] }>;
  variants: DemoVariant[];
  /** What the product is (for the picture): the type's noun and the first color. */
  noun: string;
  color: string;
}

export const aisleSlug = (department: string, aisle: string) => slugify(`${department} ${aisle}`);

interface Slot {
  department: Department;
  aisle: string;
  type: ProductType;
  material: string;
}
/** Per department, every (aisle, type, material) it sells. */
const SLOTS: Slot[][] = DEPARTMENTS.map((department) =>
  Object.entries(department.aisles).flatMap(([aisle, types]) =>
    types.flatMap((type) => type.materials.map((material) => ({ department, aisle, type, material }))),
  ),
);
const PAIRS = Math.min(...SLOTS.map((slots) => slots.length * LINES.length));
/** How many distinct names exist: departments take turns, each naming slot × line, then × style. */
export const NAME_CAPACITY = DEPARTMENTS.length * PAIRS * (STYLES.length + 1);

/**
 * Product number `i` (0-based) of the demo catalog. Departments take turns; within one, the
 * index walks every (type and material, line) pair with a stride coprime to their count, so
 * neighbouring products differ, then starts over with a style word. Names never repeat.
 */
export function demoProduct(i: number): DemoProduct {
  if (i >= NAME_CAPACITY) throw new Error(`the demo catalog has at most ${NAME_CAPACITY} products`);
  const turn = i % DEPARTMENTS.length;
  const slots = SLOTS[turn]!;
  const j = Math.floor(i / DEPARTMENTS.length);
  const tier = Math.floor(j / PAIRS);
  const pairs = slots.length * LINES.length;
  let stride = 7919;
  while (gcd(stride, pairs) !== 1) stride += 2;
  const k = ((j % PAIRS) * stride + turn * 997) % pairs;
  const slot = slots[k % slots.length]!;
  const line = LINES[Math.floor(k / slots.length)]!;
  const { department, aisle, type, material } = slot;
  const name = [line, tier > 0 ? STYLES[tier - 1] : null, material, type.noun].filter(Boolean).join(' ');
  const r = rng(i + 1);
  const options = optionsFor(department.options, r);
  const base = type.price + Math.floor(r() * (type.price / 100)) * 100;
  const [first, second] = options as [{ name: string; values: string[] }, { name: string; values: string[] }];
  const variants: DemoVariant[] = [];
  for (const [a, valueA] of first.values.entries()) {
    for (const valueB of second.values) {
      const price = base + a * Math.round(base / 1000) * 100;
      variants.push({
        sku: `${department.name.slice(0, 3)}-${i + 1}-${slugify(valueA)}-${slugify(valueB)}`.toUpperCase(),
        price,
        compareAtPrice: r() < 0.25 ? price + Math.round(price / 500) * 100 : null,
        stock: r() < 0.1 ? 0 : Math.floor(r() * 60),
        options: { [first.name]: valueA, [second.name]: valueB },
      });
    }
  }
  const tags = [...pickSome(r, department.tags, 2), ...(r() < 0.5 ? [pick(r, GENERAL_TAGS)] : [])];
  const brand = r() < 0.08 ? pick(r, GENERAL_BRANDS) : pick(r, department.brands);
  const colors = options.find((o) => o.name === 'Color')?.values ?? [];
  return {
    name,
    slug: slugify(name),
    description: describe(name, material, type.noun, department, r),
    department: department.name,
    category: aisleSlug(department.name, aisle),
    brand,
    tags,
    options,
    variants,
    noun: type.noun,
    color: colors[0] ?? 'Sage',
  };
}

function describe(name: string, material: string, noun: string, department: Department, r: () => number) {
  const [first, second] = pickSome(r, department.benefits, 2) as [string, string];
  const kind = `${material} ${noun}`.toLowerCase();
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  const line = name.split(' ')[0];
  return pick(r, [
    `The ${name} is ${article} ${kind} from the ${line} collection. It ${first}, and it ${second}.`,
    `Meet the ${name}: ${article} ${kind} built for everyday use. It ${first}.`,
    `${article === 'an' ? 'An' : 'A'} ${kind} that ${first}. Part of the ${line} collection, it ${second}.`,
  ]);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
