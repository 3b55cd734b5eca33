import { readTransactionColumns } from '../files/transaction-reader';
import { fromTransactionColumns } from '../transactions';
import type { Transaction } from './summary';

/** Column layout of a transaction file. */
export interface TransactionFileOptions<Column> {
  customerCol: Column;
  dateCol: Column;
  /** Amount column; without it every amount is 0. */
  amountCol?: Column;
  /** Date format, see `parseDate`: 'YYYYMMDD', 'YYYY-MM-DD', 'DD-MM-YYYY', 'YYYY-MM-DD HH:mm:ss'… */
  dateFormat: string;
}

/** Options of `parseWhitespaceTransactions`; columns are 1-based positions. */
export interface WhitespaceFileOptions extends TransactionFileOptions<number> {
  /** Lines to skip at the top (a header), default 0. */
  skipLines?: number;
}

/**
 * Reads a fixed-width / whitespace-separated transaction file such as Fader & Hardie's
 * `CDNOW_sample.txt` (space-padded columns, CRLF line ends: master id, sample id, YYYYMMDD date,
 * number of CDs, dollars). Blank lines are ignored. Throws InputError naming the line and field for
 * a missing column, an unparsable date or amount, and for a file without data lines. Dates are the
 * UTC midnight of their day. (Large files: `createTransactionReader`, which keeps columns.)
 */
export function parseWhitespaceTransactions(text: string, options: WhitespaceFileOptions): Transaction[] {
  return fromTransactionColumns(
    readTransactionColumns(text, {
      format: 'whitespace',
      customer: options.customerCol,
      date: options.dateCol,
      amount: options.amountCol,
      dateFormat: options.dateFormat,
      skipLines: options.skipLines,
      names: { customer: 'customer', date: 'date', amount: 'amount' },
    }),
  );
}

/**
 * Reads a CSV file with a header row (columns addressed by header name). Throws InputError naming
 * the line and column for a missing header column, malformed CSV, an unparsable date or amount,
 * and for a file without data rows. Dates are the UTC midnight of their day.
 */
export function parseCsvTransactions(text: string, options: TransactionFileOptions<string>): Transaction[] {
  return fromTransactionColumns(
    readTransactionColumns(text, {
      format: 'csv',
      customer: options.customerCol,
      date: options.dateCol,
      amount: options.amountCol,
      dateFormat: options.dateFormat,
    }),
  );
}
