import { type AcquisitionCohort, computeAcquisitionCohortColumns } from '../models/cohorts/acquisition';
import { countHoldoutPurchaseColumns } from '../models/clv/holdout';
import type { SummaryFile } from '../models/files/summary-reader';
import { summarizeTransactionColumns } from '../models/clv/summary';
import { dayNumber } from '../models/dates';
import { InputError } from '../models/input-error';
import { computeCustomerProfit } from '../models/profitability/customer-profit';
import { computeRfmColumns, scoreRfmColumns } from '../models/rfm/rfm-columns';
import { type SegmentTable, segmentScores, segmentTable } from '../models/rfm/segment-table';
import {
  lastDayOf,
  type Transaction,
  type TransactionColumns,
  toTransactionColumns,
} from '../models/transactions';
import { readDay, readInteger, readNumber, requireBefore } from './options';
import { buildProfitabilityReport, type ProfitabilityReport } from './profit-report';
import { readSegmentMap } from './rfm-options';
import { buildRfmTableReport, type RfmTableReport } from './rfm-report';
import { RowTable } from './row-table';
import {
  compareHoldout,
  fitSummaryModels,
  readSummaryModels,
  type SummaryCustomer,
  type SummaryModelName,
  type SummaryModels,
} from './summary-models';
import type { ValueHorizon } from './value-model';
import type { HoldoutCheck } from './value-report';

/**
 * The analyses of `rapport analyze <name> --transactions FILE`: the same reports as over the
 * database, computed by the pure functions from transaction columns (`createTransactionReader`) or
 * a list of transactions. Dates are UTC days.
 */

export type Period = 'day' | 'week' | 'month';

/** Model time units per month in the CLV sum (lifetimes' factors). */
const UNITS_PER_MONTH: Record<Period, number> = { day: 30, week: 4.345, month: 1 };
const DAYS_PER_UNIT: Record<Period, number> = { day: 1, week: 7, month: 365.25 / 12 };

/** Transactions as columns (objects are converted). */
function columnsOf(transactions: TransactionColumns | readonly Transaction[]): TransactionColumns {
  return Array.isArray(transactions)
    ? toTransactionColumns(transactions as readonly Transaction[])
    : (transactions as TransactionColumns);
}

function lastDay(transactions: TransactionColumns): Date {
  if (transactions.length === 0) throw new InputError('no transactions');
  return new Date(lastDayOf(transactions) * 86_400_000);
}

const all = (n: number) => ({ page: 1, limit: n });

/** RFM measures, quintile scores and segments of the customers with a transaction on or before a day. */
function scoreAt(transactions: TransactionColumns, day: number, table: SegmentTable) {
  const rfm = computeRfmColumns(transactions, day);
  const scores = scoreRfmColumns(rfm, transactions.customerIds);
  return { rfm, scores, segments: segmentScores(scores, table) };
}

/**
 * RFM as of `asOf` (default: the last transaction day), with the migration from `compareTo`;
 * segments from the default score map or `segmentMap` (see `parseSegmentMap`). Every customer is
 * in the detail, a `RowTable` ordered by monetary value. Columns throughout: ten million
 * transactions are scored in a few seconds.
 */
export function analyzeRfmTransactions(
  input: TransactionColumns | readonly Transaction[],
  options: { asOf?: string; compareTo?: string; segmentMap?: string },
): RfmTableReport {
  const transactions = columnsOf(input);
  const asOf = readDay('asOf', options.asOf, lastDay(transactions));
  const compareTo = readDay('compareTo', options.compareTo);
  if (compareTo) requireBefore('compareTo', compareTo, 'asOf', asOf);
  const table = segmentTable(readSegmentMap(options.segmentMap));
  const now = scoreAt(transactions, dayNumber(asOf.date), table);
  if (now.rfm.customers.length === 0)
    throw new InputError(`no transaction on or before ${asOf.iso}`, { field: 'asOf' });
  const report = buildRfmTableReport(
    transactions.customerIds,
    now.rfm,
    now.scores,
    now.segments,
    table,
    asOf.iso,
  );
  if (compareTo) {
    const before = scoreAt(transactions, dayNumber(compareTo.date), table);
    const earlier = new Int16Array(transactions.customerIds.length).fill(-1);
    before.rfm.customers.forEach((c, k) => {
      earlier[c] = before.segments[k] as number;
    });
    // Rows and columns: 'absent', then the segments of the map, then 'unclassified'.
    const labels = ['absent', ...table.names];
    const counts = labels.map(() => labels.map(() => 0));
    now.rfm.customers.forEach((c, k) => {
      const row = counts[(earlier[c] as number) + 1] as number[];
      const j = (now.segments[k] as number) + 1;
      row[j] = (row[j] as number) + 1;
    });
    report.migration = { from: compareTo.iso, to: asOf.iso, labels, counts };
  }
  return report;
}

