import { parse } from 'csv-parse/sync';
import { InputError } from '../input-error';
import type { CustomerSummary } from './summary';

/** Header names of the summary columns; `monetaryValue` is optional. */
export interface SummaryCsvColumns {
  customerId: string;
  x: string;
  tx: string;
  T: string;
  monetaryValue?: string;
}

/**
 * Reads a precomputed customer summary from a headed CSV, e.g. lifetimes'
 * `cdnow_customers_summary.csv` (ID, frequency, recency, T) or
 * `cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T, zbar). Throws InputError naming
 * the line and column for a missing column, a non-numeric or negative value, or t_x > T.
 */
export function parseSummaryCsv(text: string, columns: SummaryCsvColumns): CustomerSummary[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  if (rows.length === 0) throw new InputError('empty file: no data rows');
  const header = Object.keys((rows[0] as (typeof rows)[number]).record);
  for (const col of Object.values(columns)) {
    if (!header.includes(col)) throw new InputError('no such column in header', { line: 1, field: col });
  }
  return rows.map(({ record, info }) => {
    const num = (col: string): number => {
      const text = record[col] ?? '';
      const v = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(v) || v < 0) {
        throw new InputError(`"${text}" is not a non-negative number`, { line: info.lines, field: col });
      }
      return v;
    };
    const row: CustomerSummary = {
      customerId: record[columns.customerId] ?? '',
      x: num(columns.x),
      tx: num(columns.tx),
      T: num(columns.T),
      monetaryValue: columns.monetaryValue === undefined ? 0 : num(columns.monetaryValue),
    };
    if (row.tx > row.T)
      throw new InputError(`t_x ${row.tx} exceeds T ${row.T}`, { line: info.lines, field: columns.tx });
    return row;
  });
}
