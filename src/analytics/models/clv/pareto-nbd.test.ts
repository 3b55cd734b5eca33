import { describe, expect, it } from 'vitest';
import {
  missingDataMessage,
  publishedTolerance,
  readSharedData,
  relativeDifference,
  roundingTolerance,
} from '../../../testing/shared-data';
import { compressSummaries } from './compress';
import {
  evaluateParetoNbdLogLikelihood,
  fitParetoNbd,
  paretoNbdLikelihood,
  predictParetoNbd,
  predictParetoNbdAlive,
  predictParetoNbdUnconditional,
} from './pareto-nbd';
import { simulateHistories } from './simulate';
import { summarizeTransactions } from './summary';
import { parseSummaryCsv } from './summary-csv';
import { parseWhitespaceTransactions } from './transaction-file';

/** Fader, Hardie & Lee (2005), "A note on implementing the Pareto/NBD model in MATLAB" (CDNOW). */
const PUBLISHED = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

describe('Pareto/NBD closed forms at the published parameters', () => {
  it('E[Y(52) | x=26, t_x=30.86, T=31] = 25.46', () => {
    const v = predictParetoNbd(PUBLISHED, 52, { x: 26, tx: 30.86, T: 31 });
    expect(Math.abs(v - 25.46)).toBeLessThanOrEqual(roundingTolerance(2));
    // Independent reference: the note's eqs. 3–5 in numpy with scipy.special.hyp2f1 = 25.458472951428767
    expect(relativeDifference(v, 25.458472951428767)).toBeLessThan(1e-6);
  });

  it('P(alive) and E[X(t)] match numpy/scipy evaluations of the same formulas', () => {
    expect(
      relativeDifference(predictParetoNbdAlive(PUBLISHED, { x: 26, tx: 30.86, T: 31 }), 0.9979187310551582),
    ).toBeLessThan(1e-12);
    expect(
      relativeDifference(predictParetoNbdAlive(PUBLISHED, { x: 0, tx: 0, T: 38.86 }), 0.2952866046168943),
    ).toBeLessThan(1e-12);
    expect(relativeDifference(predictParetoNbdUnconditional(PUBLISHED, 52), 1.4729968033751073)).toBeLessThan(
      1e-12,
    );
  });

  it('is finite at s = 1 (the (s − 1) denominator) and continuous there', () => {
    const at = (s: number): number => predictParetoNbd({ ...PUBLISHED, s }, 52, { x: 3, tx: 20, T: 31 });
    expect(at(1)).toBeCloseTo((at(1 - 1e-7) + at(1 + 1e-7)) / 2, 9);
  });

  it('handles both branches (α ≥ β and α < β) of the 2F1 representation', () => {
    const rows = [
      { x: 0, tx: 0, T: 30 },
      { x: 4, tx: 25, T: 30 },
      { x: 1, tx: 3, T: 12 },
    ];
    // Continuity across α = β: the two representations agree in the limit.
    const below = evaluateParetoNbdLogLikelihood({ r: 0.5, alpha: 10 - 1e-9, s: 0.6, beta: 10 }, rows);
    const above = evaluateParetoNbdLogLikelihood({ r: 0.5, alpha: 10 + 1e-9, s: 0.6, beta: 10 }, rows);
    expect(below).toBeCloseTo(above, 7);
  });
});

const SUMMARY = readSharedData('cdnow_customers_summary.csv');
const SAMPLE = readSharedData('CDNOW_sample.txt');

