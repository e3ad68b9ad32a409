-- Trigram similarity (typo-tolerant search) and accent folding. Both are "trusted" extensions,
-- so a non-superuser database owner can create them; PGlite loads them in-process.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
