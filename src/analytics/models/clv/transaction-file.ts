import { parse } from 'csv-parse/sync';
import { parseDate } from '../dates';
import { InputError } from '../input-error';
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
 * a missing column, an unparsable date or amount, and for a file without data lines.
 */
export function parseWhitespaceTransactions(text: string, options: WhitespaceFileOptions): Transaction[] {
  const lines = text.split(/\r\n|\n|\r/);
  const out: Transaction[] = [];
  for (let i = options.skipLines ?? 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const get = (col: number, field: string): string => {
      const value = fields[col - 1];
      if (value === undefined) throw new InputError(`missing column ${col}`, { line: i + 1, field });
      return value;
    };
    out.push(
      toTransaction(
        get(options.customerCol, 'customer'),
        get(options.dateCol, 'date'),
        options.amountCol === undefined ? undefined : get(options.amountCol, 'amount'),
        options.dateFormat,
        i + 1,
        { customer: 'customer', date: 'date', amount: 'amount' },
      ),
    );
  }
  if (out.length === 0) throw new InputError('empty file: no transaction lines');
  return out;
}

/**
 * Reads a CSV file with a header row (columns addressed by header name) using csv-parse. Throws
 * InputError naming the line and column for a missing header column, malformed CSV, an unparsable
 * date or amount, and for a file without data rows.
 */
export function parseCsvTransactions(text: string, options: TransactionFileOptions<string>): Transaction[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  if (rows.length === 0) throw new InputError('empty file: no data rows');
  const header = Object.keys((rows[0] as (typeof rows)[number]).record);
  for (const col of [options.customerCol, options.dateCol, options.amountCol]) {
    if (col !== undefined && !header.includes(col)) {
      throw new InputError(`no such column in header [${header.join(', ')}]`, { line: 1, field: col });
    }
  }
  return rows.map(({ record, info }) =>
    toTransaction(
      record[options.customerCol] ?? '',
      record[options.dateCol] ?? '',
      options.amountCol === undefined ? undefined : (record[options.amountCol] ?? ''),
      options.dateFormat,
      info.lines,
      { customer: options.customerCol, date: options.dateCol, amount: options.amountCol ?? 'amount' },
    ),
  );
}

function toTransaction(
  customer: string,
  dateText: string,
  amountText: string | undefined,
  dateFormat: string,
  line: number,
  names: { customer: string; date: string; amount: string },
): Transaction {
  if (customer === '') throw new InputError('empty customer id', { line, field: names.customer });
  const date = parseDate(dateText, dateFormat);
  if (!date) throw new InputError(`cannot parse "${dateText}" as ${dateFormat}`, { line, field: names.date });
  let amount = 0;
  if (amountText !== undefined) {
    amount = amountText.trim() === '' ? Number.NaN : Number(amountText);
    if (!Number.isFinite(amount)) {
      throw new InputError(`cannot parse "${amountText}" as a number`, { line, field: names.amount });
    }
  }
  return { customerId: customer, date, amount };
}
