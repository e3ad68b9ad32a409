import { stringify, type Options, type Stringifier } from 'csv-stringify';

/** Cells a spreadsheet would run as a formula (OWASP CSV injection): =, +, -, @, tab, CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell this helper escaped: the quote it added, then a formula start. */
const ESCAPED = /^'+[=+\-@\t\r]/;

/**
 * Neutralises one text cell: a formula start gets a leading apostrophe, so spreadsheets show it as
 * text. A value that already looks escaped gets one more, so `restoreCsvCell` is its exact inverse.
 */
export function neutraliseCsvCell(value: string): string {
  return FORMULA_START.test(value) || ESCAPED.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCsvCell` (for importing a file this server exported). */
export function restoreCsvCell(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}

/** The one CSV writer every export uses: csv-stringify with every text cell neutralised. */
export function csvStringifier(options: Options = {}): Stringifier {
  return stringify({ ...options, cast: { ...options.cast, string: neutraliseCsvCell } });
}
