import { dayNumber } from '../dates';
import { InputError } from '../input-error';
import type { Transaction } from '../clv/summary';

/** Recency, frequency and monetary value of one customer as of a date. */
export interface RfmRecord {
  customerId: string;
  /** Whole days from the last purchase to the as-of date (0 = bought that day). */
  recencyDays: number;
  /** Number of transactions up to the as-of date. */
  frequency: number;
  /** Sum of their amounts. */
  monetary: number;
}

/**
 * RFM measures per customer from transactions on or before `asOf` (UTC days), in the sense of
 * Hughes (1994), "Strategic Database Marketing": R = days since the last purchase, F = number of
 * purchases, M = total spend. Customers without a transaction by `asOf` are absent. Output order
 * follows first appearance. Throws InputError (record, field) for an invalid date or amount.
 */
export function computeRfm(transactions: readonly Transaction[], asOf: Date): RfmRecord[] {
  const end = dayNumber(asOf);
  if (!Number.isFinite(end)) throw new InputError('invalid date', { field: 'asOf' });
  const byCustomer = new Map<string, { last: number; frequency: number; monetary: number }>();
  transactions.forEach((t, i) => {
    const day = t.date instanceof Date ? dayNumber(t.date) : Number.NaN;
    if (!Number.isFinite(day)) throw new InputError('invalid date', { line: i + 1, field: 'date' });
    if (!Number.isFinite(t.amount))
      throw new InputError(`invalid amount ${t.amount}`, { line: i + 1, field: 'amount' });
    if (day > end) return;
    const c = byCustomer.get(t.customerId);
    if (c) {
      c.last = Math.max(c.last, day);
      c.frequency++;
      c.monetary += t.amount;
    } else byCustomer.set(t.customerId, { last: day, frequency: 1, monetary: t.amount });
  });
  return [...byCustomer].map(([customerId, c]) => ({
    customerId,
    recencyDays: end - c.last,
    frequency: c.frequency,
    monetary: c.monetary,
  }));
}
