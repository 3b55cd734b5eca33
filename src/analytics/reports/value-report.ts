import type { FrequencyGroup } from '../models/clv/holdout';
import { bucketOfRank } from '../models/ranking';
import { type Page, pageOf } from './options';
import type { CustomerValue, ValueHorizon, ValueModel } from './value-model';

/** Aggregate of one CLV decile (1 = the most valuable tenth). */
export interface ClvDecile {
  decile: number;
  customers: number;
  clv: number;
  /** clv / total CLV */
  share: number;
  meanPAlive: number;
  expectedPurchases: number;
}

/** Predicted against actual holdout purchases. */
export interface HoldoutCheck {
  calibrationEnd: string;
  /** Length of the holdout period in `unit`s. */
  holdoutLength: number;
  unit: 'day' | 'week' | 'month';
  customers: number;
  predicted: number;
  actual: number;
  /** Mean predicted and actual purchases per calibration frequency x (Fader, Hardie & Lee 2005, Fig. 4). */
  groups: FrequencyGroup[];
}

export interface ClvReport {
  asOf: string;
  unit: 'week';
  horizon: ValueHorizon;
  model: ValueModel;
  totals: { customers: number; expectedAlive: number; expectedPurchases: number; clv: number | null };
  deciles: ClvDecile[];
  holdout?: HoldoutCheck;
  detail: Page<CustomerValue>;
}

/** Highest CLV first (expected purchases when there is no spend model), ties by id. */
export function byValue(a: CustomerValue, b: CustomerValue): number {
  const d = (b.clv ?? b.expectedPurchases) - (a.clv ?? a.expectedPurchases);
  return d !== 0 ? d : a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}

/** The CLV summary: totals, CLV deciles, and one page of customers, most valuable first. */
export function buildClvReport(
  values: readonly CustomerValue[],
  model: ValueModel,
  asOf: string,
  horizon: ValueHorizon,
  paging: { page: number; limit: number },
): ClvReport {
  const ranked = [...values].sort(byValue);
  const hasClv = model.gammaGamma !== null;
  let clv = 0;
  let alive = 0;
  let purchases = 0;
  const deciles = Array.from({ length: 10 }, (_, i) => ({
    decile: i + 1,
    customers: 0,
    clv: 0,
    share: 0,
    meanPAlive: 0,
    expectedPurchases: 0,
  }));
  ranked.forEach((v, rank) => {
    const d = deciles[bucketOfRank(rank, ranked.length, 10) - 1] as ClvDecile;
    d.customers++;
    d.clv += v.clv ?? 0;
    d.meanPAlive += v.pAlive;
    d.expectedPurchases += v.expectedPurchases;
    clv += v.clv ?? 0;
    alive += v.pAlive;
    purchases += v.expectedPurchases;
  });
  for (const d of deciles) {
    d.share = clv === 0 ? Number.NaN : d.clv / clv;
    d.meanPAlive = d.customers === 0 ? Number.NaN : d.meanPAlive / d.customers;
  }
  return {
    asOf,
    unit: 'week',
    horizon,
    model,
    totals: {
      customers: values.length,
      expectedAlive: alive,
      expectedPurchases: purchases,
      clv: hasClv ? clv : null,
    },
    deciles,
    detail: pageOf(ranked, paging),
  };
}
