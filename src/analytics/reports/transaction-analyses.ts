import { computeAcquisitionCohorts, type AcquisitionCohort } from '../models/cohorts/acquisition';
import { countHoldoutPurchases } from '../models/clv/holdout';
import { summarizeTransactions, type Transaction } from '../models/clv/summary';
import { dayNumber } from '../models/dates';
import { InputError } from '../models/input-error';
import { computeCustomerProfit } from '../models/profitability/customer-profit';
import { computeSegmentMigration } from '../models/rfm/migration';
import { computeRfm } from '../models/rfm/rfm';
import { readDay, readInteger, readNumber, requireBefore } from './options';
import { buildProfitabilityReport, type ProfitabilityReport } from './profit-report';
import { readSegmentMap } from './rfm-options';
import { buildRfmReport, type RfmReport, scoreRfmRecords } from './rfm-report';
import { compareHoldout, fitSummaryModels, type SummaryCustomer, type SummaryModels } from './summary-models';
import type { ValueHorizon } from './value-model';
import type { HoldoutCheck } from './value-report';

/**
 * The analyses of `rapport analyze <name> --transactions FILE`: the same reports as over the
 * database, computed by the pure functions from a list of transactions. Dates are UTC days.
 */

export type Period = 'day' | 'week' | 'month';

/** Model time units per month in the CLV sum (lifetimes' factors). */
const UNITS_PER_MONTH: Record<Period, number> = { day: 30, week: 4.345, month: 1 };
const DAYS_PER_UNIT: Record<Period, number> = { day: 1, week: 7, month: 365.25 / 12 };

function lastDay(transactions: readonly Transaction[]): Date {
  if (transactions.length === 0) throw new InputError('no transactions');
  let last = Number.NEGATIVE_INFINITY;
  for (const t of transactions) last = Math.max(last, t.date.getTime());
  return new Date(last);
}

const all = (n: number) => ({ page: 1, limit: n });

/**
 * RFM as of `asOf` (default: the last transaction day), with the migration from `compareTo`;
 * segments from the default score map or `segmentMap` (see `parseSegmentMap`).
 */
export function analyzeRfmTransactions(
  transactions: readonly Transaction[],
  options: { asOf?: string; compareTo?: string; segmentMap?: string },
): RfmReport {
  const asOf = readDay('asOf', options.asOf, lastDay(transactions));
  const compareTo = readDay('compareTo', options.compareTo);
  if (compareTo) requireBefore('compareTo', compareTo, 'asOf', asOf);
  const rules = readSegmentMap(options.segmentMap);
  const customers = scoreRfmRecords(computeRfm(transactions, asOf.date), rules);
  if (customers.length === 0)
    throw new InputError(`no transaction on or before ${asOf.iso}`, { field: 'asOf' });
  const report = buildRfmReport(customers, asOf.iso, all(customers.length), undefined, rules);
  if (compareTo) {
    report.migration = {
      from: compareTo.iso,
      to: asOf.iso,
      ...computeSegmentMigration(transactions, compareTo.date, asOf.date, rules),
    };
  }
  return report;
}

/** Profitability of the transactions in [from, asOf]: amount as revenue, `costs` as cost of goods. */
export function analyzeProfitabilityTransactions(
  transactions: readonly Transaction[],
  costs: readonly number[] | undefined,
  options: { asOf?: string; from?: string; whalePoints?: number },
): ProfitabilityReport {
  const asOf = readDay('asOf', options.asOf, lastDay(transactions));
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const whalePoints = readInteger('whalePoints', options.whalePoints, 101, 2, 1000);
  const end = dayNumber(asOf.date);
  const start = from ? dayNumber(from.date) : Number.NEGATIVE_INFINITY;
  const orders = transactions.flatMap((t, i) => {
    const day = dayNumber(t.date);
    return day >= start && day <= end
      ? [{ customerId: t.customerId, revenue: t.amount, costOfGoods: costs?.[i] ?? 0 }]
      : [];
  });
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
}

