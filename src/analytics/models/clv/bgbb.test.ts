import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import {
  missingDataMessage,
  readSharedData,
  relativeDifference,
  roundingTolerance,
} from '../../../testing/shared-data';
import {
  evaluateBgBbLogLikelihood,
  fitBgBb,
  predictBgBb,
  predictBgBbAlive,
  predictBgBbUnconditional,
} from './bgbb';

/** Fader, Hardie & Shang (2010), donation data (1995 cohort, 6 opportunities, 11,104 donors). */
const PUBLISHED = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

describe('BG/BB closed forms at the published parameters', () => {
  const h = { x: 3, tx: 4, n: 6 };
  it('match numpy/scipy evaluations of eqs. 5, 9, 11 and 13', () => {
    expect(relativeDifference(predictBgBb(PUBLISHED, 10, h), 1.8482380573203785)).toBeLessThan(1e-12);
    expect(relativeDifference(predictBgBbAlive(PUBLISHED, h), 0.43946285705575616)).toBeLessThan(1e-12);
    expect(relativeDifference(predictBgBbUnconditional(PUBLISHED, 6), 2.2196313934873078)).toBeLessThan(
      1e-12,
    );
    expect(relativeDifference(predictBgBbUnconditional(PUBLISHED, 11), 3.3875711110646307)).toBeLessThan(
      1e-12,
    );
  });

  it('is continuous through γ = 1', () => {
    const at = (gamma: number) => predictBgBb({ ...PUBLISHED, gamma }, 5, h);
    // Central average at ±1e-4 is second-order accurate (error ~1e-8 · curvature).
    expect(at(1)).toBeCloseTo((at(1 - 1e-4) + at(1 + 1e-4)) / 2, 7);
  });

  it('rejects impossible histories', () => {
    expect(() => fitBgBb([{ x: 3, tx: 2, n: 6 }])).toThrow(InputError);
    expect(() => fitBgBb([{ x: 0, tx: 2, n: 6 }])).toThrow('line 1');
  });
});

const DONATIONS = readSharedData('donations.csv');

describe.skipIf(!DONATIONS)('BG/BB on the donation data (golden)', () => {
  if (!DONATIONS) {
    it.skip(missingDataMessage('donations.csv'), () => {});
    return;
  }
  const records = parse(DONATIONS, { columns: true }) as Record<string, string>[];
  const rows = records.map((r) => ({
    x: Number(r.frequency),
    tx: Number(r.recency),
    n: Number(r.periods),
    weight: Number(r.weights),
  }));
  const fit = fitBgBb(rows);

  it('fit reproduces α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6 (FHS 2010)', () => {
    expect(rows.reduce((s, r) => s + r.weight, 0)).toBe(11104);
    for (const key of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(Math.abs(fit.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(roundingTolerance(3));
    }
    expect(Math.abs(fit.logLikelihood - -33225.6)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(evaluateBgBbLogLikelihood(PUBLISHED, rows) - -33225.6)).toBeLessThanOrEqual(0.05);
  });

  it('fit is pinned to 1e-6 (regression values of this implementation)', () => {
    const pinned = {
      alpha: 1.20352234364942,
      beta: 0.7497163534084261,
      gamma: 0.6567182105216947,
      delta: 2.7834422365567386,
    };
    for (const key of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(relativeDifference(fit.params[key], pinned[key])).toBeLessThan(1e-6);
    }
    expect(relativeDifference(fit.logLikelihood, -33225.581274346994)).toBeLessThan(1e-9);
  });
});
