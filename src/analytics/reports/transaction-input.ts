import type { Transaction } from '../models/clv/summary';
import { parseCsvTransactions, parseWhitespaceTransactions } from '../models/clv/transaction-file';
import { parseSummaryCsv } from '../models/clv/summary-csv';
import type { CustomerSummary } from '../models/clv/summary';
import { InputError } from '../models/input-error';

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

/** Transactions of the file, with the cost of goods of each when `costCol` is given. */
export interface TransactionFile {
  transactions: Transaction[];
  costs: number[] | undefined;
  /** 1-based line of each transaction in the file (for messages). */
  lines: number[];
}

/**
 * Reads a transaction file with the pure parsers (`parseWhitespaceTransactions`,
 * `parseCsvTransactions`). Throws InputError naming the line and field for unparsable dates or
 * amounts, an empty file, a missing column, or a negative amount or quantity (transaction files
 * hold purchases; a return is not a negative purchase).
 */
export function readTransactionFile(text: string, spec: TransactionFileSpec): TransactionFile {
  const whitespace =
    spec.format === undefined ? /^\d+$/.test(spec.customerCol) : spec.format === 'whitespace';
  const dateFormat = spec.dateFormat ?? 'YYYY-MM-DD';
  let read: (amountCol: string | undefined) => Transaction[];
  let lines: number[];
  if (whitespace) {
    const position = (field: string, value: string | undefined): number | undefined => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new InputError(`"${value}" is not a column position (1, 2, …)`, { field });
      return n;
    };
    const customerCol = position('customerCol', spec.customerCol) as number;
    const dateCol = position('dateCol', spec.dateCol) as number;
    read = (amountCol) =>
      parseWhitespaceTransactions(text, {
        customerCol,
        dateCol,
        amountCol: position(
          amountCol === spec.costCol
            ? 'costCol'
            : amountCol === spec.quantityCol
              ? 'quantityCol'
              : 'amountCol',
          amountCol,
        ),
        dateFormat,
        skipLines: spec.skipLines,
      });
    lines = dataLines(text, spec.skipLines ?? 0);
  } else {
    read = (amountCol) =>
      parseCsvTransactions(text, {
        customerCol: spec.customerCol,
        dateCol: spec.dateCol,
        amountCol,
        dateFormat,
      });
    lines = [];
  }
  const transactions = read(spec.amountCol);
  const costs = spec.costCol === undefined ? undefined : read(spec.costCol).map((t) => t.amount);
  if (lines.length !== transactions.length) lines = transactions.map((_, i) => i + 2);
  const where = (i: number) => lines[i] ?? i + 1;
  transactions.forEach((t, i) => {
    if (t.amount < 0) {
      throw new InputError(`negative amount ${t.amount}: transaction files hold purchases, not returns`, {
        line: where(i),
        field: spec.amountCol ?? 'amount',
      });
    }
  });
  costs?.forEach((c, i) => {
    if (c < 0) throw new InputError(`negative cost ${c}`, { line: where(i), field: spec.costCol ?? 'cost' });
  });
  if (spec.quantityCol !== undefined) {
    read(spec.quantityCol).forEach((q, i) => {
      if (q.amount < 0) {
        throw new InputError(
          `negative quantity ${q.amount} is not a purchase: a transaction file holds purchases only ` +
            '(load returns with `rapport import orders`, where a return refers to its order)',
          { line: where(i), field: spec.quantityCol },
        );
      }
    });
  }
  return { transactions, costs, lines };
}

/** 1-based numbers of the non-blank lines after `skip`, as the whitespace parser reads them. */
function dataLines(text: string, skip: number): number[] {
  const out: number[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (i >= skip && line.trim() !== '') out.push(i + 1);
  });
  return out;
}

/** Accepted header names of each summary column, first match wins. */
const SUMMARY_HEADERS = {
  customerId: ['id', 'customer_id', 'customerid', 'customer', 'cust'],
  x: ['frequency', 'x'],
  tx: ['recency', 't_x', 'tx'],
  T: ['T', 't'],
  monetaryValue: ['monetary_value', 'zbar', 'monetary', 'm'],
} as const;

/**
 * Reads a per-customer summary CSV such as lifetimes' `cdnow_customers_summary.csv` (ID,
 * frequency, recency, T) or `cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T, zbar):
 * columns frequency or x, recency or t_x, T, and optionally monetary_value or zbar; the customer
 * id is an ID-like column or the first one. Throws InputError naming the line and column.
 */
export function readSummaryFile(text: string): { rows: CustomerSummary[]; hasSpend: boolean } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (firstLine.trim() === '') throw new InputError('empty file: no header line', { line: 1 });
  const header = firstLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const find = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const exact = header.find((h) => h === name);
      if (exact !== undefined) return exact;
    }
    for (const name of names) {
      const loose = header.find((h) => h.toLowerCase() === name.toLowerCase());
      if (loose !== undefined) return loose;
    }
    return undefined;
  };
  const need = (role: keyof typeof SUMMARY_HEADERS, what: string): string => {
    const col = find(SUMMARY_HEADERS[role]);
    if (col === undefined)
      throw new InputError(`no ${what} column (${SUMMARY_HEADERS[role].join(' or ')}) in the header`, {
        line: 1,
        field: role,
      });
    return col;
  };
  const x = need('x', 'frequency');
  const tx = need('tx', 'recency');
  const T = need('T', 'age');
  const monetaryValue = find(SUMMARY_HEADERS.monetaryValue);
  const customerId = find(SUMMARY_HEADERS.customerId) ?? (header[0] as string);
  const rows = parseSummaryCsv(text, { customerId, x, tx, T, ...(monetaryValue ? { monetaryValue } : {}) });
  return { rows, hasSpend: monetaryValue !== undefined };
}
