import { InputError } from '../input-error';
import { type TransactionColumns, TransactionColumnsBuilder } from '../transactions';
import { DelimitedScanner, fieldText, type RecordFields } from './delimited';
import { compileDayFormat, parseDay, parseDecimal } from './fields';

/** Where the fields of a transaction file are. */
export interface TransactionLayout {
  /** 'csv' (a header line; columns by name) or 'whitespace' (columns by 1-based position). */
  format: 'csv' | 'whitespace';
  customer: string | number;
  date: string | number;
  /** Without it every amount is 0. */
  amount?: string | number;
  /** Cost of goods of each transaction. */
  cost?: string | number;
  /** Units of each transaction: read only to refuse a negative one (with `purchasesOnly`). */
  quantity?: string | number;
  /** Date format of `compileDayFormat`: 'YYYYMMDD', 'YYYY-MM-DD', 'DD/MM/YYYY HH:mm'… */
  dateFormat: string;
  /** Whitespace files: lines to skip at the top (a header), default 0. */
  skipLines?: number;
  /** How each column is named in messages (default: as given, e.g. `amount` or `5`). */
  names?: Partial<Record<Role, string>>;
  /**
   * Refuse negative amounts, costs and quantities: a transaction file holds purchases, and a
   * return is not a negative purchase. Default false.
   */
  purchasesOnly?: boolean;
  /** Size of the whole file when known: the columns are then sized once from the first lines. */
  totalBytes?: number;
}

type Role = 'customer' | 'date' | 'amount' | 'cost' | 'quantity';
const ROLES: readonly Role[] = ['customer', 'date', 'amount', 'cost', 'quantity'];
const CUSTOMER = 0;
const DATE = 1;
const AMOUNT = 2;
const COST = 3;
const QUANTITY = 4;

/** A transaction file read in chunks: `push` its bytes in order, then `end` for the columns. */
export interface TransactionReader {
  push(chunk: Uint8Array): void;
  end(): TransactionColumns;
}

/** Ids this small and canonical (digits, no leading zero) are found by a typed-array lookup. */
const DENSE_LIMIT = 1 << 24;

/**
 * Reads a transaction file into columns as its bytes stream in (see `DelimitedScanner` for the
 * CSV and whitespace rules): customers become indices (first appearance first), dates UTC day
 * numbers, amounts numbers, without a string or a `Date` per line (ids that are canonical decimal
 * integers are looked up from their digits). Throws InputError naming the line and field for a
 * missing column, an empty customer id, an unparsable date or number, a negative amount, cost or
 * quantity (with `purchasesOnly`), malformed CSV and a file without transaction lines.
 */
