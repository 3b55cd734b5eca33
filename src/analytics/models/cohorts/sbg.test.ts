import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { relativeDifference, roundingTolerance } from '../../../testing/shared-data';
import {
  computeSbgChurnProbability,
  computeSbgRetentionRate,
  computeSbgSurvival,
  evaluateSbgLogLikelihood,
  fitShiftedBetaGeometric,
  projectSbgSurvivors,
} from './sbg';

// Fader & Hardie (2007), "How to project customer retention", Table 1, years 0–7 (calibration).
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('shifted-beta-geometric', () => {
  it('closed forms by hand: α = 1, β = 1 gives P(T = t) = 1/(t(t+1)), S(t) = 1/(t+1)', () => {
    const p = { alpha: 1, beta: 1 };
    expect(computeSbgChurnProbability(p, 1)).toBeCloseTo(1 / 2, 15);
    expect(computeSbgChurnProbability(p, 3)).toBeCloseTo(1 / 12, 15);
    expect(computeSbgSurvival(p, 4)).toBeCloseTo(1 / 5, 15);
    expect(computeSbgRetentionRate(p, 4)).toBeCloseTo(4 / 5, 15);
    projectSbgSurvivors(p, 100, 3).forEach((v, t) => {
      expect(v).toBeCloseTo(100 / (t + 1), 12);
    });
    // S(t) = 1 − Σ P(T = k)
    const q = { alpha: 0.7, beta: 1.2 };
    let cumulative = 0;
    for (let t = 1; t <= 10; t++) cumulative += computeSbgChurnProbability(q, t);
    expect(computeSbgSurvival(q, 10)).toBeCloseTo(1 - cumulative, 14);
  });

  it('fits the "regular" segment: α = 0.704, β = 1.182 (Fader & Hardie 2007)', () => {
    const fit = fitShiftedBetaGeometric(REGULAR);
    expect(Math.abs(fit.params.alpha - 0.704)).toBeLessThanOrEqual(roundingTolerance(3));
    expect(Math.abs(fit.params.beta - 1.182)).toBeLessThanOrEqual(roundingTolerance(3));
    // Pinned values of this implementation
    expect(relativeDifference(fit.params.alpha, 0.7040772989224339)).toBeLessThan(1e-6);
    expect(relativeDifference(fit.params.beta, 1.1820430268541313)).toBeLessThan(1e-6);
    expect(relativeDifference(fit.logLikelihood, -1680.265188463287)).toBeLessThan(1e-9);
  });

  it('fits the "high end" segment: α = 0.668, β = 3.806 (Fader & Hardie 2007)', () => {
    const fit = fitShiftedBetaGeometric(HIGH_END);
    expect(Math.abs(fit.params.alpha - 0.668)).toBeLessThanOrEqual(roundingTolerance(3));
    expect(Math.abs(fit.params.beta - 3.806)).toBeLessThanOrEqual(roundingTolerance(3));
    expect(relativeDifference(fit.params.alpha, 0.6680883501481721)).toBeLessThan(1e-6);
    expect(relativeDifference(fit.params.beta, 3.8060949552390135)).toBeLessThan(1e-6);
    expect(relativeDifference(fit.logLikelihood, -1611.158147391157)).toBeLessThan(1e-9);
    expect(evaluateSbgLogLikelihood(fit.params, HIGH_END)).toBeGreaterThan(
      evaluateSbgLogLikelihood({ alpha: 0.7, beta: 3.8 }, HIGH_END),
    );
  });

  it('rejects invalid cohorts', () => {
    expect(() => fitShiftedBetaGeometric([1000])).toThrow(InputError);
    expect(() => fitShiftedBetaGeometric([1000, 900, 950])).toThrow('line 3');
    expect(() => fitShiftedBetaGeometric([0, 0])).toThrow('empty cohort');
  });
});
