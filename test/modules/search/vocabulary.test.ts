import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editDistance, planSearch, typoBudget } from '../../../src/modules/search/query-plan';
import { indexDocuments, type SearchDocument } from '../../../src/modules/search/vocabulary';
import { createTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: false });
});
afterAll(async () => {
  await t.close();
});

const index = (documents: SearchDocument[]) =>
  t.ctx.database.transaction((tx) => indexDocuments(tx, documents));
const vocabulary = async () => {
  const { rows } = await t.ctx.database.pool.query<{ word: string; document_count: number }>(
    'SELECT word, document_count FROM search_words ORDER BY word',
  );
  return Object.fromEntries(rows.map((r) => [r.word, r.document_count]));
};
const plan = (term: string) => planSearch(t.ctx.database.db, term);

describe('edit distance', () => {
  it('counts substitution, insertion, deletion and adjacent transposition as one edit each', () => {
    expect(editDistance('hoodie', 'hoodle')).toBe(1);
    expect(editDistance('hoodie', 'hodie')).toBe(1);
    expect(editDistance('hoodie', 'hooddie')).toBe(1);
    expect(editDistance('hoodie', 'hoodei')).toBe(1);
    expect(editDistance('jacket', 'jackte')).toBe(1);
    expect(editDistance('rugged', 'rugegd')).toBe(1);
    expect(editDistance('jacket', 'jaket')).toBe(1);
    expect(editDistance('blanket', 'balnket')).toBe(1);
    expect(editDistance('lamp', 'alpm')).toBe(2);
    expect(editDistance('headphones', 'haedphnoes')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('is a distance bounded by Levenshtein (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('allows 1 edit for 4-7 letters, 2 for 8 or more, none below', () => {
    expect([3, 4, 7, 8, 12].map(typoBudget)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('vocabulary upkeep', () => {
  const hoodie = randomUUID();
  const jacket = randomUUID();
  const brand = randomUUID();

  it('adds the words of new documents, unaccented and lower-case, without stop words', async () => {
    await index([
      { id: hoodie, kind: 'PRODUCT', text: 'Rugged Hoodie for the Café' },
      { id: jacket, kind: 'PRODUCT', text: 'Rugged Jacket' },
      { id: brand, kind: 'BRAND', text: 'Crème' },
    ]);
    expect(await vocabulary()).toEqual({ cafe: 1, creme: 1, hoodie: 1, jacket: 1, rugged: 2 });
  });

  it('moves the counts by the difference when a document changes, and drops unused words', async () => {
    await index([{ id: hoodie, kind: 'PRODUCT', text: 'Rugged Sweater' }]);
    expect(await vocabulary()).toEqual({ creme: 1, jacket: 1, rugged: 2, sweater: 1 });
    await index([{ id: jacket, kind: 'PRODUCT', text: null }]);
    expect(await vocabulary()).toEqual({ creme: 1, rugged: 1, sweater: 1 });
    const { rows } = await t.ctx.database.pool.query('SELECT id FROM search_documents ORDER BY id');
    expect(rows.map((r) => r.id).sort()).toEqual([hoodie, brand].sort());
  });

  it('rolls back with the transaction that indexed', async () => {
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await indexDocuments(tx, [{ id: randomUUID(), kind: 'PRODUCT', text: 'Phantom Lantern' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await vocabulary()).toEqual({ creme: 1, rugged: 1, sweater: 1 });
  });

  it('keeps counts exact under concurrent indexing of the same documents', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        index(
          ids.map((id, j) => ({
            id,
            kind: 'PRODUCT' as const,
            text: `Lantern ${i % 2 ? 'Quilt' : 'Kettle'} ${j}`,
          })),
        ),
      ),
    );
    await index(ids.map((id) => ({ id, kind: 'PRODUCT' as const, text: 'Lantern' })));
    const words = await vocabulary();
    expect(words.lantern).toBe(6);
    expect(words.quilt).toBeUndefined();
    expect(words.kettle).toBeUndefined();
    await index(ids.map((id) => ({ id, kind: 'PRODUCT' as const, text: null })));
    expect(await vocabulary()).toEqual({ creme: 1, rugged: 1, sweater: 1 });
  });
});

describe('search plans', () => {
  beforeAll(async () => {
    await index([
      { id: randomUUID(), kind: 'PRODUCT', text: 'Hoodie Jacket Headphones Blanket Lamp Camp Ramp Hooded' },
    ]);
  });

  it('expands each kind of typo to the vocabulary word, within the budget', async () => {
    const pairs: Array<[string, string]> = [
      ['hoodle', 'hoodie'],
      ['hodie', 'hoodie'],
      ['hooddie', 'hoodie'],
      ['hoodei', 'hoodie'],
      ['jackte', 'jacket'],
      ['jaket', 'jacket'],
      ['lmap', 'lamp'],
      ['almp', 'lamp'],
      ['haedphnoes', 'headphones'],
      ['balnket', 'blanket'],
    ];
    for (const [typo, word] of pairs) {
      const result = await plan(typo);
      expect(result?.match, typo).toContain(`'${word}'`);
      expect(result?.exact[0], typo).not.toContain(`'${word}'`);
    }
    // Two edits in a 6-letter word, one in a 3-letter word: beyond the budget.
    expect((await plan('hodei'))?.match).not.toContain("'hoodie'");
    expect((await plan('lmp wool'))?.match).not.toContain("'lamp'");
  });

  it('completes the last word only, and counts completions as exact', async () => {
    const result = (await plan('wool hoo'))!;
    expect(result.exact[1]).toContain("'hoodie'");
    expect(result.exact[1]).toContain("'hooded'");
    expect(result.exact[1]).toContain("'hoo':*");
    expect((await plan('hoo wool'))!.match).not.toContain("'hoodie'");
  });

  it('drops stop words except the last, and has nothing to search for in punctuation', async () => {
    expect((await plan('the lamp'))!.exact).toEqual(["('lamp' | 'lamp':*)"]);
    expect(await plan('%  &!')).toBeNull();
    expect((await plan("o'brien \\ lamp"))!.match).toContain("'lamp'");
  });
});
