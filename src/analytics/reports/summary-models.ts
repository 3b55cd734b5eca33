import { type BgNbdParams, fitBgNbd } from '../models/clv/bgnbd';
import { predictBgNbd, predictBgNbdAlive } from '../models/clv/bgnbd-predict';
import { computeClv } from '../models/clv/clv';
import { type CompressedColumns, compressColumns } from '../models/clv/compress';
import {
  fitGammaGammaColumns,
  type GammaGammaParams,
  predictGammaGammaSpend,
} from '../models/clv/gamma-gamma';
import { comparePurchasesByFrequency } from '../models/clv/holdout';
import { fitParetoNbd, paretoNbdLikelihood, predictParetoNbdRate } from '../models/clv/pareto-nbd';
import { type SummaryColumns, summaryCustomerId } from '../models/clv/summary';
import { InputError } from '../models/input-error';
import { RowTable } from './row-table';
import { explainModelFailure, type ValueHorizon } from './value-model';
import type { HoldoutCheck } from './value-report';

/** The models `fitSummaryModels` can fit, by the names of `--models`. */
export const SUMMARY_MODELS = ['bgnbd', 'pareto', 'gamma-gamma'] as const;
export type SummaryModelName = (typeof SUMMARY_MODELS)[number];

/** Per-customer predictions of the summary analysis (null: the model was not fitted). */
export interface SummaryCustomer {
  customerId: string;
  x: number;
  tx: number;
  T: number;
  monetaryValue: number;
  /** BG/NBD P(alive), 1 − P(alive), and expected purchases over the horizon. */
  pAlive: number | null;
  churnRisk: number | null;
  expectedPurchases: number | null;
  /** Gamma-Gamma expected spend per purchase, and discounted CLV (BG/NBD + Gamma-Gamma). */
  expectedSpend: number | null;
  clv: number | null;
  /** Pareto/NBD P(alive) and expected purchases over the same horizon. */
  paretoPAlive: number | null;
  paretoExpectedPurchases: number | null;
}

/** The fitted models of a customer summary (the output of `rapport analyze clv --summary`). */
export interface SummaryModels {
  customers: number;
  repeatBuyers: number;
  horizon: ValueHorizon;
  /** The models fitted, in `SUMMARY_MODELS` order. */
  models: SummaryModelName[];
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; iterations: number } | null;
  paretoNbd: {
    r: number;
    alpha: number;
    s: number;
    beta: number;
    logLikelihood: number;
    iterations: number;
  } | null;
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

/** Options of `fitSummaryModels`. */
export interface SummaryModelOptions {
  /**
   * The spend model's customers: 'all' repeat buyers (one without a positive mean spend is an
   * InputError naming its row), 'positive' (those without one are left out of the spend model
   * and get the population mean), or 'none' (no spend known).
   */
  spend: 'none' | 'all' | 'positive';
  horizon: ValueHorizon;
  /**
   * The models to fit (default: all that the data supports; Gamma-Gamma needs spend). Asking for
   * Gamma-Gamma without spend is an InputError on `models`.
   */
  models?: readonly SummaryModelName[];
  /**
   * The summaries were computed (from transactions) rather than read: their t_x, T and monetary
   * value are marked computed in the table (see `NumberColumn.computed`). Default false.
   */
  computedSummaries?: boolean;
}

/** The models of a `--models` list ("bgnbd,pareto"); an unknown name is an InputError on `models`. */
export function readSummaryModels(text: string | undefined): SummaryModelName[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    if (!(SUMMARY_MODELS as readonly string[]).includes(name))
      throw new InputError(`unknown model "${name}": use ${SUMMARY_MODELS.join(', ')}`, { field: 'models' });
  }
  if (names.length === 0)
    throw new InputError(`no model given: use ${SUMMARY_MODELS.join(', ')}`, { field: 'models' });
  return SUMMARY_MODELS.filter((m) => names.includes(m));
}