/** Profitability of the transactions in [from, asOf]: amount as revenue, the cost column as cost of goods. */
export function analyzeProfitabilityTransactions(
  input: TransactionColumns | readonly Transaction[],
  options: { asOf?: string; from?: string; whalePoints?: number },
): ProfitabilityReport {
  const transactions = columnsOf(input);
  const asOf = readDay('asOf', options.asOf, lastDay(transactions));
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const whalePoints = readInteger('whalePoints', options.whalePoints, 101, 2, 1000);
  const end = dayNumber(asOf.date);
  const start = from ? dayNumber(from.date) : Number.NEGATIVE_INFINITY;
  // Revenue and cost of goods summed per customer in file order (customers by their first order).
  const known = transactions.customerIds.length;
  const slot = new Int32Array(known).fill(-1);
  const orders: { customerId: string; revenue: number; costOfGoods: number }[] = [];
  const { customer, day, amount, cost } = transactions;
  for (let i = 0; i < transactions.length; i++) {
    const d = day[i] as number;
    if (d < start || d > end) continue;
    const c = customer[i] as number;
    let k = slot[c] as number;
    if (k < 0) {
      k = orders.length;
      slot[c] = k;
      orders.push({ customerId: transactions.customerIds[c] as string, revenue: 0, costOfGoods: 0 });
    }
    const o = orders[k] as { revenue: number; costOfGoods: number };
    o.revenue += amount[i] as number;
    o.costOfGoods += cost === null ? 0 : (cost[i] as number);
  }
  if (orders.length === 0)
    throw new InputError(`no transaction in the period to ${asOf.iso}`, { field: 'asOf' });
  const profits = computeCustomerProfit(orders, [], {});
  return buildProfitabilityReport(
    profits,
    { asOf: asOf.iso, from: from?.iso ?? null },
    all(profits.length),
    whalePoints,
  );
}

export interface ModelOptions {
  period?: Period;
  /** Last day of the calibration period (default: the last transaction day). */
  calibrationEnd?: string;
  /** A later day: the holdout (calibrationEnd, asOf] is predicted and compared. */
  asOf?: string;
  /** Expected purchases over this many periods (default 52 weeks' worth). */
  horizon?: number;
  clvMonths?: number;
  discountRate?: number;
  /** The models to fit, e.g. "bgnbd,pareto" (`readSummaryModels`); default all. */
  models?: string;
}

/** The output of `rapport analyze clv --transactions FILE`: the models, and every customer. */
export type TransactionModels = Omit<SummaryModels, 'customers'> & {
  period: Period;
  calibrationEnd: string;
  holdout?: HoldoutCheck;
  customers: RowTable<SummaryCustomer>;
};

/**
 * Customer summaries (x, t_x, T in periods, same-day purchases merged) to the calibration end,
 * the BG/NBD, Pareto/NBD and Gamma-Gamma fits (or the `models` chosen) and per-customer
 * predictions, and, with a later `asOf`, the holdout check of BG/NBD.
 */
export function analyzeClvTransactions(
  input: TransactionColumns | readonly Transaction[],
  options: ModelOptions,
): TransactionModels {
  const transactions = columnsOf(input);
  const period = options.period ?? 'week';
  const chosen = readSummaryModels(options.models);
  const { summary, calibrationEnd, holdoutEnd } = summarize(transactions, period, options);
  const horizon = readModelHorizon(options, period);
  let hasSpend = false;
  for (let i = 0; i < summary.length && !hasSpend; i++)
    hasSpend = (summary.x[i] as number) > 0 && (summary.monetaryValue[i] as number) > 0;
  if (holdoutEnd && chosen && !chosen.includes('bgnbd'))
    throw new InputError(
      'the holdout check (asOf after calibrationEnd) predicts with BG/NBD: add bgnbd to the models',
      {
        field: 'models',
      },
    );
  const { models, customers } = fitSummaryModels(summary, {
    spend: hasSpend ? 'positive' : 'none',
    horizon,
    models: chosen?.filter((m: SummaryModelName) => m !== 'gamma-gamma' || hasSpend),
    computedSummaries: true,
  });
  const result: TransactionModels = {
    ...models,
    period,
    calibrationEnd: calibrationEnd.iso,
    customers,
  };
  if (holdoutEnd && models.bgnbd) {
    const counts = countHoldoutPurchaseColumns(transactions, {
      calibrationEnd: calibrationEnd.date,
      holdoutEnd: holdoutEnd.date,
      unit: period,
    });
    const actual = Array.from(summary.customers, (c) => counts[c] as number);
    const length = (dayNumber(holdoutEnd.date) - dayNumber(calibrationEnd.date)) / DAYS_PER_UNIT[period];
    result.holdout = compareHoldout(summary, models.bgnbd, actual, calibrationEnd.iso, length, period);
  }
  return result;
}

export interface ChurnCustomer {
  customerId: string;
  x: number;
  tx: number;
  T: number;
  pAlive: number;
  churnRisk: number;
}

