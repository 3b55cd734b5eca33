import type { Db } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import { predictBgNbd } from '../models/clv/bgnbd-predict';
import { comparePurchasesByFrequency } from '../models/clv/holdout';
import { readHoldoutPurchases, readPurchaseHistories } from '../feeds/histories';
import { attachNames } from './names';
import {
  type Day,
  type PageOptions,
  readDay,
  readInteger,
  readNumber,
  readPage,
  requireBefore,
} from '../reports/options';
import { buildClvReport, type ClvReport, type HoldoutCheck } from '../reports/value-report';
import { DEFAULT_HORIZON, fitValueModel, type ValueHorizon, valueCustomers } from '../reports/value-model';

export interface ClvOptions extends PageOptions {
  /** Calibration end (YYYY-MM-DD, UTC): the model sees purchases up to this day; default today. */
  asOf?: string;
  /** Expected purchases over this many weeks (1 to 520, default 52). */
  horizonWeeks?: number;
  /** CLV over this many months (1 to 120, default 12). */
  clvMonths?: number;
  /** Monthly discount rate of the CLV (0 to < 1, default 0.01). */
  discountRate?: number;
  /** Adds a holdout check: fit up to this earlier day, predict (calibrationEnd, asOf], compare. */
  calibrationEnd?: string;
}

/** The prediction horizons of the options, in weeks (the database model's unit). */
export function readHorizon(options: {
  horizonWeeks?: number;
  clvMonths?: number;
  discountRate?: number;
}): ValueHorizon {
  return {
    horizon: readInteger('horizonWeeks', options.horizonWeeks, DEFAULT_HORIZON.horizon, 1, 520),
    clvMonths: readInteger('clvMonths', options.clvMonths, DEFAULT_HORIZON.clvMonths, 1, 120),
    discountRate: readNumber('discountRate', options.discountRate, DEFAULT_HORIZON.discountRate, 0, 1),
    unitsPerMonth: DEFAULT_HORIZON.unitsPerMonth,
  };
}

/**
 * Customer lifetime value over the caller's workspace: BG/NBD (purchases per week, same-day
 * purchases merged) and Gamma-Gamma fitted on the purchase histories up to `asOf`; P(alive),
 * expected purchases over the horizon and discounted CLV per customer; the fitted parameters,
 * CLV deciles, optionally a holdout check, and one page of customers, most valuable first.
 */
export async function analyzeClv(db: Db, actor: Principal, options: ClvOptions = {}): Promise<ClvReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const horizon = readHorizon(options);
  const calibrationEnd = readDay('calibrationEnd', options.calibrationEnd);
  if (calibrationEnd) requireBefore('calibrationEnd', calibrationEnd, 'asOf', asOf);
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const histories = await readPurchaseHistories(trx, ws, { end: asOf.end, endDay: asOf.iso });
    const model = fitValueModel(histories);
    const report = buildClvReport(
      valueCustomers(model, histories, horizon),
      model,
      asOf.iso,
      horizon,
      paging,
    );
    if (calibrationEnd) {
      const calibration = await readPurchaseHistories(trx, ws, {
        end: calibrationEnd.end,
        endDay: calibrationEnd.iso,
      });
      const actual = await readHoldoutPurchases(trx, ws, { from: calibrationEnd.end, end: asOf.end });
      report.holdout = checkHoldout(calibration, actual, calibrationEnd, asOf);
    }
    await attachNames(trx, ws, report.detail.items);
    return report;
  });
}

/** Fits BG/NBD to the calibration histories and compares its holdout predictions with the actual purchases. */
export function checkHoldout(
  calibration: Parameters<typeof fitValueModel>[0],
  actual: ReadonlyMap<string, number>,
  calibrationEnd: Day,
  holdoutEnd: Day,
): HoldoutCheck {
  const model = fitValueModel(calibration);
  const weeks = (holdoutEnd.date.getTime() - calibrationEnd.date.getTime()) / (7 * 86_400_000);
  const memo = new Map<string, number>();
  const rows = calibration.map((h) => {
    const key = `${h.x}|${h.tx}|${h.T}`;
    let predicted = memo.get(key);
    if (predicted === undefined) {
      predicted = predictBgNbd(model.bgnbd, weeks, h);
      memo.set(key, predicted);
    }
    return { x: h.x, predicted, actual: actual.get(h.customerId) ?? 0 };
  });
  return {
    calibrationEnd: calibrationEnd.iso,
    holdoutLength: weeks,
    unit: 'week',
    customers: rows.length,
    predicted: rows.reduce((s, r) => s + r.predicted, 0),
    actual: rows.reduce((s, r) => s + r.actual, 0),
    groups: comparePurchasesByFrequency(rows),
  };
}
