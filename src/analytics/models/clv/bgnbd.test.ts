import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { ConvergenceError } from '../math/optimize-types';
import {
  missingDataMessage,
  publishedTolerance,
  readSharedData,
  relativeDifference,
  roundingTolerance,
} from '../../../testing/shared-data';
import { evaluateBgNbdLogLikelihood, fitBgNbd } from './bgnbd';
import { predictBgNbd, predictBgNbdAlive, predictBgNbdUnconditional } from './bgnbd-predict';
import { compressSummaries } from './compress';
import { summarizeTransactions } from './summary';
import { parseSummaryCsv } from './summary-csv';
import { parseWhitespaceTransactions } from './transaction-file';

/** Fader, Hardie & Lee (2005), "Counting your customers the easy way", §4 (CDNOW, 2,357 customers). */
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD closed forms at the published parameters', () => {
  it('E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 (FHL 2005 §4)', () => {
    const v = predictBgNbd(PUBLISHED, 39, { x: 2, tx: 30.43, T: 38.86 });
    expect(Math.abs(v - 1.226)).toBeLessThanOrEqual(roundingTolerance(3));
    // Independent reference: eq. 10 with scipy.special.hyp2f1 (scipy 1.17.1) = 1.226028174767135.
    expect(relativeDifference(v, 1.226028174767135)).toBeLessThan(1e-6);
  });

  it('P(alive) and the unconditional expectation match scipy evaluations of eqs. 13 and 9', () => {
    // 1 / (1 + a/(b+x−1) ((α+T)/(α+t_x))^{r+x}) in numpy = 0.726578570080673
    expect(
      relativeDifference(predictBgNbdAlive(PUBLISHED, { x: 2, tx: 30.43, T: 38.86 }), 0.726578570080673),
    ).toBeLessThan(1e-12);
    expect(predictBgNbdAlive(PUBLISHED, { x: 0, tx: 0, T: 38.86 })).toBe(1);
    // eq. 9 with scipy.special.hyp2f1: E[X(39)] = 1.1967231933207985, E[X(78)] = 1.8605190579427455
    expect(relativeDifference(predictBgNbdUnconditional(PUBLISHED, 39), 1.1967231933207985)).toBeLessThan(
      1e-12,
    );
    expect(relativeDifference(predictBgNbdUnconditional(PUBLISHED, 78), 1.8605190579427455)).toBeLessThan(
      1e-12,
    );
  });

  it('stays finite and continuous through a = 1, where eq. 10 is 0/0', () => {
    const at = (a: number): number => predictBgNbd({ ...PUBLISHED, a }, 39, { x: 2, tx: 30.43, T: 38.86 });
    expect(Number.isFinite(at(1))).toBe(true);
    expect(at(1)).toBeCloseTo((at(1 - 1e-7) + at(1 + 1e-7)) / 2, 9);
    expect(at(1.2)).toBeGreaterThan(0);
  });

  it('is consistent: E[Y(t)] grows with t and the unconditional form equals the conditional one at x = T = 0', () => {
    const c = { x: 3, tx: 20, T: 30 };
    expect(predictBgNbd(PUBLISHED, 52, c)).toBeGreaterThan(predictBgNbd(PUBLISHED, 26, c));
    expect(predictBgNbd(PUBLISHED, 10, { x: 0, tx: 0, T: 0 })).toBeCloseTo(
      predictBgNbdUnconditional(PUBLISHED, 10),
      14,
    );
    expect(predictBgNbd(PUBLISHED, 0, c)).toBe(0);
  });

  it('log-likelihood honours weights like repeated rows', () => {
    const rows = [
      { x: 0, tx: 0, T: 10 },
      { x: 2, tx: 5, T: 10 },
      { x: 2, tx: 5, T: 10 },
    ];
    const weighted = compressSummaries(
      [
        { x: 0, tx: 0, T: 10 },
        { x: 2, tx: 5, T: 10 },
      ],
      [1, 2],
    );
    expect(evaluateBgNbdLogLikelihood(PUBLISHED, weighted)).toBeCloseTo(
      evaluateBgNbdLogLikelihood(PUBLISHED, rows),
      12,
    );
  });

  it('fails loudly instead of returning a wrong fit', () => {
    // Nobody ever repeats: the likelihood keeps rising as the purchase rate goes to 0 (no maximum).
    const never = Array.from({ length: 50 }, (_, i) => ({ x: 0, tx: 0, T: 10 + i }));
    expect(() => fitBgNbd(never)).toThrow(InputError);
    // An optimiser stopped early reports its last state.
    const rows = [...never, { x: 3, tx: 8, T: 20 }, { x: 1, tx: 2, T: 30 }];
    let caught: unknown;
    try {
      fitBgNbd(rows, { maxIterations: 2 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    expect((caught as ConvergenceError).state.x).toHaveLength(4);
    expect((caught as ConvergenceError).message).toMatch(/^BG\/NBD fit did not converge/);
  });
});

const SUMMARY = readSharedData('cdnow_customers_summary.csv');
const SAMPLE = readSharedData('CDNOW_sample.txt');

describe.skipIf(!SUMMARY)('BG/NBD on CDNOW (golden)', () => {
  if (!SUMMARY) {
    it.skip(missingDataMessage('cdnow_customers_summary.csv'), () => {});
    return;
  }
  const rows = parseSummaryCsv(SUMMARY, { customerId: 'ID', x: 'frequency', tx: 'recency', T: 'T' });
  const fit = fitBgNbd(rows);

  it('log-likelihood at the published parameters is −9582.4 (numpy/scipy: −9582.426831182365)', () => {
    const ll = evaluateBgNbdLogLikelihood(PUBLISHED, rows);
    expect(relativeDifference(ll, -9582.426831182365)).toBeLessThan(1e-12);
  });

  it('fit reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (FHL 2005)', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(
        publishedTolerance(PUBLISHED[key], 3),
      );
    }
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThanOrEqual(0.05);
  });

  it('fit is pinned to 1e-6 (regression values of this implementation on the csv)', () => {
    const pinned = {
      r: 0.24259290690085183,
      alpha: 4.4135315664429955,
      a: 0.7928861141241071,
      b: 2.4257532725788895,
    };
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(relativeDifference(fit.params[key], pinned[key])).toBeLessThan(1e-6);
    }
    expect(relativeDifference(fit.logLikelihood, -9582.425560567362)).toBeLessThan(1e-9);
  });

  it.skipIf(!SAMPLE)(
    'on the unrounded summary built from CDNOW_sample.txt every estimate rounds to the published one',
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
      const raw = fitBgNbd(built);
      for (const key of ['r', 'alpha', 'a', 'b'] as const) {
        expect(Math.abs(raw.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(roundingTolerance(3));
      }
      // Pinned: r = 0.2425945221290071, α = 4.413602024529873, a = 0.7929219830500702, b = 2.425906611993133
      expect(relativeDifference(raw.params.alpha, 4.413602024529873)).toBeLessThan(1e-6);
      expect(relativeDifference(raw.params.b, 2.425906611993133)).toBeLessThan(1e-6);
    },
  );
});
