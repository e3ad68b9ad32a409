import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { AppError, badRequest } from '../../platform/errors';
import { envelope, errorResponses, ok, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { CSV_COLUMNS } from './bulk-csv';
import { exportProducts } from './bulk-export';
import { importProducts } from './bulk-import';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

const importReportSchema = z
  .object({
    mode: z.enum(['per-row', 'all-or-nothing']),
    rows: z.number().int(),
    created: z.number().int().describe('Rows that created a variant (and its product when new)'),
    updated: z.number().int().describe('Rows that updated an existing SKU'),
    failed: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().describe('Line in the file (header = 1)'),
        sku: z.string().nullable(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportReport' });

/** Registered by uploadRoutes (image-routes.ts), where @fastify/multipart is available. */
export async function bulkRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: MAX_CSV_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/admin/products/import',
    {
      onRequest: requireAuth('ADMIN'),
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['catalog'],
        summary: 'Import products and variants from CSV',
        description: `Send the CSV as a \`text/csv\` body or as the multipart field \`file\` (≤ 20 MB). One row per variant; columns: ${CSV_COLUMNS.join(', ')} (only \`sku\` is required; \`options\` is \`Size=M|Color=Red\`, \`tags\` is \`a|b\`, \`category\`/\`brand\` are slugs, \`product\` is the product slug grouping new rows). An existing SKU is updated; a new one is added to its product or creates it. \`stock\` is absolute, recorded as an IMPORT movement. \`mode=per-row\` (default) applies the good rows and reports the others; \`mode=all-or-nothing\` applies nothing if any row fails (400 IMPORT_FAILED listing the rows).`,
        consumes: ['text/csv', 'multipart/form-data'],
        security: bearerSecurity,
        querystring: z.object({ mode: z.enum(['per-row', 'all-or-nothing']).default('per-row') }),
        response: { 200: envelope(importReportSchema), ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      let csv: string;
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: MAX_CSV_BYTES, files: 1 } });
        if (!file || file.fieldname !== 'file')
          throw badRequest('VALIDATION_ERROR', 'Send the CSV in the "file" field', [
            { path: 'file', message: 'Required' },
          ]);
        csv = (await file.toBuffer()).toString('utf8');
      } else if (typeof request.body === 'string') {
        csv = request.body;
      } else {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send text/csv or multipart/form-data');
      }
      const report = await importProducts(ctx, csv, request.query.mode, currentUser(request).id);
      return ok(report, report.failed > 0 ? `Imported with ${report.failed} failed row(s)` : 'Imported');
    },
  );

  app.get(
    '/admin/products/export',
    {
      onRequest: requireAuth('ADMIN'),
      schema: {
        tags: ['catalog'],
        summary: 'Export every variant as CSV (streamed)',
        description: 'Same columns as the import, so an export can be edited and imported back.',
        produces: ['text/csv'],
        security: bearerSecurity,
        response: { 200: z.string().describe('text/csv'), ...errorResponses(401, 403) },
      },
    },
    async (_request, reply) => {
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="products-${stamp}.csv"`)
        .send(exportProducts(ctx) as unknown as string); // a stream: Fastify pipes it, no serialization
    },
  );
}
