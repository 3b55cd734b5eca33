import { AppError } from '../../platform/index';
import { type BgNbdParams, fitBgNbd } from '../models/clv/bgnbd';
import { predictBgNbd, predictBgNbdAlive } from '../models/clv/bgnbd-predict';
import { computeClv } from '../models/clv/clv';
import { compressSummaries } from '../models/clv/compress';
import {
  correlateFrequencySpend,
  fitGammaGamma,
  type GammaGammaParams,
  predictGammaGammaSpend,
} from '../models/clv/gamma-gamma';
import type { CustomerSummary } from '../models/clv/summary';
import { InputError } from '../models/input-error';
import { ConvergenceError } from '../models/math/optimize-types';

/** Horizons of the value predictions, in the model's time unit (the week for the database). */
export interface ValueHorizon {
  /** Expected purchases over this many time units from the calibration end. */
  horizon: number;
  /** CLV over this many months. */
  clvMonths: number;
  /** Monthly discount rate of the CLV. */
  discountRate: number;
  /** Time units per month in the CLV sum: lifetimes' 4.345 for weeks, 30 for days, 1 for months. */
  unitsPerMonth: number;
}

export const DEFAULT_HORIZON: ValueHorizon = {
  horizon: 52,
  clvMonths: 12,
  discountRate: 0.01,
  unitsPerMonth: 4.345,
};

/** A fitted BG/NBD purchase model and, when spend is known, the Gamma-Gamma spend model. */
export interface ValueModel {
  customers: number;
  repeatBuyers: number;
  bgnbd: BgNbdParams & { logLikelihood: number; iterations: number };
  /** null when no repeat buyer has a positive spend (e.g. a file without amounts). */
  gammaGamma: (GammaGammaParams & { logLikelihood: number; iterations: number; customers: number }) | null;
  /** Correlation of repeat purchases and mean spend among repeat buyers: near 0 supports Gamma-Gamma. */
  frequencySpendCorrelation: number | null;
}

/** Predictions for one customer. */
export interface CustomerValue extends CustomerSummary {
  name?: string;
  pAlive: number;
  churnRisk: number;
  expectedPurchases: number;
  /** Expected value of a future purchase (Gamma-Gamma); null without a spend model. */
  expectedSpend: number | null;
  /** Discounted CLV over the horizon; null without a spend model. */
  clv: number | null;
}

/**
 * Fits BG/NBD on the purchase histories (Fader, Hardie & Lee 2005) and Gamma-Gamma on the repeat
 * buyers with a positive mean spend (unless `spend` is false). A model the data cannot support (nobody repeats) or that does
 * not converge is a `conflict` AppError whose message gives the optimiser's last state.
 */
export function fitValueModel(
  histories: readonly CustomerSummary[],
  options: { spend?: boolean } = {},
): ValueModel {
  const spenders = options.spend === false ? [] : histories.filter((h) => h.x > 0 && h.monetaryValue > 0);
  const repeatBuyers = histories.reduce((n, h) => n + (h.x > 0 ? 1 : 0), 0);
  return explainModelFailure(() => {
    const bgnbd = fitBgNbd(compressSummaries(histories));
    const gg = spenders.length === 0 ? undefined : fitGammaGamma(spenders);
    return {
      customers: histories.length,
      repeatBuyers,
      bgnbd: { ...bgnbd.params, logLikelihood: bgnbd.logLikelihood, iterations: bgnbd.iterations },
      gammaGamma: gg
        ? {
            ...gg.params,
            logLikelihood: gg.logLikelihood,
            iterations: gg.iterations,
            customers: spenders.length,
          }
        : null,
      frequencySpendCorrelation: spenders.length < 2 ? null : correlateFrequencySpend(spenders),
    };
  });
}

/**
 * P(alive), churn risk (1 − P(alive)), expected purchases over the horizon, expected spend and
 * discounted CLV of every customer.
 *
 * BG/NBD's conditional expectation factors as E[Y(t) | x, t_x, T] = G(t; x, T) · P(alive | x, t_x, T)
 * (Fader, Hardie & Lee 2005, eq. 10), where G does not depend on t_x. G is evaluated once per
 * distinct (x, T), as `predictBgNbd` / `predictBgNbdAlive` at t_x = T (where P(alive) is largest),
 * and each customer's prediction is G times their own P(alive): a million customers share a few
 * tens of thousands of (x, T) pairs. CLV = expected spend · P(alive) · Σ discounted monthly
 * increments of G (`computeClv` with a unit spend).
 */
export function valueCustomers(
  model: ValueModel,
  histories: readonly CustomerSummary[],
  horizon: ValueHorizon,
): CustomerValue[] {
  const params: BgNbdParams = model.bgnbd;
  const memo = new Map<number, Map<number, { expected: number; discounted: number }>>();
  const growthOf = (x: number, T: number) => {
    let byT = memo.get(x);
    if (!byT) {
      byT = new Map();
      memo.set(x, byT);
    }
    let g = byT.get(T);
    if (!g) {
      const at = { x, tx: T, T };
      const alive = predictBgNbdAlive(params, at);
      const growth = (t: number) => predictBgNbd(params, t, at) / alive;
      g = {
        expected: growth(horizon.horizon),
        discounted:
          horizon.clvMonths === 0
            ? 0
            : computeClv({
                expectedPurchases: growth,
                expectedSpend: 1,
                months: horizon.clvMonths,
                monthlyDiscountRate: horizon.discountRate,
                unitsPerMonth: horizon.unitsPerMonth,
              }),
      };
      byT.set(T, g);
    }
    return g;
  };
  const gg = model.gammaGamma;
  return histories.map((h) => {
    const g = growthOf(h.x, h.T);
    const pAlive = predictBgNbdAlive(params, h);
    let spend: number | null = null;
    if (gg) {
      const usable = h.x > 0 && h.monetaryValue > 0;
      spend = usable || gg.q > 1 ? predictGammaGammaSpend(gg, usable ? h : { x: 0, monetaryValue: 0 }) : null;
    }
    // Explicit fields: object spread with extra properties is slow in V8 for a million objects.
    return {
      customerId: h.customerId,
      x: h.x,
      tx: h.tx,
      T: h.T,
      monetaryValue: h.monetaryValue,
      pAlive,
      churnRisk: 1 - pAlive,
      expectedPurchases: g.expected * pAlive,
      expectedSpend: spend,
      clv: spend === null ? null : spend * pAlive * g.discounted,
    };
  });
}

/** Runs a model fit, turning "the data cannot support this model" into a clear 409. */
export function explainModelFailure<T>(fitModel: () => T): T {
  try {
    return fitModel();
  } catch (err) {
    if (err instanceof ConvergenceError) {
      const last = err.state.x.map((v) => Math.exp(v).toPrecision(6)).join(', ');
      throw new AppError(
        'conflict',
        `${err.message}; last parameters (natural scale): [${last}]`,
        undefined,
        {
          state: err.state,
        },
      );
    }
    if (err instanceof InputError)
      throw new AppError('conflict', `The purchase data cannot be modelled: ${err.message}`);
    throw err;
  }
}
