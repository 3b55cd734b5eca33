import { describe, expect, it } from 'vitest';
import { lbeta } from './beta';
import { digamma } from './digamma';
import { gammaSign, lgamma } from './gamma';

// Reference values: mpmath 1.3 at 30 significant digits, log(abs(gamma(x))), digamma(x), log(beta(a, b)).
const LGAMMA: [number, number][] = [
  [0.001, 6.907178885383853],
  [0.1, 2.252712651734206],
  [0.5, 0.5723649429247001],
  [1.5, -0.12078223763524522],
  [2.5, 0.2846828704729192],
  [3.7, 1.428072326665388],
  [10.25, 13.368023671476045],
  [100.5, 361.4355404677776],
  [1e5, 1051287.7089736569],
  [171.3, 708.1149470389969],
  [-0.5, 1.2655121234846454],
  [-2.5, -0.056243716497674054],
  [-7.3, -7.779101629826852],
];

const DIGAMMA: [number, number][] = [
  [0.001, -1000.5755719318103],
  [0.5, -1.9635100260214235],
  [1, -0.5772156649015329],
  [2.75, 0.8189010249754326],
  [9.99, 2.250700372831201],
  [12.5, 2.4851956512749123],
  [200, 5.295815283219912],
  [-0.5, 0.03648997397857652],
  [-3.3, 3.620353460592126],
];

describe('lgamma', () => {
  it.each(LGAMMA)('ln|Γ(%f)| to 1e-14 relative (mpmath)', (x, expected) => {
    expect(Math.abs(lgamma(x) - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected)));
  });

  it('is exact at 1 and 2 and satisfies ln Γ(n) = ln (n−1)!', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(11)).toBeCloseTo(Math.log(3628800), 13);
  });

  it('near its zeros keeps absolute accuracy 1e-15 (ln Γ(1 + 1e-8) = −γ·1e-8 + O(1e-16))', () => {
    expect(Math.abs(lgamma(1 + 1e-8) - -5.772156649015329e-9)).toBeLessThan(1e-15);
  });

  it('has poles at the non-positive integers and knows the sign of Γ', () => {
    expect(lgamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect([gammaSign(2.5), gammaSign(-0.5), gammaSign(-1.5), gammaSign(-2)]).toEqual([1, -1, 1, 0]);
  });

  it('uses Stirling for huge arguments without overflow', () => {
    // Stirling: (x − ½) ln x − x + ½ ln 2π at x = 1e300 ≈ 6.897755e302
    expect(lgamma(1e300) / 6.897755278982137e302).toBeCloseTo(1, 12);
  });
});

describe('digamma', () => {
  it.each(DIGAMMA)('ψ(%f) to 1e-13 relative (mpmath)', (x, expected) => {
    expect(Math.abs(digamma(x) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it('is the derivative of lgamma (central difference)', () => {
    const h = 1e-5;
    for (const x of [0.3, 1.7, 25]) {
      expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 8);
    }
  });
});

describe('lbeta', () => {
  it('matches mpmath log(beta(a, b))', () => {
    expect(lbeta(0.793, 2.426)).toBeCloseTo(-0.5115692885937033, 14);
    expect(lbeta(1e3, 2.5)).toBeCloseTo(-16.986579078153017, 12);
  });
});
