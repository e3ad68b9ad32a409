import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import type { SearchDocumentKind } from './tables';

/** Longest word kept in the vocabulary (longer tokens are codes or garbage, not words to correct). */
export const MAX_WORD_LENGTH = 40;

export interface SearchDocument {
  id: string;
  kind: SearchDocumentKind;
  /** Everything searchable about it, as plain text; null when it is no longer searchable (archived, deleted). */
  text: string | null;
}

/**
 * Brings the vocabulary up to date with these documents, inside the caller's transaction: each
 * document's words (unaccented, lower-case, stop words left out) replace the words it contributed
 * last time, and every word's document count moves by the difference. Words no document uses any
 * more leave the vocabulary. Call it from every write that changes what a document says.
 */
export async function indexDocuments(tx: Tx, documents: SearchDocument[]): Promise<void> {
  const byId = new Map(documents.map((d) => [d.id, d]));
  if (byId.size === 0) return;
  const ids = [...byId.keys()].sort();
  const docs = ids.map((id) => byId.get(id)!);
  // Lock the documents first (a stable order), so concurrent indexing of one document serialises
  // and each transaction subtracts exactly the words the previous one stored. A document seen for
  // the first time gets an empty row to lock: a concurrent first indexing waits for this one.
  await tx.db.execute(sql`
    INSERT INTO search_documents (id, kind, words)
    SELECT id, kind, '{}' FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(docs.map((d) => d.kind))}::text[])
      WITH ORDINALITY AS i(id, kind, position)
    ORDER BY position
    ON CONFLICT (id) DO NOTHING`);
  const previous = await tx.db.execute<{ id: string; words: string[] }>(sql`
    SELECT id, words FROM search_documents WHERE id = ANY(${sql.param(ids)}::uuid[]) ORDER BY id FOR UPDATE`);
  const stored = await tx.db.execute<{ id: string; words: string[] }>(sql`
    WITH input AS (
      SELECT i.id, i.kind, i.body
      FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(docs.map((d) => d.kind))}::text[], ${sql.param(docs.map((d) => d.text))}::text[])
        AS i(id, kind, body)),
    saved AS (
      INSERT INTO search_documents (id, kind, words)
      SELECT i.id, i.kind, ARRAY(
          SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', unaccent(i.body)))) AS w
          WHERE length(w) <= ${MAX_WORD_LENGTH} AND ts_lexize('english_stem', w) <> '{}'
          ORDER BY w)
      FROM input i WHERE i.body IS NOT NULL
      ON CONFLICT (id) DO UPDATE SET words = excluded.words, kind = excluded.kind
      RETURNING id, words),
    removed AS (
      DELETE FROM search_documents d USING input i WHERE d.id = i.id AND i.body IS NULL)
    SELECT id, words FROM saved`);

  const delta = new Map<string, number>();
  for (const row of previous.rows) for (const word of row.words) delta.set(word, (delta.get(word) ?? 0) - 1);
  for (const row of stored.rows) for (const word of row.words) delta.set(word, (delta.get(word) ?? 0) + 1);
  const changes = [...delta].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changes.length === 0) return;
  // Rows are updated in word order, so two transactions never wait on each other in a circle.
  const counted = await tx.db.execute<{ word: string; documentCount: number }>(sql`
    INSERT INTO search_words (word, document_count)
    SELECT word, n FROM unnest(${sql.param(changes.map(([w]) => w))}::text[], ${sql.param(changes.map(([, n]) => n))}::int[])
      WITH ORDINALITY AS c(word, n, position)
    ORDER BY position
    ON CONFLICT (word) DO UPDATE SET document_count = search_words.document_count + excluded.document_count
    RETURNING word, document_count AS "documentCount"`);
  const unused = counted.rows.filter((r) => r.documentCount <= 0).map((r) => r.word);
  if (unused.length > 0)
    await tx.db.execute(
      sql`DELETE FROM search_words WHERE word = ANY(${sql.param(unused)}::text[]) AND document_count <= 0`,
    );
}

/**
 * Empties the vocabulary inside the caller's transaction, which then indexes every document
 * afresh (a rebuild). Writers that would index a document wait until that transaction ends;
 * searches keep reading the previous vocabulary meanwhile.
 */
export async function clearVocabulary(tx: Tx): Promise<void> {
  await tx.db.execute(sql`LOCK TABLE search_documents, search_words IN EXCLUSIVE MODE`);
  await tx.db.execute(sql`DELETE FROM search_documents`);
  await tx.db.execute(sql`DELETE FROM search_words`);
}

/** How many words the vocabulary holds. */
export async function vocabularySize(tx: Tx): Promise<number> {
  const { rows } = await tx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM search_words`);
  return rows[0]?.n ?? 0;
}
