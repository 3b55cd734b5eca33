import { dayNumber, monthNumber, weekNumber } from '../dates';
import {
  countDistinctPerCustomer,
  groupByCustomer,
  type Transaction,
  type TransactionColumns,
  toTransactionColumns,
} from '../transactions';

/** One customer: calibration frequency x, model prediction and actual purchases in the holdout. */
export interface HoldoutRow {
  x: number;
  predicted: number;
  actual: number;
}

/** Mean predicted vs actual holdout purchases of the customers with the same calibration x. */
export interface FrequencyGroup {
  /** Lower bound of x in the group; the last group is `maxGroup` and above. */
  x: number;
  /** '0', '1', …, '7+'. */
  label: string;
  customers: number;
  meanPredicted: number;
  meanActual: number;
}

/**
 * Calibration/holdout check of a purchase model, as Figure 4 of Fader, Hardie & Lee (2005),
 * "Counting your customers the easy way": customers are grouped by their calibration repeat count
 * x = 0, 1, …, maxGroup − 1, and maxGroup+ (default 7+); each group reports the mean conditional
 * expectation E[Y(t*) | x, t_x, T] and the mean actual number of holdout purchases. Empty groups are
 * kept, with customers 0 and NaN means.
 */
export function comparePurchasesByFrequency(rows: readonly HoldoutRow[], maxGroup = 7): FrequencyGroup[] {
  const groups = Array.from({ length: maxGroup + 1 }, (_, x) => ({ x, n: 0, predicted: 0, actual: 0 }));
  for (const row of rows) {
    const g = groups[Math.min(Math.floor(row.x), maxGroup)] as (typeof groups)[number];
    g.n++;
    g.predicted += row.predicted;
    g.actual += row.actual;
  }
  return groups.map((g) => ({
    x: g.x,
    label: g.x === maxGroup ? `${maxGroup}+` : String(g.x),
    customers: g.n,
    meanPredicted: g.n === 0 ? Number.NaN : g.predicted / g.n,
    meanActual: g.n === 0 ? Number.NaN : g.actual / g.n,
  }));
}

/** Options of `countHoldoutPurchases`. */
export interface HoldoutOptions {
  /** Last day of the calibration period (exclusive start of the holdout). */
  calibrationEnd: Date;
  /** Last day of the holdout (inclusive). */
  holdoutEnd: Date;
  /** Same meaning as in `summarizeTransactions` (default: one purchase per customer per day). */
  unit?: 'day' | 'week' | 'month';
  grouping?: 'day' | 'period';
}

/**
 * Purchases per customer in the holdout (calibrationEnd, holdoutEnd], counted like
 * `summarizeTransactions` counts them (distinct days, or distinct calendar periods with grouping
 * 'period'), as lifetimes' `calibration_and_holdout_data` frequency_holdout. Customers without
 * holdout purchases are absent from the map (count 0).
 */
export function countHoldoutPurchases(
  transactions: readonly Transaction[],
  options: HoldoutOptions,
): Map<string, number> {
  const columns = toTransactionColumns(transactions);
  const counts = countHoldoutPurchaseColumns(columns, options);
  const out = new Map<string, number>();
  counts.forEach((n, c) => {
    if (n > 0) out.set(columns.customerIds[c] as string, n);
  });
  return out;
}

/** `countHoldoutPurchases` over transaction columns: the count of each customer index (0 without). */
export function countHoldoutPurchaseColumns(
  columns: TransactionColumns,
  options: HoldoutOptions,
): Int32Array {
  const start = dayNumber(options.calibrationEnd);
  const end = dayNumber(options.holdoutEnd);
  const unit = options.unit ?? 'day';
  const byPeriod = options.grouping === 'period' && unit !== 'day';
  const bucket = (day: number): number =>
    !byPeriod ? day : unit === 'week' ? weekNumber(day) : monthNumber(day);
  return countDistinctPerCustomer(columns, groupByCustomer(columns, end, start + 1), bucket);
}
