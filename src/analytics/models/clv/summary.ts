import { dayNumber, monthNumber, weekNumber } from '../dates';
import { InputError } from '../input-error';
import {
  groupByCustomer,
  type Transaction,
  type TransactionColumns,
  toTransactionColumns,
} from '../transactions';

export type { Transaction } from '../transactions';

/** Compressed per-customer history used by the BG/NBD, Pareto/NBD and Gamma-Gamma models. */
export interface CustomerSummary {
  customerId: string;
  /** Repeat purchases: purchase periods after the first one. */
  x: number;
  /** Time of the last purchase since the first (recency), in `unit`s. */
  tx: number;
  /** Time from the first purchase to the calibration end (age), in `unit`s. */
  T: number;
  /** Mean value of the repeat purchases (per-period sums); 0 when x = 0. */
  monetaryValue: number;
}

/** Options of `summarizeTransactions`. */
export interface SummaryOptions {
  /** Time unit of t_x and T. */
  unit: 'day' | 'week' | 'month';
  /** Last day (inclusive) of the calibration period; later transactions are ignored. */
  calibrationEnd: Date;
  /**
   * 'day' (default): transactions on the same UTC day are one purchase and times are day differences
   * divided by 1, 7 or 365.25/12; this is lifetimes' freq='D' with freq_multiplier=7 and reproduces
   * the published CDNOW summary (T = 38.86 weeks). 'period': transactions in the same calendar week
   * (Monday–Sunday) or month are one purchase and times are whole periods, as lifetimes'
   * freq='W' / freq='M' (T = 39 weeks for the same customer).
   */
  grouping?: 'day' | 'period';
  /** Accept a calibration end after the last transaction (default false: that is an InputError). */
  allowEndAfterData?: boolean;
}

const DAYS_PER_UNIT = { day: 1, week: 7, month: 365.25 / 12 } as const;

/** Customer summaries as columns: row i is one customer. */
export interface SummaryColumns {
  readonly length: number;
  /** Customer id of each row; null: the rows are numbered (see `summaryCustomerId`). */
  readonly customerIds: readonly string[] | null;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Mean repeat spend; null when not known. */
  readonly monetaryValue: Float64Array | null;
}

/** The id of row i: from `customerIds`, or the row's number (1 = first row) when there are none. */
export function summaryCustomerId(summary: SummaryColumns, i: number): string {
  return summary.customerIds === null ? String(i + 1) : (summary.customerIds[i] as string);
}

/** The summary objects of columns (monetary value 0 when not known). */
export function summaryRows(summary: SummaryColumns): CustomerSummary[] {
  const out: CustomerSummary[] = new Array(summary.length);
  for (let i = 0; i < summary.length; i++) {
    out[i] = {
      customerId: summaryCustomerId(summary, i),
      x: summary.x[i] as number,
      tx: summary.tx[i] as number,
      T: summary.T[i] as number,
      monetaryValue: summary.monetaryValue === null ? 0 : (summary.monetaryValue[i] as number),
    };
  }
  return out;
}

/** The columns of summary objects. */
export function toSummaryColumns(rows: readonly CustomerSummary[]): SummaryColumns {
  return {
    length: rows.length,
    customerIds: rows.map((r) => r.customerId),
    x: Float64Array.from(rows, (r) => r.x),
    tx: Float64Array.from(rows, (r) => r.tx),
    T: Float64Array.from(rows, (r) => r.T),
    monetaryValue: Float64Array.from(rows, (r) => r.monetaryValue),
  };
}

/**
 * Builds the RFM summary (x, t_x, T, monetary value) of each customer from raw transactions, as in
 * Fader, Hardie & Lee (2005), "Counting your customers the easy way", §2 and lifetimes'
 * `summary_data_from_transaction_data`:
 *   x = (number of distinct purchase periods) − 1, t_x = last − first, T = calibrationEnd − first,
 *   monetary value = mean over the repeat periods of the summed amount in each period.
 * Customers whose first purchase is after the calibration end are left out. Output follows the
 * order of each customer's first transaction up to the calibration end. Throws InputError (record
 * number, field) for an invalid date or amount, an empty input, or a calibration end before the
 * first transaction (or after the last one unless `allowEndAfterData`).
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions,
): CustomerSummary[] {
  if (transactions.length === 0) throw new InputError('no transactions');
  return summaryRows(summarizeTransactionColumns(toTransactionColumns(transactions), options));
}

/**
 * `summarizeTransactions` over transaction columns, into summary columns: the transactions are
 * grouped by customer with a counting sort and each customer's are sorted by period, so ten
 * million transactions take typed arrays, not a map per customer.
 */