export interface ChurnTransactions {
  asOf: string;
  period: Period;
  bgnbd: NonNullable<SummaryModels['bgnbd']>;
  expectedActive: number;
  atRisk: { threshold: number; customers: number; share: number };
  cohorts: AcquisitionCohort[];
  customers: RowTable<ChurnCustomer>;
}

/** Churn risk (1 − BG/NBD P(alive)) as of `asOf` and the monthly acquisition cohorts. */
export function analyzeChurnTransactions(
  input: TransactionColumns | readonly Transaction[],
  options: { period?: Period; asOf?: string; threshold?: number },
): ChurnTransactions {
  const transactions = columnsOf(input);
  const period = options.period ?? 'week';
  const threshold = readNumber('threshold', options.threshold, 0.5, 0, 1);
  const { summary, calibrationEnd } = summarize(transactions, period, { calibrationEnd: options.asOf });
  const {
    models,
    compressed,
    alive: fitted,
  } = fitSummaryModels(summary, {
    spend: 'none',
    horizon: { ...readModelHorizon({}, period), clvMonths: 0 },
    models: ['bgnbd'],
    computedSummaries: true,
  });
  const bgnbd = models.bgnbd as NonNullable<SummaryModels['bgnbd']>;
  const alive = fitted as Float64Array;
  const churn = alive.map((p) => 1 - p);
  const rowOf = compressed.rowOf;
  let expectedActive = 0;
  let atRisk = 0;
  for (let i = 0; i < summary.length; i++) {
    const r = rowOf[i] as number;
    expectedActive += alive[r] as number;
    if ((churn[r] as number) >= threshold) atRisk++;
  }
  return {
    asOf: calibrationEnd.iso,
    period,
    bgnbd,
    expectedActive,
    atRisk: { threshold, customers: atRisk, share: atRisk / summary.length },
    cohorts: computeAcquisitionCohortColumns(transactions, dayNumber(calibrationEnd.date)),
    customers: new RowTable<ChurnCustomer>(summary.length, [
      { name: 'customerId', text: (i) => summary.customerIds[i] as string },
      { name: 'x', values: summary.x },
      { name: 'tx', values: summary.tx, computed: true },
      { name: 'T', values: summary.T, computed: true },
      { name: 'pAlive', values: alive, at: rowOf, computed: true },
      { name: 'churnRisk', values: churn, at: rowOf, computed: true },
    ]),
  };
}

/** The output of `rapport analyze clv --summary FILE`. */
export type SummaryAnalysis = Omit<SummaryModels, 'customers'> & {
  /** The id column read; null: the file has none, and customers are numbered by data row (1 = first). */
  customerIdColumn: string | null;
  customers: RowTable<SummaryCustomer>;
};

/**
 * The purchase and spend models of a summary file (`readSummaryFile`): BG/NBD, Pareto/NBD and,
 * when the file has spend, Gamma-Gamma on every repeat buyer (or the `models` chosen, e.g.
 * "bgnbd,gamma-gamma"), with each customer's predictions. T and t_x are in `period`s (default
 * weeks), which sets the default horizon (52 weeks).
 */
export function analyzeSummaryFile(
  summary: SummaryFile,
  options: { period?: Period; horizon?: number; clvMonths?: number; discountRate?: number; models?: string },
): SummaryAnalysis {
  const horizon = readModelHorizon(options, options.period ?? 'week');
  const models = readSummaryModels(options.models);
  const fitted = fitSummaryModels(summary, {
    spend: summary.monetaryValue === null ? 'none' : 'all',
    horizon,
    models,
  });
  return { ...fitted.models, customerIdColumn: summary.columns.customerId, customers: fitted.customers };
}

function summarize(
  transactions: TransactionColumns,
  period: Period,
  options: { calibrationEnd?: string; asOf?: string },
) {
  const last = lastDay(transactions);
  const calibrationEnd = readDay('calibrationEnd', options.calibrationEnd, last);
  const holdoutEnd = readDay('asOf', options.asOf);
  if (holdoutEnd) requireBefore('calibrationEnd', calibrationEnd, 'asOf', holdoutEnd);
  const summary = summarizeTransactionColumns(transactions, {
    unit: period,
    calibrationEnd: calibrationEnd.date,
  });
  return { summary, calibrationEnd, holdoutEnd };
}

/** Horizons in periods; the default horizon is 52 weeks' worth. */
export function readModelHorizon(
  options: { horizon?: number; clvMonths?: number; discountRate?: number },
  period: Period,
): ValueHorizon {
  const defaultHorizon = Math.round((52 * 7) / DAYS_PER_UNIT[period]);
  return {
    horizon: readNumber('horizon', options.horizon, defaultHorizon, Number.MIN_VALUE, 100_000),
    clvMonths: readInteger('clvMonths', options.clvMonths, 12, 1, 120),
    discountRate: readNumber('discountRate', options.discountRate, 0.01, 0, 1),
    unitsPerMonth: UNITS_PER_MONTH[period],
  };
}
