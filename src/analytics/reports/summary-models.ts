import { fitBgNbd } from '../models/clv/bgnbd';
import { predictBgNbd } from '../models/clv/bgnbd-predict';
import { compressSummaries } from '../models/clv/compress';
import { correlateFrequencySpend, fitGammaGamma } from '../models/clv/gamma-gamma';
import { comparePurchasesByFrequency } from '../models/clv/holdout';
import { fitParetoNbd, predictParetoNbd, predictParetoNbdAlive } from '../models/clv/pareto-nbd';
import type { CustomerSummary } from '../models/clv/summary';
import type { HoldoutCheck } from './value-report';
import {
  type CustomerValue,
  explainModelFailure,
  type ValueHorizon,
  type ValueModel,
  valueCustomers,
} from './value-model';

/** Per-customer predictions of the summary analysis. */
export interface SummaryCustomer extends CustomerValue {
  /** Pareto/NBD P(alive) and expected purchases over the same horizon. */
  paretoPAlive: number;
  paretoExpectedPurchases: number;
}

/** The fitted models of a customer summary (the output of `rapport analyze clv --summary`). */
export interface SummaryModels {
  customers: number;
  repeatBuyers: number;
  horizon: ValueHorizon;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; iterations: number };
  paretoNbd: { r: number; alpha: number; s: number; beta: number; logLikelihood: number; iterations: number };
  gammaGamma: {
    p: number;
    q: number;
    gamma: number;
    logLikelihood: number;
    iterations: number;
    customers: number;
  } | null;
  frequencySpendCorrelation: number | null;
}

/**
 * Fits BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (Schmittlein, Morrison & Colombo 1987) and,
 * with spend, Gamma-Gamma to per-customer summaries, and predicts every customer: P(alive),
 * expected purchases over the horizon under both purchase models, expected spend and discounted
 * CLV (BG/NBD + Gamma-Gamma). With `spend` 'all' Gamma-Gamma takes every repeat buyer, so one
 * without a positive mean spend is an InputError naming its row; with 'positive' such buyers are
 * left out of the spend model only (and get the population mean spend). A model that cannot be
 * fitted is a 409 AppError.
 */
export function fitSummaryModels(
  rows: readonly CustomerSummary[],
  spend: 'none' | 'all' | 'positive',
  horizon: ValueHorizon,
): { models: SummaryModels; customers: SummaryCustomer[] } {
  return explainModelFailure(() => {
    const compressed = compressSummaries(rows);
    const bgnbd = fitBgNbd(compressed);
    const pareto = fitParetoNbd(compressed);
    const spenders = spend === 'positive' ? rows.filter((r) => r.x > 0 && r.monetaryValue > 0) : rows;
    const gg = spend === 'none' ? undefined : fitGammaGamma(spenders);
    const repeaters = spenders.filter((r) => r.x > 0);
    const model: ValueModel = {
      customers: rows.length,
      repeatBuyers: rows.reduce((n, r) => n + (r.x > 0 ? 1 : 0), 0),
      bgnbd: { ...bgnbd.params, logLikelihood: bgnbd.logLikelihood, iterations: bgnbd.iterations },
      gammaGamma: gg
        ? {
            ...gg.params,
            logLikelihood: gg.logLikelihood,
            iterations: gg.iterations,
            customers: repeaters.length,
          }
        : null,
      frequencySpendCorrelation: gg && repeaters.length >= 2 ? correlateFrequencySpend(repeaters) : null,
    };
    const values = valueCustomers(model, rows, horizon);
    const customers = values.map((v) => {
      const paretoPAlive = predictParetoNbdAlive(pareto.params, v);
      return {
        customerId: v.customerId,
        x: v.x,
        tx: v.tx,
        T: v.T,
        monetaryValue: v.monetaryValue,
        pAlive: v.pAlive,
        churnRisk: v.churnRisk,
        expectedPurchases: v.expectedPurchases,
        expectedSpend: v.expectedSpend,
        clv: v.clv,
        paretoPAlive,
        paretoExpectedPurchases: predictParetoNbd(pareto.params, horizon.horizon, v),
      };
    });
    return {
      models: {
        customers: model.customers,
        repeatBuyers: model.repeatBuyers,
        horizon,
        bgnbd: model.bgnbd,
        paretoNbd: { ...pareto.params, logLikelihood: pareto.logLikelihood, iterations: pareto.iterations },
        gammaGamma: model.gammaGamma,
        frequencySpendCorrelation: model.frequencySpendCorrelation,
      },
      customers,
    };
  });
}

/**
 * Holdout check of the BG/NBD fit: predicted purchases over the holdout length against the actual
 * count of each calibration customer, overall and per calibration frequency.
 */
export function compareHoldout(
  customers: readonly CustomerSummary[],
  bgnbd: SummaryModels['bgnbd'],
  actual: ReadonlyMap<string, number>,
  calibrationEnd: string,
  length: number,
  unit: HoldoutCheck['unit'],
): HoldoutCheck {
  const rows = customers.map((c) => ({
    x: c.x,
    predicted: predictBgNbd(bgnbd, length, c),
    actual: actual.get(c.customerId) ?? 0,
  }));
  return {
    calibrationEnd,
    holdoutLength: length,
    unit,
    customers: rows.length,
    predicted: rows.reduce((s, r) => s + r.predicted, 0),
    actual: rows.reduce((s, r) => s + r.actual, 0),
    groups: comparePurchasesByFrequency(rows),
  };
}
