import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { restoreCsvCell } from '../../platform/csv';
import { AppError, badRequest, type ErrorDetail } from '../../platform/errors';
import { currencySchema, MAX_INT4 } from '../../platform/money';
import { PRODUCT_STATUSES } from './schemas';
import { SLUG_PATTERN } from './slug';

// The CSV format of the bulk import and export: columns, one row's validation, the report.

/** One CSV row per variant. `options` is `Size=M|Color=Red`, `tags` is `a|b`; category/brand are slugs. */
export const CSV_COLUMNS = [
  'sku',
  'product',
  'name',
  'description',
  'category',
  'brand',
  'tags',
  'status',
  'currency',
  'options',
  'price',
  'compareAtPrice',
  'stock',
  'lowStockThreshold',
  'active',
] as const;

export const MAX_IMPORT_ROWS = 50_000;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const intCell = (min: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^-?\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(MAX_INT4))
      .optional(),
  );

const rowSchema = z.object({
  sku: z
    .string()
    .trim()
    .min(1, 'required')
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - /'),
  product: z.preprocess(
    blankToUndefined,
    z.string().trim().max(140).regex(SLUG_PATTERN, 'not a slug').optional(),
  ),
  name: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  description: z.preprocess(blankToUndefined, z.string().max(20_000).optional()),
  category: z.preprocess(blankToUndefined, z.string().trim().max(140).optional()),
  brand: z.preprocess(blankToUndefined, z.string().trim().max(140).optional()),
  tags: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
  status: z.preprocess(blankToUndefined, z.enum(PRODUCT_STATUSES).optional()),
  currency: z.preprocess(blankToUndefined, currencySchema.optional()),
  options: z.preprocess(blankToUndefined, z.string().max(1000).optional()),
  price: intCell(0),
  compareAtPrice: intCell(0),
  stock: intCell(0),
  lowStockThreshold: intCell(0),
  active: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', 'TRUE', 'FALSE', '1', '0', 'yes', 'no'])
      .transform((v) => ['true', 'TRUE', '1', 'yes'].includes(v))
      .optional(),
  ),
});
export type Row = z.output<typeof rowSchema> & { line: number };

export interface ImportReport {
  mode: 'per-row' | 'all-or-nothing';
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: Array<{ row: number; sku: string | null; message: string }>;
}

export function parseOptions(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split('|')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw badRequest('VALIDATION_ERROR', `options: "${pair}" is not Name=Value`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
export const splitTags = (text: string | undefined) =>
  text
    ? text
        .split('|')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined;

/** Parses the CSV into records keyed by (trimmed) header; 400 INVALID_CSV / TOO_MANY_ROWS. */
export function readCsv(csv: string): Array<Record<string, string>> {
  let records: Array<Record<string, string>>;
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      bom: true,
      trim: false,
      relax_column_count: false,
      max_record_size: 64 * 1024,
      to: MAX_IMPORT_ROWS + 1,
      // Cells our export escaped against formula injection come back as they were.
      cast: (value, context) => (context.header ? value : restoreCsvCell(value)),
    });
  } catch (error) {
    throw badRequest(
      'INVALID_CSV',
      `The CSV cannot be parsed: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  }
  if (records.length > MAX_IMPORT_ROWS)
    throw badRequest('TOO_MANY_ROWS', `At most ${MAX_IMPORT_ROWS} rows per import`);
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  if (records.length > 0 && !header.includes('sku'))
    throw badRequest('INVALID_CSV', 'The CSV needs a "sku" column');
  const unknownColumns = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknownColumns.length > 0)
    throw badRequest(
      'INVALID_CSV',
      `Unknown columns: ${unknownColumns.join(', ')}`,
      unknownColumns.map((c) => ({ path: c, message: 'Unknown column' })),
    );
  return records;
}

/** The records that pass the row schema and are not a repeated SKU; the others go to report.errors. */
export function validRows(records: Array<Record<string, string>>, report: ImportReport): Row[] {
  const rows: Row[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // header is line 1
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      report.errors.push({
        row: line,
        sku: record.sku ?? null,
        message: `${issue.path.join('.')}: ${issue.message}`,
      });
      return;
    }
    rows.push({ ...parsed.data, line });
  });
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.sku.toUpperCase();
    if (seen.has(key))
      report.errors.push({
        row: row.line,
        sku: row.sku,
        message: `duplicate SKU (also on row ${seen.get(key)})`,
      });
    else seen.set(key, row.line);
  }
  const badLines = new Set(report.errors.map((e) => e.row));
  return rows.filter((r) => !badLines.has(r.line));
}

export function importFailed(report: ImportReport): AppError {
  const details: ErrorDetail[] = report.errors
    .sort((a, b) => a.row - b.row)
    .slice(0, 500)
    .map((e) => ({ path: `rows.${e.row}`, message: e.sku ? `${e.sku}: ${e.message}` : e.message }));
  return new AppError(
    400,
    'IMPORT_FAILED',
    `${report.errors.length} row(s) failed; nothing was imported`,
    details,
  );
}
