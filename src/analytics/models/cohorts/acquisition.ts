import type { Transaction } from '../clv/summary';
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
  const cutoff = asOf === undefined ? Number.POSITIVE_INFINITY : dayNumber(asOf);
  const months: { customerId: string; month: number; amount: number }[] = [];
  transactions.forEach((t, i) => {
    const day = t.date instanceof Date ? dayNumber(t.date) : Number.NaN;
    if (!Number.isFinite(day)) throw new InputError('invalid date', { line: i + 1, field: 'date' });
    if (!Number.isFinite(t.amount))
      throw new InputError(`invalid amount ${t.amount}`, { line: i + 1, field: 'amount' });
    if (day <= cutoff) months.push({ customerId: t.customerId, month: monthNumber(day), amount: t.amount });
  });
  if (months.length === 0) throw new InputError('no transactions on or before asOf', { field: 'asOf' });
  const first = new Map<string, number>();
  for (const m of months) first.set(m.customerId, Math.min(first.get(m.customerId) ?? m.month, m.month));
  const last = asOf === undefined ? Math.max(...months.map((m) => m.month)) : monthNumber(cutoff);
  const cohortMonths = [...new Set(first.values())].sort((a, b) => a - b);
  const rows = new Map(
    cohortMonths.map((c) => [
      c,
      {
        size: 0,
        active: Array.from({ length: last - c + 1 }, () => new Set<string>()),
        revenue: new Array<number>(last - c + 1).fill(0),
      },
    ]),
  );
  for (const c of first.values()) (rows.get(c) as { size: number }).size++;
  for (const m of months) {
    const c = first.get(m.customerId) as number;
    const row = rows.get(c) as { active: Set<string>[]; revenue: number[] };
    (row.active[m.month - c] as Set<string>).add(m.customerId);
    row.revenue[m.month - c] = (row.revenue[m.month - c] as number) + m.amount;
  }
  return cohortMonths.map((c) => {
    const row = rows.get(c) as { size: number; active: Set<string>[]; revenue: number[] };
    const active = row.active.map((s) => s.size);
    return {
      cohort: monthLabel(c),
      size: row.size,
      active,
      retention: active.map((a) => a / row.size),
      revenue: row.revenue,
    };
  });
}
