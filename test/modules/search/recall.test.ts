import type { SingleBar } from 'cli-progress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct, rng } from '../../../scripts/demo/catalog';
import { editDistance, typoBudget } from '../../../src/modules/search/query-plan';
import { createTestApp, type TestApp } from '../../helpers/app';
import { seedCatalog } from '../../../scripts/demo/seed-catalog';

// The recall proof of issue 14: 104 products named with real words (the demo catalog, with its
// brands, tags and descriptions), every name searched through the API with typos of each kind made
// by the rule, and the intended product must be on the first page for at least 95% of them.
const PRODUCTS = 104;
const MIN_RECALL = 0.95;
const KINDS = ['substitution', 'insertion', 'deletion', 'transposition'] as const;
type Kind = (typeof KINDS)[number];

let t: TestApp;
const catalog = Array.from({ length: PRODUCTS }, (_, i) => demoProduct(i));
const idOf = new Map<string, string>();

/** One edit of `kind` in `word` at a random place (never a no-op). */
function edit(word: string, kind: Kind, r: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (;;) {
    const at = Math.floor(r() * word.length);
    const letter = letters[Math.floor(r() * letters.length)]!;
    const typo =
      kind === 'substitution'
        ? word.slice(0, at) + letter + word.slice(at + 1)
        : kind === 'insertion'
          ? word.slice(0, at) + letter + word.slice(at)
          : kind === 'deletion'
            ? word.slice(0, at) + word.slice(at + 1)
            : at + 1 < word.length
              ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
              : word;
    if (typo !== word) return typo;
  }
}

/**
 * The product's name with one of its words misspelt by the rule, which budgets by the length of
 * the word as typed: 1 edit for 4-7 letters, 2 for 8+ ("bluetooth" → "bluetoth" or "blutoth",
 * but "knit" → "kit" is not a typo the rule covers). Null when no word of the name can take one.
 */
function misspell(name: string, kind: Kind, r: () => number): string | null {
  const words = name.toLowerCase().split(' ');
  const candidates = words
    .map((word, index) => ({ word, index }))
    .filter(({ word }) => word.length >= (kind === 'deletion' ? 5 : 4));
  if (candidates.length === 0) return null;
  const { word, index } = candidates[Math.floor(r() * candidates.length)]!;
  for (let edits = typoBudget(word.length); ; edits = Math.max(1, edits - 1)) {
    let typo = word;
    for (let n = 0; n < edits; n++) typo = edit(typo, kind, r);
    const distance = editDistance(word, typo);
    if (distance > 0 && distance <= typoBudget(typo.length)) {
      words[index] = typo;
      return words.join(' ');
    }
  }
}

async function search(term: string): Promise<string[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?searchTerm=${encodeURIComponent(term)}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((p: { id: string }) => p.id);
}

beforeAll(async () => {
  t = await createTestApp({ work: false });
  // The demo seed writes through the catalog's own indexing (search documents and vocabulary).
  const bar = { start() {}, update() {}, stop() {} } as unknown as SingleBar;
  await seedCatalog(t.ctx.database, { count: PRODUCTS, batchSize: PRODUCTS, currency: 'USD', bar });
  const { rows } = await t.ctx.database.pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM products',
  );
  for (const row of rows) idOf.set(row.name, row.id);
});
afterAll(async () => {
  await t.close();
});

describe(`search recall on ${PRODUCTS} products named with real words`, () => {
  it('finds every product first by its exact name', async () => {
    const first = await Promise.all(catalog.map(async (p) => (await search(p.name))[0]));
    expect(catalog.filter((p, i) => first[i] !== idOf.get(p.name)).map((p) => p.name)).toEqual([]);
  });

  it.each(KINDS)(
    'finds the intended product on the first page despite a %s (recall ≥ 0.95)',
    async (kind) => {
      const r = rng(KINDS.indexOf(kind) + 7);
      const queries = catalog.flatMap((p) => {
        const query = misspell(p.name, kind, r);
        return query === null ? [] : [{ query, id: idOf.get(p.name)! }];
      });
      expect(queries.length).toBeGreaterThanOrEqual(100);
      const found = await Promise.all(queries.map(({ query }) => search(query)));
      const misses = queries.filter(({ id }, i) => !found[i]!.includes(id)).map(({ query }) => query);
      const recall = 1 - misses.length / queries.length;
      console.info(
        `recall ${kind}: ${recall.toFixed(3)} (${queries.length - misses.length}/${queries.length})`,
      );
      expect(recall, `missed: ${misses.join('; ')}`).toBeGreaterThanOrEqual(MIN_RECALL);
    },
  );

  it('finds nothing for nonsense', async () => {
    for (const term of ['qxzvbn', 'wqpt zzyx', 'xkcdqv', 'blorfwump', 'jjjjjjjj'])
      expect(await search(term), term).toEqual([]);
  });
});
