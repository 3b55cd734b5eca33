import { compileDayFormat } from '../models/files/fields';
import { createSummaryReader, type SummaryFile, type SummaryReader } from '../models/files/summary-reader';
import {
  createTransactionReader,
  readTransactionColumns,
  type TransactionLayout,
  type TransactionReader,
} from '../models/files/transaction-reader';
import { InputError } from '../models/input-error';
import type { TransactionColumns } from '../models/transactions';

/** How to read a transaction file (the CLI's --transactions options). */
export interface TransactionFileSpec {
  /** 'whitespace' (fixed-width or space-separated, columns by 1-based position) or 'csv' (headed,
   *  columns by name). Default: whitespace when the customer column is a number. */
  format?: 'csv' | 'whitespace';
  customerCol: string;
  dateCol: string;
  amountCol?: string;
  /** Cost of goods of each transaction (profitability). */
  costCol?: string;
  /** Quantity column (e.g. CDNOW's number of CDs): checked only, a negative quantity is refused. */
  quantityCol?: string;
  /** Date format of `parseDate` (default YYYY-MM-DD). */
  dateFormat?: string;
  /** Lines to skip at the top of a whitespace file (default 0). */
  skipLines?: number;
}

/**
 * The layout of a transaction file from the CLI's options: columns by name (CSV) or 1-based
 * position (whitespace), purchases only (a negative amount, cost or quantity is refused: a return
 * is not a negative purchase). Throws InputError on the option (customerCol, …) for a column that
 * is not a position in a whitespace file, and for an unknown date format.
 */
export function transactionLayout(spec: TransactionFileSpec): TransactionLayout {
  const whitespace =
    spec.format === undefined ? /^\d+$/.test(spec.customerCol) : spec.format === 'whitespace';
  const column = (field: string, value: string | undefined): string | number | undefined => {
    if (value === undefined || !whitespace) return value;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InputError(`"${value}" is not a column position (1, 2, …)`, { field });
    return n;
  };
  const dateFormat = spec.dateFormat ?? 'YYYY-MM-DD';
  try {
    compileDayFormat(dateFormat);
  } catch (err) {
    throw new InputError((err as Error).message, { field: 'dateFormat' });
  }
  return {
    format: whitespace ? 'whitespace' : 'csv',
    customer: column('customerCol', spec.customerCol) as string | number,
    date: column('dateCol', spec.dateCol) as string | number,
    amount: column('amountCol', spec.amountCol),
    cost: column('costCol', spec.costCol),
    quantity: column('quantityCol', spec.quantityCol),
    dateFormat,
    skipLines: spec.skipLines,
    purchasesOnly: true,
  };
}

/**
 * A reader of a transaction file (`createTransactionReader`) with the layout of the CLI options;
 * `totalBytes`, the file's size when known, sizes the columns once.
 */
export function openTransactionFile(spec: TransactionFileSpec, totalBytes?: number): TransactionReader {
  return createTransactionReader({ ...transactionLayout(spec), totalBytes });
}

/** A whole transaction file at once, as columns (see `transactionLayout`). */
export function readTransactionFile(
  text: string | Uint8Array,
  spec: TransactionFileSpec,
): TransactionColumns {
  return readTransactionColumns(text, transactionLayout(spec));
}

/**
 * A reader of a per-customer summary CSV such as lifetimes' `cdnow_customers_summary.csv` (ID,
 * frequency, recency, T) or `cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T, zbar):
 * columns frequency or x, recency or t_x, T, and optionally monetary_value or zbar; the customer
 * id is an ID-like column, or the first column when it is none of the others; without one the
 * customers are numbered by row (1 = the first data row), and `columns.customerId` is null.
 */
export function openSummaryFile(): SummaryReader {
  return createSummaryReader();
}

/** A whole summary file at once (see `openSummaryFile`). */
export function readSummaryFile(text: string | Uint8Array): SummaryFile {
  const reader = createSummaryReader();
  reader.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return reader.end();
}
