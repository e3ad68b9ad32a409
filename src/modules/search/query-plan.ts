import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { MAX_WORD_LENGTH } from './vocabulary';

/** Query words looked up in the vocabulary; later words still have to match, exactly. */
export const MAX_EXPANDED_WORDS = 10;
/** Completions of the last word, most frequent first. */
const MAX_COMPLETIONS = 20;

/**
 * What a search term means, as `to_tsquery('english', …)` texts: every query word must match
 * (itself, a synonym, a word within its typo budget, or a completion of the last word).
 */
export interface SearchPlan {
  /** Matches a document that has, for every query word, one of that word's alternatives. */
  match: string;
  /**
   * One query per query word, of its exact forms only (the word, its synonyms, the completions
   * of the last word): a document counts one per exact word, so exact matches rank above typos.
   */
  exact: string[];
  /** One query per query word, of all its forms, restricted to the name (weight A). */
  inName: string[];
  /** One query per query word, of all its forms, restricted to the brand and tags (weight B). */
  inBrandOrTags: string[];
}

/** Edits a word of this many letters may contain and still match: 1 for 4-7 letters, 2 for 8+. */
export function typoBudget(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Optimal string alignment distance: substitutions, insertions, deletions and transpositions of
 * two adjacent letters each count one edit (Levenshtein counts a transposition as two).
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const rows: number[][] = [Array.from({ length: y.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[x.length]![y.length]!;
}

type ExpansionRow = {
  n: number;
  word: string;
  kind: 'word' | 'typo' | 'completion' | 'synonym';
  alternative: string | null;
  distance: number;
  stopword: boolean;
};

/**
 * Reads the term's words and their alternatives in one round trip. Words are split by the same
 * parser that builds the search documents, unaccented and lower-cased; hyphenated words stay whole
 * ("t-shirt"), so synonyms can name them.
 */
async function expansions(db: Database, term: string): Promise<ExpansionRow[]> {
  const result = await db.execute<ExpansionRow>(sql`
    WITH q AS (
      SELECT row_number() OVER (ORDER BY t.n)::int AS n, lower(t.token) AS word
      FROM ts_parse('default', unaccent(${term})) WITH ORDINALITY AS t(tokid, token, n)
      -- blanks, the parts of hyphenated words, tags and entities are not words
      WHERE t.tokid NOT IN (9, 10, 11, 12, 13, 14, 23)),
    last AS (SELECT max(n) AS n FROM q)
    SELECT q.n, q.word, 'word' AS kind, NULL AS alternative, 0 AS distance,
      ts_lexize('english_stem', q.word) = '{}' AS stopword
    FROM q
    UNION ALL
    SELECT q.n, q.word, 'typo', c.word, c.distance, false
    FROM q CROSS JOIN LATERAL search_typo_candidates(q.word, CASE WHEN length(q.word) >= 8 THEN 2 ELSE 1 END) c
    WHERE q.n <= ${MAX_EXPANDED_WORDS} AND length(q.word) BETWEEN 4 AND ${MAX_WORD_LENGTH}
      AND q.word !~ '[0-9]'
    UNION ALL
    SELECT q.n, q.word, 'completion', w.word, 0, false
    FROM q JOIN last ON last.n = q.n
    CROSS JOIN LATERAL (
      SELECT sw.word FROM search_words sw
      WHERE sw.word LIKE replace(replace(replace(q.word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
        AND sw.word <> q.word
      ORDER BY sw.document_count DESC, sw.word LIMIT ${MAX_COMPLETIONS}) w
    WHERE length(q.word) <= ${MAX_WORD_LENGTH}
    UNION ALL
    SELECT q.n, q.word, 'synonym', s.term, 0, false
    FROM q JOIN search_synonym_groups g ON g.terms @> ARRAY[q.word]
    CROSS JOIN LATERAL unnest(g.terms) AS s(term)
    WHERE q.n <= ${MAX_EXPANDED_WORDS} AND s.term <> q.word`);
  return result.rows;
}

/** A lexeme for to_tsquery: quoted, so operators and punctuation in it are plain text. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
/** `'a' | 'b':*`, each alternative restricted to these tsvector weights when given ("A", "B"). */
const anyOf = (alternatives: Iterable<string>, weights = '') =>
  `(${[...new Set(alternatives)]
    .map((a) => (weights === '' ? a : a.endsWith(':*') ? `${a}${weights}` : `${a}:${weights}`))
    .join(' | ')})`;

/**
 * Plans a search: null when the term holds no word to look for. Stop words ("the", "for") are
 * left out unless they are the last word, which may still be typed ("for" → "fork").
 */
export async function planSearch(db: Database, term: string): Promise<SearchPlan | null> {
  const rows = await expansions(db, term);
  const words = new Map<number, { word: string; stopword: boolean; exact: string[]; typos: string[] }>();
  for (const row of rows.filter((r) => r.kind === 'word'))
    words.set(row.n, { word: row.word, stopword: row.stopword, exact: [lexeme(row.word)], typos: [] });
  const last = Math.max(0, ...words.keys());
  if (last > 0) words.get(last)!.exact.push(`${lexeme(words.get(last)!.word)}:*`);
  for (const row of rows) {
    const entry = words.get(row.n);
    if (!entry || row.alternative === null) continue;
    if (row.kind === 'synonym' || row.kind === 'completion') entry.exact.push(lexeme(row.alternative));
    if (row.kind === 'typo') {
      const budget = typoBudget([...entry.word].length);
      if (row.distance <= budget || editDistance(entry.word, row.alternative) <= budget)
        entry.typos.push(lexeme(row.alternative));
    }
  }
  const kept = [...words]
    .sort(([a], [b]) => a - b)
    .filter(([n, w]) => n === last || !w.stopword || w.exact.length > 1)
    .map(([, w]) => w);
  if (kept.length === 0) return null;
  return {
    match: kept.map((w) => anyOf([...w.exact, ...w.typos])).join(' & '),
    exact: kept.map((w) => anyOf(w.exact)),
    inName: kept.map((w) => anyOf([...w.exact, ...w.typos], 'A')),
    inBrandOrTags: kept.map((w) => anyOf([...w.exact, ...w.typos], 'B')),
  };
}
