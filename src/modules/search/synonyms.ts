import { asc, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { badRequest } from '../../platform/errors';
import { invalidateCatalog } from '../catalog/cache';
import { searchSynonymGroups } from './tables';

export interface SynonymGroups {
  groups: string[][];
}

export async function getSynonyms(ctx: AppContext): Promise<SynonymGroups> {
  const rows = await ctx.database.db
    .select({ words: searchSynonymGroups.words })
    .from(searchSynonymGroups)
    .orderBy(asc(searchSynonymGroups.position));
  return { groups: rows.map((r) => r.words) };
}

/**
 * Replaces every synonym group. Terms are compared unaccented and case-insensitively; a word
 * repeated within a group is refused (400).
 */
export async function replaceSynonyms(ctx: AppContext, input: SynonymGroups): Promise<SynonymGroups> {
  const groups = input.groups.map((group) => group.map((word) => word.trim().replace(/\s+/g, ' ')));
  await ctx.database.transaction(async (tx) => {
    await tx.db.delete(searchSynonymGroups);
    if (groups.length === 0) return;
    // Normalised by the database's own unaccent(), as query words are.
    const flat = groups.flat();
    const normalised = await tx.db.execute<{ term: string }>(sql`
      SELECT lower(unaccent(w)) AS term FROM unnest(${sql.param(flat)}::text[]) WITH ORDINALITY AS t(w, n)
      ORDER BY n`);
    let next = 0;
    const terms = groups.map((group) => group.map(() => normalised.rows[next++]!.term));
    const details = terms.flatMap((group, i) =>
      new Set(group).size === group.length
        ? []
        : [{ path: `groups.${i}`, message: 'a word appears twice in the group' }],
    );
    if (details.length > 0) throw badRequest('VALIDATION_ERROR', 'Repeated word in a synonym group', details);
    await tx.db
      .insert(searchSynonymGroups)
      .values(groups.map((words, position) => ({ position, words, terms: terms[position]! })));
  });
  // Cached product lists were computed with the old synonyms.
  await invalidateCatalog(ctx);
  return { groups };
}
