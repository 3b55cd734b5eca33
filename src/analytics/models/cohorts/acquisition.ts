import {
  groupByCustomer,
  type Transaction,
  type TransactionColumns,
  toTransactionColumns,
} from '../transactions';
import { dayNumber, monthLabel, monthNumber } from '../dates';
import { InputError } from '../input-error';

/** One monthly acquisition cohort. */
export interface AcquisitionCohort {
  /** 'YYYY-MM' of the first purchase. */
  cohort: string;
  /** Customers whose first purchase fell in that month. */
  size: number;
  /** active[k]: cohort customers with at least one purchase in month cohort + k (k = 0 … last month). */
  active: number[];
  /** retention[k] = active[k] / size. */
  retention: number[];
  /** revenue[k]: the cohort's spend in month cohort + k. */
  revenue: number[];
}

/**
 * Monthly acquisition cohorts and their retention matrix (the "cohort table" of customer-base
 * analysis; e.g. Fader & Hardie 2007, "How to project customer retention", Table 1, in calendar
 * months): customers are grouped by the UTC month of their first purchase, and for each later month
 * up to the last month with data (or `asOf`) the table counts cohort members who purchased. Rows
 * are in cohort order, each as long as the months elapsed. Throws InputError for an invalid date or
 * amount or an empty input.
 */
export function computeAcquisitionCohorts(
  transactions: readonly Transaction[],
  asOf?: Date,
): AcquisitionCohort[] {
  if (transactions.length === 0) throw new InputError('no transactions');
  return computeAcquisitionCohortColumns(
    toTransactionColumns(transactions),
    asOf === undefined ? undefined : dayNumber(asOf),
  );
}

/** `computeAcquisitionCohorts` over transaction columns, to UTC day `asOfDay` (default: all). */
export function computeAcquisitionCohortColumns(
  transactions: TransactionColumns,
  asOfDay?: number,
): AcquisitionCohort[] {
  if (transactions.length === 0) throw new InputError('no transactions');
  const cutoff = asOfDay ?? Number.POSITIVE_INFINITY;
  const { customer, day, amount } = transactions;
  const first = new Int32Array(transactions.customerIds.length).fill(-1);
  let lastMonth = Number.NEGATIVE_INFINITY;
  let counted = 0;
  for (let i = 0; i < transactions.length; i++) {
    const d = day[i] as number;
    if (d > cutoff) continue;
    const m = monthNumber(d);
    const c = customer[i] as number;
    if ((first[c] as number) < 0 || m < (first[c] as number)) first[c] = m;
    if (m > lastMonth) lastMonth = m;
    counted++;
  }
  if (counted === 0) throw new InputError('no transactions on or before asOf', { field: 'asOf' });
  const last = asOfDay === undefined ? lastMonth : monthNumber(cutoff);
  const cohortMonths = [...new Set(first.filter((m) => m >= 0))].sort((a, b) => a - b);
  const rows = new Map(
    cohortMonths.map((c) => [
      c,
      {
        size: 0,
        active: new Array<number>(last - c + 1).fill(0),
        revenue: new Array<number>(last - c + 1).fill(0),
      },
    ]),
  );
  for (const c of first) if (c >= 0) (rows.get(c) as { size: number }).size++;
  for (let i = 0; i < transactions.length; i++) {
    const d = day[i] as number;
    if (d > cutoff) continue;
    const c = first[customer[i] as number] as number;
    const row = rows.get(c) as { revenue: number[] };
    const k = monthNumber(d) - c;
    row.revenue[k] = (row.revenue[k] as number) + (amount[i] as number);
  }
  // Active: each customer's distinct purchase months.
  const groups = groupByCustomer(transactions, cutoff);
  let months = new Float64Array(64);
  for (let c = 0; c < first.length; c++) {
    const from = groups.start[c] as number;
    const count = (groups.start[c + 1] as number) - from;
    if (count === 0) continue;
    if (count > months.length) months = new Float64Array(count * 2);
    for (let j = 0; j < count; j++) months[j] = monthNumber(day[groups.index[from + j] as number] as number);
    const sorted = months.subarray(0, count).sort();
    const cohort = first[c] as number;
    const active = (rows.get(cohort) as { active: number[] }).active;
    for (let j = 0; j < count; j++) {
      if (j > 0 && sorted[j] === sorted[j - 1]) continue;
      const k = (sorted[j] as number) - cohort;
      active[k] = (active[k] as number) + 1;
    }
  }
  return cohortMonths.map((c) => {
    const row = rows.get(c) as { size: number; active: number[]; revenue: number[] };
    return {
      cohort: monthLabel(c),
      size: row.size,
      active: row.active,
      retention: row.active.map((a) => a / row.size),
      revenue: row.revenue,
    };
  });
}
