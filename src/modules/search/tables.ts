import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Every word of the searchable catalog (products, categories, brands), unaccented and lower-case,
 * with the number of documents that contain it. Typo tolerance looks query words up here:
 * candidates by trigram (GIN index), kept when within the allowed edit distance.
 */
export const searchWords = pgTable(
  'search_words',
  {
    word: text().primaryKey(),
    documentCount: integer().notNull(),
  },
  (t) => [
    index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`),
    // Completions of the last query word: `word LIKE 'hoo%'`.
    index('search_words_prefix_idx').on(t.word.op('text_pattern_ops')),
  ],
);

export const SEARCH_DOCUMENT_KINDS = ['PRODUCT', 'CATEGORY', 'BRAND'] as const;
export type SearchDocumentKind = (typeof SEARCH_DOCUMENT_KINDS)[number];

/**
 * The words each document contributed to `search_words` when it was last indexed, so the next
 * indexing of the same document can add and remove exactly the difference.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    /** The product's, category's or brand's id. */
    id: uuid().primaryKey(),
    kind: varchar({ length: 16 }).$type<SearchDocumentKind>().notNull(),
    words: text().array().notNull(),
  },
  (t) => [check('search_documents_kind_check', sql`${t.kind} IN ('PRODUCT', 'CATEGORY', 'BRAND')`)],
);

/** Admin-managed synonym groups: a query word found in `terms` also matches the group's other terms. */
export const searchSynonymGroups = pgTable(
  'search_synonym_groups',
  {
    id: uuid().primaryKey().defaultRandom(),
    position: integer().notNull(),
    /** As the admin wrote them (returned by GET). */
    words: text().array().notNull(),
    /** Unaccented, lower-case, single-spaced: what query words are compared with. */
    terms: text().array().notNull(),
  },
  (t) => [index('search_synonym_groups_terms_idx').using('gin', t.terms)],
);