describe.skipIf(!SUMMARY)('Pareto/NBD on CDNOW (golden)', () => {
  if (!SUMMARY) {
    it.skip(missingDataMessage('cdnow_customers_summary.csv'), () => {});
    return;
  }
  const rows = parseSummaryCsv(SUMMARY, { customerId: 'ID', x: 'frequency', tx: 'recency', T: 'T' });
  const fit = fitParetoNbd(rows);

  it('log-likelihood at the published parameters (numpy/scipy: −9594.974010040962)', () => {
    expect(
      relativeDifference(evaluateParetoNbdLogLikelihood(PUBLISHED, rows), -9594.974010040962),
    ).toBeLessThan(1e-12);
    // the α ≥ β branch, numpy/scipy at (0.553, 12, 0.606, 3): −9756.754155994386
    const other = { r: 0.553, alpha: 12, s: 0.606, beta: 3 };
    expect(relativeDifference(evaluateParetoNbdLogLikelihood(other, rows), -9756.754155994386)).toBeLessThan(
      1e-12,
    );
  });

  it('fit reproduces r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0 to 1e-3', () => {
    for (const key of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(
        publishedTolerance(PUBLISHED[key], 3),
      );
    }
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThanOrEqual(0.05);
    // On this csv (t_x and T rounded to 2 decimals) β comes out 11.6679, 0.0011 below the printed
    // 11.669: within 1e-3 relative but not within its rounding; see the unrounded test below.
  });

  it('fit is pinned to 1e-6 (regression values of this implementation on the csv)', () => {
    const pinned = {
      r: 0.553275519797492,
      alpha: 10.57761238492084,
      s: 0.606213508298295,
      beta: 11.6679092126225,
    };
    for (const key of ['r', 'alpha', 's', 'beta'] as const) {
      expect(relativeDifference(fit.params[key], pinned[key])).toBeLessThan(1e-6);
    }
    expect(relativeDifference(fit.logLikelihood, -9594.973929826876)).toBeLessThan(1e-9);
  });

  it.skipIf(!SAMPLE)(
    'on the unrounded summary from CDNOW_sample.txt every estimate rounds to the published one',
    () => {
      const built = summarizeTransactions(
        parseWhitespaceTransactions(SAMPLE as string, {
          customerCol: 2,
          dateCol: 3,
          amountCol: 5,
          dateFormat: 'YYYYMMDD',
        }),
        { unit: 'week', calibrationEnd: new Date('1997-09-30T00:00:00Z') },
      );
      const raw = fitParetoNbd(built);
      for (const key of ['r', 'alpha', 's', 'beta'] as const) {
        expect(Math.abs(raw.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(roundingTolerance(3));
      }
      // Pinned: β = 11.668733373778203
      expect(relativeDifference(raw.params.beta, 11.668733373778203)).toBeLessThan(1e-6);
    },
  );
});

describe('Pareto/NBD analytic gradient', () => {
  const data = SUMMARY
    ? parseSummaryCsv(SUMMARY, { customerId: 'ID', x: 'frequency', tx: 'recency', T: 'T' })
    : simulateHistories(3000, 5);
  const likelihood = paretoNbdLikelihood(data);
  const points = [
    PUBLISHED,
    { r: 1, alpha: 1, s: 1, beta: 1 },
    { r: 0.553, alpha: 12, s: 0.606, beta: 3 },
    { r: 2.5, alpha: 0.3, s: 0.05, beta: 40 },
    { r: 0.2, alpha: 80, s: 3, beta: 0.01 },
  ];

  it('equals central differences of the log-likelihood in log-parameters', () => {
    const keys = ['r', 'alpha', 's', 'beta'] as const;
    for (const p of points) {
      const gradient = [0, 0, 0, 0];
      const ll = likelihood.evaluate(p, gradient);
      expect(ll).toBe(likelihood.evaluate(p));
      keys.forEach((key, k) => {
        // Richardson-extrapolated central difference in ln θ (error O(h⁴)).
        const f = (h: number) => likelihood.evaluate({ ...p, [key]: p[key] * Math.exp(h) });
        const d = (h: number) => (f(h) - f(-h)) / (2 * h);
        const numeric = (4 * d(1e-4) - d(2e-4)) / 3;
        const tolerance = 1e-7 * Math.max(1, Math.abs(ll)) + 1e-6 * Math.abs(numeric);
        expect([JSON.stringify(p), key, Math.abs((gradient[k] as number) - numeric) <= tolerance]).toEqual([
          JSON.stringify(p),
          key,
          true,
        ]);
      });
    }
  });

  it('P(alive) of every distinct history is predictParetoNbdAlive', () => {
    const compressed = compressSummaries(data);
    const alive = likelihood.alive(PUBLISHED);
    for (let i = 0; i < compressed.x.length; i += 37) {
      const one = {
        x: compressed.x[i] as number,
        tx: compressed.tx[i] as number,
        T: compressed.T[i] as number,
      };
      expect(relativeDifference(alive[i] as number, predictParetoNbdAlive(PUBLISHED, one))).toBeLessThan(
        1e-12,
      );
    }
  });
});
