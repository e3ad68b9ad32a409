import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { synonymGroupsBody, synonymGroupsSchema } from './schemas';
import { getSynonyms, replaceSynonyms } from './synonyms';

const tags = ['search'];

export async function searchRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get(
    '/admin/search/synonyms',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags,
        summary: 'Synonym groups',
        security: bearerSecurity,
        response: { 200: envelope(synonymGroupsSchema), ...errorResponses(401, 403) },
      },
    },
    async () => ok(await getSynonyms(ctx)),
  );
  app.put(
    '/admin/search/synonyms',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags,
        summary: 'Replace the synonym groups',
        description:
          'A query word found in a group also matches the group\'s other words ("tee" finds "t-shirt"). Words are compared unaccented and case-insensitively; a group may hold short phrases ("running shoes"), matched as phrases. The whole list is replaced.',
        security: bearerSecurity,
        body: synonymGroupsBody,
        response: { 200: envelope(synonymGroupsSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ok(await replaceSynonyms(ctx, request.body), 'Synonyms saved'),
  );
}
