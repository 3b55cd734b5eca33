import type { SummaryColumns } from '../clv/summary';
import { InputError } from '../input-error';
import { DelimitedScanner, fieldText, type RecordFields } from './delimited';
import { parseDecimal } from './fields';

/** Header names of the columns of a customer summary; `customerId` and `monetaryValue` are optional. */
export interface SummaryCsvColumns {
  /** The id column; null or absent: the file has none, and customers are numbered by row. */
  customerId?: string | null;
  x: string;
  tx: string;
  T: string;
  monetaryValue?: string;
}

/** A summary file's columns: the summaries, and which header columns they came from. */
export interface SummaryFile extends SummaryColumns {
  /** The columns read (found in the header, or as given); customerId null: rows are numbered. */
  readonly columns: SummaryCsvColumns & { customerId: string | null };
}

/** Accepted header names of each summary column, first match wins (exact, then ignoring case). */
export const SUMMARY_HEADERS = {
  customerId: ['id', 'customer_id', 'customerid', 'customer', 'cust'],
  x: ['frequency', 'x'],
  tx: ['recency', 't_x', 'tx'],
  T: ['T', 't'],
  monetaryValue: ['monetary_value', 'zbar', 'monetary', 'm'],
} as const;

/**
 * The summary columns of a header: frequency or x, recency or t_x, T, optionally monetary_value or
 * zbar; the id is an id-like column (ID, customer_id, …), else the first column when it is none of
 * the others, else absent (a file of model columns only: customers are numbered by row). Throws
 * InputError (line 1) naming a missing column.
 */
export function findSummaryColumns(header: readonly string[]): SummaryFile['columns'] {
  const find = (names: readonly string[]): string | undefined => {
    for (const name of names) if (header.includes(name)) return name;
    for (const name of names) {
      const loose = header.find((h) => h.toLowerCase() === name.toLowerCase());
      if (loose !== undefined) return loose;
    }
    return undefined;
  };
  const need = (role: 'x' | 'tx' | 'T', what: string): string => {
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
  const first = header[0] as string;
  const modelColumns = [x, tx, T, monetaryValue];
  const customerId = find(SUMMARY_HEADERS.customerId) ?? (modelColumns.includes(first) ? null : first);
  return { customerId, x, tx, T, ...(monetaryValue === undefined ? {} : { monetaryValue }) };
}

/** The id field of a record: canonical integers through their number (a cached, cheap string). */
function idText(r: RecordFields): string {
  const b = r.bytes;
  const s = r.start[0] as number;
  const e = r.end[0] as number;
  if (r.escaped[0] === 0 && e > s && e - s <= 9 && (b[s] !== 48 || e - s === 1)) {
    let v = 0;
    let k = s;
    for (; k < e; k++) {
      const d = (b[k] as number) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (k === e) return String(v);
  }
  return fieldText(r, 0);
}

/** A summary CSV read in chunks: `push` its bytes in order, then `end` for the columns. */
export interface SummaryReader {
  push(chunk: Uint8Array): void;
  end(): SummaryFile;
}

const SLOTS = ['customerId', 'x', 'tx', 'T', 'monetaryValue'] as const;

class Growing {
  values = new Float64Array(1 << 12);
  push(at: number, v: number): void {
    if (at === this.values.length) {
      const grown = new Float64Array(at * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[at] = v;
  }
}

/**
 * Reads a per-customer summary CSV such as lifetimes' `cdnow_customers_summary.csv` (ID,
 * frequency, recency, T) or `cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T, zbar)
 * as its bytes stream in, into columns (numbers read from the bytes, see `parseDecimal`). The
 * columns are `columns`, or found in the header by `findSummaryColumns`. Throws InputError naming
 * the line and column for a missing column, a value that is not a non-negative number, t_x > T,
 * malformed CSV, and a file without data rows.
 */
export function createSummaryReader(columns?: SummaryCsvColumns): SummaryReader {
  let used: SummaryFile['columns'] | undefined;
  const ids: string[] = [];
  const values = [new Growing(), new Growing(), new Growing(), new Growing()];
  let n = 0;
  let withId = false;
  let withSpend = false;
  const number = (r: RecordFields, k: number, name: string): number => {
    const v = parseDecimal(r.bytes, r.start[k] as number, r.end[k] as number);
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY)
      throw new InputError(`"${fieldText(r, k)}" is not a non-negative number`, {
        line: r.line,
        field: name,
      });
    return v;
  };
  const scanner = new DelimitedScanner(
    'csv',
    {
      header: (header) => {
        used = columns ? { ...columns, customerId: columns.customerId ?? null } : findSummaryColumns(header);
        const chosen = used;
        withId = chosen.customerId !== null;
        withSpend = chosen.monetaryValue !== undefined;
        return SLOTS.map((slot) => {
          const name = chosen[slot];
          if (name === undefined || name === null) return -1;
          const at = header.indexOf(name);
          if (at < 0) throw new InputError('no such column in header', { line: 1, field: name });
          return at;
        });
      },
      record: (r) => {
        const c = used as SummaryFile['columns'];
        if (withId) ids.push(idText(r));
        const x = number(r, 1, c.x);
        const tx = number(r, 2, c.tx);
        const T = number(r, 3, c.T);
        if (tx > T) throw new InputError(`t_x ${tx} exceeds T ${T}`, { line: r.line, field: c.tx });
        (values[0] as Growing).push(n, x);
        (values[1] as Growing).push(n, tx);
        (values[2] as Growing).push(n, T);
        if (withSpend) (values[3] as Growing).push(n, number(r, 4, c.monetaryValue as string));
        n++;
      },
    },
    { slots: 5 },
  );
  return {
    push: (chunk) => scanner.push(chunk),
    end: () => {
      scanner.end();
      if (used === undefined) throw new InputError('empty file: no header line', { line: 1 });
      if (n === 0) throw new InputError('empty file: no data rows');
      const column = (k: number) => (values[k] as Growing).values.subarray(0, n);
      return {
        length: n,
        columns: used,
        customerIds: withId ? ids : null,
        x: column(0),
        tx: column(1),
        T: column(2),
        monetaryValue: withSpend ? column(3) : null,
      };
    },
  };
}

/** A whole summary file at once (see `createSummaryReader`). */
export function readSummaryColumns(input: string | Uint8Array, columns?: SummaryCsvColumns): SummaryFile {
  const reader = createSummaryReader(columns);
  reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return reader.end();
}
