import { dayNumber } from '../dates';
import { InputError } from '../input-error';
import type { Transaction } from '../clv/summary';
import { toTransactionColumns } from '../transactions';
import { computeRfmColumns } from './rfm-columns';

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
 * follows each customer's first transaction on or before `asOf` (see `computeRfmColumns`).
 * Throws InputError (record, field) for an invalid date or amount.
 */
export function computeRfm(transactions: readonly Transaction[], asOf: Date): RfmRecord[] {
  const end = dayNumber(asOf);
  if (!Number.isFinite(end)) throw new InputError('invalid date', { field: 'asOf' });
  const columns = toTransactionColumns(transactions);
  const rfm = computeRfmColumns(columns, end);
  return Array.from(rfm.customers, (c, k) => ({
    customerId: columns.customerIds[c] as string,
    recencyDays: rfm.recencyDays[k] as number,
    frequency: rfm.frequency[k] as number,
    monetary: rfm.monetary[k] as number,
  }));
}