/**
 * Fits BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (Schmittlein, Morrison & Colombo 1987) and,
 * with spend, Gamma-Gamma to per-customer summaries (or the `models` chosen), and predicts every
 * customer: P(alive), expected purchases over the horizon under each purchase model, expected
 * spend and discounted CLV (BG/NBD + Gamma-Gamma). The summaries are compressed to their distinct
 * (x, t_x, T), and the purchase models predict once per distinct history; the customers come back
 * as a `RowTable` in summary order. A model that cannot be fitted is a 409 AppError.
 */
export function fitSummaryModels(
  summary: SummaryColumns,
  options: SummaryModelOptions,
): {
  models: SummaryModels;
  customers: RowTable<SummaryCustomer>;
  compressed: CompressedColumns;
  /** BG/NBD P(alive) per distinct history (`compressed.rowOf`), when fitted. */
  alive: Float64Array | null;
} {
  const { spend, horizon } = options;
  const chosen = options.models ?? SUMMARY_MODELS.filter((m) => m !== 'gamma-gamma' || spend !== 'none');
  if (chosen.includes('gamma-gamma') && (spend === 'none' || summary.monetaryValue === null)) {
    throw new InputError('gamma-gamma needs spend: a monetary_value (or zbar) column', { field: 'models' });
  }
  const n = summary.length;
  const { x, tx, T } = summary;
  const monetary = summary.monetaryValue ?? new Float64Array(n);
  return explainModelFailure(() => {
    const compressed = compressColumns(x, tx, T);
    const rows = compressed.x.length;
    let repeatBuyers = 0;
    for (let i = 0; i < n; i++) if ((x[i] as number) > 0) repeatBuyers++;
    const models: SummaryModels = {
      customers: n,
      repeatBuyers,
      horizon,
      models: [...chosen],
      bgnbd: null,
      paretoNbd: null,
      gammaGamma: null,
      frequencySpendCorrelation: null,
    };
    // BG/NBD: P(alive) per distinct history; expected purchases and the CLV's discounted purchase
    // stream factor as G(x, T) · P(alive) (see `valueCustomers`).
    let alive: Float64Array | null = null;
    let expected: Float64Array | null = null;
    let discounted: Float64Array | null = null;
    if (chosen.includes('bgnbd')) {
      const fit = fitBgNbd(compressed);
      models.bgnbd = { ...fit.params, logLikelihood: fit.logLikelihood, iterations: fit.iterations };
      ({ alive, expected, discounted } = predictBgNbdRows(fit.params, compressed, horizon));
    }
    let paretoAlive: Float64Array | null = null;
    let paretoExpected: Float64Array | null = null;
    if (chosen.includes('pareto')) {
      const likelihood = paretoNbdLikelihood(compressed);
      const fit = fitParetoNbd(compressed, {}, likelihood);
      models.paretoNbd = { ...fit.params, logLikelihood: fit.logLikelihood, iterations: fit.iterations };
      paretoAlive = likelihood.alive(fit.params);
      paretoExpected = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        paretoExpected[r] =
          predictParetoNbdRate(fit.params, horizon.horizon, {
            x: compressed.x[r] as number,
            T: compressed.T[r] as number,
          }) * (paretoAlive[r] as number);
      }
    }
    let expectedSpend: Float64Array | null = null;
    let clv: Float64Array | null = null;
    if (chosen.includes('gamma-gamma')) {
      const gg = fitSpend(x, monetary, spend === 'positive');
      models.gammaGamma = gg.model;
      models.frequencySpendCorrelation = gg.correlation;
      expectedSpend = new Float64Array(n);
      clv = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const xi = x[i] as number;
        const mi = monetary[i] as number;
        const usable = xi > 0 && mi > 0;
        const s =
          usable || gg.params.q > 1
            ? predictGammaGammaSpend(
                gg.params,
                usable ? { x: xi, monetaryValue: mi } : { x: 0, monetaryValue: 0 },
              )
            : Number.NaN;
        expectedSpend[i] = s;
        const r = compressed.rowOf[i] as number;
        clv[i] = alive && discounted ? s * (alive[r] as number) * (discounted[r] as number) : Number.NaN;
      }
      if (!alive) clv = null;
    }
    // Per-history predictions spread to their customers (a writer then reads every column in order).
    const rowOf = compressed.rowOf;
    const perCustomer = (values: Float64Array | null, map?: (v: number) => number): Float64Array | null => {
      if (values === null) return null;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[rowOf[i] as number] as number;
        out[i] = map ? map(v) : v;
      }
      return out;
    };
    const computed = options.computedSummaries ?? false;
    const customers = new RowTable<SummaryCustomer>(n, [
      { name: 'customerId', text: (i) => summaryCustomerId(summary, i) },
      { name: 'x', values: x },
      { name: 'tx', values: tx, computed },
      { name: 'T', values: T, computed },
      { name: 'monetaryValue', values: monetary, computed },
      { name: 'pAlive', values: perCustomer(alive), computed: true },
      { name: 'churnRisk', values: perCustomer(alive, (p) => 1 - p), computed: true },
      { name: 'expectedPurchases', values: perCustomer(expected), computed: true },
      { name: 'expectedSpend', values: expectedSpend, computed: true },
      { name: 'clv', values: clv, computed: true },
      { name: 'paretoPAlive', values: perCustomer(paretoAlive), computed: true },
      { name: 'paretoExpectedPurchases', values: perCustomer(paretoExpected), computed: true },
    ]);
    return { models, customers, compressed, alive };
  });
}

