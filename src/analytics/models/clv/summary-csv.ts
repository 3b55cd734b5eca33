import { readSummaryColumns, type SummaryCsvColumns } from '../files/summary-reader';
import { type CustomerSummary, summaryRows } from './summary';

export type { SummaryCsvColumns } from '../files/summary-reader';

/**
 * Reads a precomputed customer summary from a headed CSV, e.g. lifetimes'
 * `cdnow_customers_summary.csv` (ID, frequency, recency, T) or
 * `cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T, zbar), as objects (see
 * `readSummaryColumns` for large files). Without a `customerId` column customers are numbered by
 * row. Throws InputError naming the line and column for a missing column, a non-numeric or
 * negative value, or t_x > T.
 */
export function parseSummaryCsv(text: string, columns: SummaryCsvColumns): CustomerSummary[] {
  return summaryRows(readSummaryColumns(text, columns));
}