export function createTransactionReader(layout: TransactionLayout): TransactionReader {
  const format = compileDayFormat(layout.dateFormat);
  const columns = ROLES.map((role) => layout[role]);
  const names = ROLES.map((role, k) => layout.names?.[role] ?? String(columns[k] ?? role));
  const has = columns.map((c) => c !== undefined);
  const out = new TransactionColumnsBuilder(has[COST] as boolean);
  const ids: string[] = [];
  let dense = new Int32Array(0);
  const byNumber = new Map<number, number>();
  const byText = new Map<string, number>();
  const purchasesOnly = layout.purchasesOnly ?? false;

  const fail = (r: RecordFields, k: number, message: string): never => {
    throw new InputError(message, { line: r.line, field: names[k] as string });
  };
  const text = (r: RecordFields, k: number) => fieldText(r, k);
  const number = (r: RecordFields, k: number): number => {
    const v = parseDecimal(r.bytes, r.start[k] as number, r.end[k] as number);
    if (!Number.isFinite(v)) fail(r, k, `cannot parse "${text(r, k)}" as a number`);
    return v;
  };

  const customerIndex = (r: RecordFields): number => {
    const b = r.bytes;
    const s = r.start[CUSTOMER] as number;
    const e = r.end[CUSTOMER] as number;
    if (s === e) fail(r, CUSTOMER, 'empty customer id');
    // A canonical integer (no sign, no leading zero) of up to 15 digits: its value is its identity.
    if (r.escaped[CUSTOMER] === 0 && e - s <= 15 && (b[s] !== 48 || e - s === 1)) {
      let v = 0;
      let k = s;
      for (; k < e; k++) {
        const d = (b[k] as number) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === e) {
        if (v < DENSE_LIMIT) {
          if (v >= dense.length) {
            const grown = new Int32Array(Math.min(DENSE_LIMIT, Math.max(v + 1, dense.length * 2, 1024)));
            grown.fill(-1);
            grown.set(dense);
            dense = grown;
          }
          let c = dense[v] as number;
          if (c < 0) {
            c = ids.length;
            ids.push(String(v));
            dense[v] = c;
          }
          return c;
        }
        let c = byNumber.get(v);
        if (c === undefined) {
          c = ids.length;
          ids.push(String(v));
          byNumber.set(v, c);
        }
        return c;
      }
    }
    const id = text(r, CUSTOMER);
    let c = byText.get(id);
    if (c === undefined) {
      c = ids.length;
      ids.push(id);
      byText.set(id, c);
    }
    return c;
  };

  const hasAmount = has[AMOUNT] as boolean;
  const hasCost = has[COST] as boolean;
  const hasQuantity = has[QUANTITY] as boolean;
  const whitespace = layout.format === 'whitespace';
  // The last date field's bytes and day: files in date order repeat a date on many lines.
  const lastDate = new Uint8Array(format.length);
  let lastDay = Number.NaN;
  let bytesSeen = 0;
  let sized = layout.totalBytes === undefined;

  const dayOf = (r: RecordFields): number => {
    const b = r.bytes;
    const s = r.start[DATE] as number;
    const e = r.end[DATE] as number;
    if (e - s === lastDate.length && !Number.isNaN(lastDay)) {
      let same = true;
      for (let k = 0; k < lastDate.length; k++) {
        if (b[s + k] !== lastDate[k]) {
          same = false;
          break;
        }
      }
      if (same) return lastDay;
    }
    const day = parseDay(b, s, e, format);
    if (Number.isNaN(day)) fail(r, DATE, `cannot parse "${text(r, DATE)}" as ${layout.dateFormat}`);
    lastDate.set(b.subarray(s, e));
    lastDay = day;
    return day;
  };

  const record = (r: RecordFields): void => {
    if (whitespace) {
      for (let k = 0; k < 5; k++) {
        if (has[k] && (r.start[k] as number) < 0) fail(r, k, `missing column ${String(columns[k])}`);
      }
    }
    const customer = customerIndex(r);
    const day = dayOf(r);
    const amount = hasAmount ? number(r, AMOUNT) : 0;
    const cost = hasCost ? number(r, COST) : 0;
    if (purchasesOnly) {
      if (amount < 0)
        fail(r, AMOUNT, `negative amount ${amount}: transaction files hold purchases, not returns`);
      if (cost < 0) fail(r, COST, `negative cost ${cost}`);
      if (hasQuantity) {
        const quantity = number(r, QUANTITY);
        if (quantity < 0) {
          fail(
            r,
            QUANTITY,
            `negative quantity ${quantity} is not a purchase: a transaction file holds purchases only ` +
              '(load returns with `rapport import orders`, where a return refers to its order)',
          );
        }
      }
    }
    out.add(customer, day, amount, cost);
  };

  const scanner = new DelimitedScanner(
    layout.format,
    {
      header: (header) =>
        columns.map((c) => {
          if (c === undefined) return -1;
          const at = header.indexOf(String(c));
          if (at < 0)
            throw new InputError(`no such column in header [${header.join(', ')}]`, {
              line: 1,
              field: String(c),
            });
          return at;
        }),
      record,
    },
    {
      slots: 5,
      positions:
        layout.format === 'whitespace' ? columns.map((c) => (c === undefined ? -1 : Number(c) - 1)) : [],
      skipLines: layout.skipLines,
    },
  );
  return {
    push: (chunk) => {
      scanner.push(chunk);
      bytesSeen += chunk.length;
      if (!sized && out.length > 0) {
        // Size the columns once: lines in the file ≈ its size over the mean line so far, plus 5%.
        sized = true;
        out.reserve(Math.ceil(((layout.totalBytes as number) / bytesSeen) * out.length * 1.05));
      }
    },
    end: () => {
      scanner.end();
      if (out.length === 0) {
        throw new InputError(
          layout.format === 'csv' && !scanner.hasHeader
            ? 'empty file: no header line'
            : layout.format === 'csv'
              ? 'empty file: no data rows'
              : 'empty file: no transaction lines',
        );
      }
      return out.build(ids);
    },
  };
}

/** A whole transaction file at once (see `createTransactionReader`). */
export function readTransactionColumns(
  input: string | Uint8Array,
  layout: TransactionLayout,
): TransactionColumns {
  const reader = createTransactionReader(layout);
  reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return reader.end();
}