export function summarizeTransactionColumns(
  transactions: TransactionColumns,
  options: SummaryOptions,
): SummaryColumns & {
  readonly customerIds: readonly string[];
  readonly monetaryValue: Float64Array;
  /** The customer index (into the transactions' ids) of each row. */
  readonly customers: Int32Array;
} {
  if (transactions.length === 0) throw new InputError('no transactions');
  const grouping = options.grouping ?? 'day';
  const endDay = dayNumber(options.calibrationEnd);
  if (!Number.isFinite(endDay)) throw new InputError('invalid date', { field: 'calibrationEnd' });
  const byDay = grouping === 'day' || options.unit === 'day';
  const bucketOf = (day: number): number =>
    byDay ? day : options.unit === 'week' ? weekNumber(day) : monthNumber(day);
  const scale = byDay ? DAYS_PER_UNIT[options.unit] : 1;
  const { day, amount, customer } = transactions;
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < transactions.length; i++) {
    const d = day[i] as number;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  if (endDay < minDay || (endDay > maxDay && !options.allowEndAfterData)) {
    throw new InputError(
      `calibration end ${options.calibrationEnd.toISOString().slice(0, 10)} is outside the data ` +
        `(${isoDay(minDay)} to ${isoDay(maxDay)})`,
      { field: 'calibrationEnd' },
    );
  }
  // Customers in the order of their first transaction up to the calibration end.
  const known = transactions.customerIds.length;
  const seen = new Uint8Array(known);
  const order: number[] = [];
  for (let i = 0; i < transactions.length; i++) {
    const c = customer[i] as number;
    if ((day[i] as number) <= endDay && seen[c] === 0) {
      seen[c] = 1;
      order.push(c);
    }
  }
  const groups = groupByCustomer(transactions, endDay);
  const endBucket = bucketOf(endDay);
  const n = order.length;
  const out = {
    length: n,
    customerIds: order.map((c) => transactions.customerIds[c] as string),
    customers: Int32Array.from(order),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    monetaryValue: new Float64Array(n),
  };
  let buckets = new Float64Array(64);
  let positions = new Uint32Array(64);
  for (let k = 0; k < n; k++) {
    const c = order[k] as number;
    const from = groups.start[c] as number;
    const count = (groups.start[c + 1] as number) - from;
    if (count > buckets.length) {
      buckets = new Float64Array(count * 2);
      positions = new Uint32Array(count * 2);
    }
    for (let j = 0; j < count; j++) {
      buckets[j] = bucketOf(day[groups.index[from + j] as number] as number);
      positions[j] = j;
    }
    // By period, then file order: each period's amounts are summed in file order.
    const ranked = positions.subarray(0, count);
    ranked.sort((a, b) => (buckets[a] as number) - (buckets[b] as number) || a - b);
    const first = buckets[ranked[0] as number] as number;
    let last = first;
    let periods = 1;
    let current = first;
    let periodTotal = 0;
    let repeatTotal = 0;
    for (let j = 0; j < count; j++) {
      const p = ranked[j] as number;
      const b = buckets[p] as number;
      const a = amount[groups.index[from + p] as number] as number;
      if (b !== current) {
        if (current !== first) repeatTotal += periodTotal;
        current = b;
        periodTotal = 0;
        periods++;
        last = b;
      }
      periodTotal += a;
    }
    if (current !== first) repeatTotal += periodTotal;
    const x = periods - 1;
    out.x[k] = x;
    out.tx[k] = (last - first) / scale;
    out.T[k] = (endBucket - first) / scale;
    out.monetaryValue[k] = x > 0 ? repeatTotal / x : 0;
  }
  return out;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
