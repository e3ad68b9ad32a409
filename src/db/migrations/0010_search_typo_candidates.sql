-- Edit distance for typo-tolerant search (fuzzystrmatch is a trusted extension; PGlite ships it).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- Vocabulary words that may be within `max_edits` edits of `query_word` (a typo of it).
-- Candidates come from the trigram index: a word within k edits (substitution, insertion,
-- deletion or adjacent transposition) of an n-letter word shares at least n + 1 - 4k of its n + 1
-- padded trigrams, so for the rule of the search (k = 1 for 4-7 letters, k = 2 for 8+) it always
-- shares one, and its trigram similarity is at least 1/19 (n = 8, k = 2). The threshold below is
-- under that bound, so the index finds every true candidate. Levenshtein distance counts an
-- adjacent transposition as two edits, so words up to 2k are returned with their Levenshtein
-- distance; the caller keeps those whose transposition-aware distance is within k.
-- The SET clause scopes the threshold to this function (the session keeps its own).
CREATE OR REPLACE FUNCTION search_typo_candidates(query_word text, max_edits integer)
RETURNS TABLE (word text, distance integer)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET pg_trgm.similarity_threshold = 0.04
AS $$
  SELECT w.word, levenshtein_less_equal(w.word, query_word, 2 * max_edits)
  FROM search_words w
  WHERE w.word % query_word
    AND w.word <> query_word
    AND abs(length(w.word) - length(query_word)) <= max_edits
    AND levenshtein_less_equal(w.word, query_word, 2 * max_edits) <= 2 * max_edits
$$;