export interface TransactionModels extends SummaryModels {
  period: Period;
  calibrationEnd: string;
  holdout?: HoldoutCheck;
  customerDetail: SummaryCustomer[];
}

/**
 * Customer summaries (x, t_x, T in periods, same-day purchases merged) to the calibration end,
 * BG/NBD, Pareto/NBD and Gamma-Gamma fits and per-customer predictions, and, with a later `asOf`,
 * the holdout check.
 */
export function analyzeClvTransactions(
  transactions: readonly Transaction[],
  options: ModelOptions,
): TransactionModels {
  const period = options.period ?? 'week';
  const { summaries, calibrationEnd, holdoutEnd } = summarize(transactions, period, options);
  const horizon = readModelHorizon(options, period);
  const hasSpend = summaries.some((s) => s.x > 0 && s.monetaryValue > 0);
  const { models, customers } = fitSummaryModels(summaries, hasSpend ? 'positive' : 'none', horizon);
  const result: TransactionModels = {
    ...models,
    period,
    calibrationEnd: calibrationEnd.iso,
    customerDetail: customers,
  };
  if (holdoutEnd) {
    const actual = countHoldoutPurchases(transactions, {
      calibrationEnd: calibrationEnd.date,
      holdoutEnd: holdoutEnd.date,
      unit: period,
    });
    const length = (dayNumber(holdoutEnd.date) - dayNumber(calibrationEnd.date)) / DAYS_PER_UNIT[period];
    result.holdout = compareHoldout(summaries, models.bgnbd, actual, calibrationEnd.iso, length, period);
  }
  return result;
}

export interface ChurnTransactions {
  asOf: string;
  period: Period;
  bgnbd: SummaryModels['bgnbd'];
  expectedActive: number;
  atRisk: { threshold: number; customers: number; share: number };
  cohorts: AcquisitionCohort[];
  customers: { customerId: string; x: number; tx: number; T: number; pAlive: number; churnRisk: number }[];
}

/** Churn risk (1 − BG/NBD P(alive)) as of `asOf` and the monthly acquisition cohorts. */
export function analyzeChurnTransactions(
  transactions: readonly Transaction[],
  options: { period?: Period; asOf?: string; threshold?: number },
): ChurnTransactions {
  const period = options.period ?? 'week';
  const threshold = readNumber('threshold', options.threshold, 0.5, 0, 1);
  const { summaries, calibrationEnd } = summarize(transactions, period, { calibrationEnd: options.asOf });
  const { models, customers } = fitSummaryModels(summaries, 'none', readModelHorizon({}, period));
  const atRisk = customers.filter((c) => c.churnRisk >= threshold).length;
  return {
    asOf: calibrationEnd.iso,
    period,
    bgnbd: models.bgnbd,
    expectedActive: customers.reduce((s, c) => s + c.pAlive, 0),
    atRisk: { threshold, customers: atRisk, share: atRisk / customers.length },
    cohorts: computeAcquisitionCohorts(transactions, calibrationEnd.date),
    customers: customers.map((c) => ({
      customerId: c.customerId,
      x: c.x,
      tx: c.tx,
      T: c.T,
      pAlive: c.pAlive,
      churnRisk: c.churnRisk,
    })),
  };
}

function summarize(
  transactions: readonly Transaction[],
  period: Period,
  options: { calibrationEnd?: string; asOf?: string },
) {
  const last = lastDay(transactions);
  const calibrationEnd = readDay('calibrationEnd', options.calibrationEnd, last);
  const holdoutEnd = readDay('asOf', options.asOf);
  if (holdoutEnd) requireBefore('calibrationEnd', calibrationEnd, 'asOf', holdoutEnd);
  const summaries = summarizeTransactions(transactions, {
    unit: period,
    calibrationEnd: calibrationEnd.date,
  });
  return { summaries, calibrationEnd, holdoutEnd };
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
