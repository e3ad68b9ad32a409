import type { AppContext } from '../../platform/context';
import { envelope, errorResponses, ok, sendJson, type App } from '../../platform/http';
import { bearerSecurity, requireAuth } from '../../platform/security';
import { suggestionsJson } from '../catalog/suggest';
import { suggestionsSchema, suggestQuery, synonymGroupsBody, synonymGroupsSchema } from './schemas';
import { getSynonyms, replaceSynonyms } from './synonyms';

const tags = ['search'];

export async function searchRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get(
    '/search/suggest',
    {
      schema: {
        tags,
        summary: 'Suggestions as the shopper types',
        description:
          'Products (buyable ones, best first), categories and brands whose words match `q` as product search reads it: a word of 4-7 letters tolerates one typo, 8+ letters two, and the last word also matches as a prefix ("hood" → "Hoodie"). An empty `q` suggests nothing.',
        querystring: suggestQuery,
        response: { 200: envelope(suggestionsSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) =>
      sendJson(reply, await suggestionsJson(ctx, request.query.q, request.query.limit, reply)),
  );
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
