import { dayNumber, monthNumber, weekNumber } from '../dates';
import { InputError } from '../input-error';

/** One purchase. `date` is read as its UTC calendar day. */
export interface Transaction {
  customerId: string;
  date: Date;
  amount: number;
}

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

/**
 * Builds the RFM summary (x, t_x, T, monetary value) of each customer from raw transactions, as in
 * Fader, Hardie & Lee (2005), "Counting your customers the easy way", §2 and lifetimes'
 * `summary_data_from_transaction_data`:
 *   x = (number of distinct purchase periods) − 1, t_x = last − first, T = calibrationEnd − first,
 *   monetary value = mean over the repeat periods of the summed amount in each period.
 * Customers whose first purchase is after the calibration end are left out. Output follows the
 * order in which customers first appear. Throws InputError (record number, field) for an invalid
 * date or amount, an empty input, or a calibration end before the first transaction (or after the
 * last one unless `allowEndAfterData`).
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions,
): CustomerSummary[] {
  if (transactions.length === 0) throw new InputError('no transactions');
  const grouping = options.grouping ?? 'day';
  const endDay = dayNumber(options.calibrationEnd);
  if (!Number.isFinite(endDay)) throw new InputError('invalid date', { field: 'calibrationEnd' });
  const bucketOf = (day: number): number =>
    grouping === 'day' || options.unit === 'day'
      ? day
      : options.unit === 'week'
        ? weekNumber(day)
        : monthNumber(day);
  const scale = grouping === 'day' || options.unit === 'day' ? DAYS_PER_UNIT[options.unit] : 1;
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  const perCustomer = new Map<string, Map<number, number>>();
  transactions.forEach((t, i) => {
    const day = t.date instanceof Date ? dayNumber(t.date) : Number.NaN;
    if (!Number.isFinite(day)) throw new InputError('invalid date', { line: i + 1, field: 'date' });
    if (!Number.isFinite(t.amount)) {
      throw new InputError(`invalid amount ${String(t.amount)}`, { line: i + 1, field: 'amount' });
    }
    minDay = Math.min(minDay, day);
    maxDay = Math.max(maxDay, day);
    if (day > endDay) return;
    let buckets = perCustomer.get(t.customerId);
    if (!buckets) {
      buckets = new Map();
      perCustomer.set(t.customerId, buckets);
    }
    const bucket = bucketOf(day);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + t.amount);
  });
  if (endDay < minDay || (endDay > maxDay && !options.allowEndAfterData)) {
    throw new InputError(
      `calibration end ${options.calibrationEnd.toISOString().slice(0, 10)} is outside the data ` +
        `(${isoDay(minDay)} to ${isoDay(maxDay)})`,
      { field: 'calibrationEnd' },
    );
  }
  const endBucket = bucketOf(endDay);
  const result: CustomerSummary[] = [];
  for (const [customerId, buckets] of perCustomer) {
    const keys = [...buckets.keys()].sort((a, b) => a - b);
    const first = keys[0] as number;
    const last = keys[keys.length - 1] as number;
    let repeatTotal = 0;
    for (let k = 1; k < keys.length; k++) repeatTotal += buckets.get(keys[k] as number) as number;
    const x = keys.length - 1;
    result.push({
      customerId,
      x,
      tx: (last - first) / scale,
      T: (endBucket - first) / scale,
      monetaryValue: x > 0 ? repeatTotal / x : 0,
    });
  }
  return result;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