/**
 * BG/NBD predictions per distinct history: P(alive), expected purchases over the horizon, and the
 * discounted purchase stream of the CLV per unit of spend. E[Y(t) | x, t_x, T] = G(t; x, T) ·
 * P(alive) (Fader, Hardie & Lee 2005, eq. 10): G is evaluated once per distinct (x, T).
 */
export function predictBgNbdRows(
  params: BgNbdParams,
  compressed: CompressedColumns,
  horizon: ValueHorizon,
): { alive: Float64Array; expected: Float64Array; discounted: Float64Array } {
  const rows = compressed.x.length;
  const alive = new Float64Array(rows);
  const expected = new Float64Array(rows);
  const discounted = new Float64Array(rows);
  const memo = new Map<number, { expected: number; discounted: number }>();
  const nT = compressed.TValues.length;
  for (let r = 0; r < rows; r++) {
    const x = compressed.x[r] as number;
    const T = compressed.T[r] as number;
    const key = (compressed.xIndex[r] as number) * nT + (compressed.TIndex[r] as number);
    let g = memo.get(key);
    if (g === undefined) {
      const at = { x, tx: T, T };
      const top = predictBgNbdAlive(params, at);
      const growth = (t: number) => predictBgNbd(params, t, at) / top;
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
      memo.set(key, g);
    }
    const p = predictBgNbdAlive(params, { x, tx: compressed.tx[r] as number, T });
    alive[r] = p;
    expected[r] = g.expected * p;
    discounted[r] = g.discounted;
  }
  return { alive, expected, discounted };
}

/** Gamma-Gamma on the repeat buyers (with a positive mean spend when `positiveOnly`). */
function fitSpend(
  x: Float64Array,
  monetary: Float64Array,
  positiveOnly: boolean,
): { params: GammaGammaParams; model: NonNullable<SummaryModels['gammaGamma']>; correlation: number | null } {
  const fit = fitGammaGammaColumns(x, monetary, positiveOnly);
  const model = {
    ...fit.params,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    customers: fit.customers,
  };
  return { params: fit.params, model, correlation: fit.customers >= 2 ? fit.correlation : null };
}

/**
 * Holdout check of the BG/NBD fit: predicted purchases over the holdout length against the actual
 * count of each calibration customer (`actual[i]` for summary row i), overall and per calibration
 * frequency.
 */
export function compareHoldout(
  summary: SummaryColumns,
  bgnbd: BgNbdParams,
  actual: ArrayLike<number>,
  calibrationEnd: string,
  length: number,
  unit: HoldoutCheck['unit'],
): HoldoutCheck {
  const rows = Array.from({ length: summary.length }, (_, i) => ({
    x: summary.x[i] as number,
    predicted: predictBgNbd(bgnbd, length, {
      x: summary.x[i] as number,
      tx: summary.tx[i] as number,
      T: summary.T[i] as number,
    }),
    actual: actual[i] as number,
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
