import { InputError } from '../input-error';
import { studentTQuantile } from '../math/student-t';

/** An observed price and the quantity sold at it (per period). */
export interface PriceObservation {
  price: number;
  quantity: number;
}

/** A constant-elasticity demand curve q = e^a · p^b fitted in logs. */
export interface ElasticityFit {
  /** b: the % change of quantity for a 1% change of price (negative for normal goods). */
  elasticity: number;
  /** a: ln q at p = 1. */
  intercept: number;
  standardError: number;
  /** Confidence interval of the elasticity at `level`, b ± t_{n−2} · SE. */
  confidenceInterval: [number, number];
  level: number;
  degreesOfFreedom: number;
  /** R² of the log-log regression. */
  rSquared: number;
  /** Residual standard error of ln q. */
  residualStandardError: number;
  n: number;
}

/**
 * Price elasticity of demand by least squares on logs (the constant-elasticity model,
 * ln q = a + b ln p + ε; Phillips 2005, "Pricing and Revenue Optimization", ch. 3): ordinary
 * least squares gives b = S_xy/S_xx, SE(b) = s/√S_xx with s² = RSS/(n − 2), and the interval
 * b ± t_{1−(1−level)/2, n−2} · SE(b) from Student's t (`studentTQuantile`). Needs at least 3
 * observations with positive price and quantity and two different prices.
 */
export function fitPriceElasticity(observations: readonly PriceObservation[], level = 0.95): ElasticityFit {
  if (!(level > 0 && level < 1)) throw new InputError(`must be in (0, 1), got ${level}`, { field: 'level' });
  observations.forEach((o, i) => {
    if (!(o.price > 0 && Number.isFinite(o.price)))
      throw new InputError(`price must be > 0, got ${o.price}`, { line: i + 1, field: 'price' });
    if (!(o.quantity > 0 && Number.isFinite(o.quantity))) {
      throw new InputError(`quantity must be > 0 for a log-log fit, got ${o.quantity}`, {
        line: i + 1,
        field: 'quantity',
      });
    }
  });
  const n = observations.length;
  if (n < 3) throw new InputError(`need at least 3 observations, got ${n}`, { field: 'observations' });
  const xs = observations.map((o) => Math.log(o.price));
  const ys = observations.map((o) => Math.log(o.quantity));
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0))
    throw new InputError('all prices are equal: the elasticity is not identified', { field: 'price' });
  const b = sxy / sxx;
  const a = my - b * mx;
  const rss = Math.max(0, syy - b * sxy);
  const df = n - 2;
  const s = Math.sqrt(rss / df);
  const se = s / Math.sqrt(sxx);
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  return {
    elasticity: b,
    intercept: a,
    standardError: se,
    confidenceInterval: [b - t * se, b + t * se],
    level,
    degreesOfFreedom: df,
    rSquared: syy > 0 ? 1 - rss / syy : 1,
    residualStandardError: s,
    n,
  };
}

/** Quantity the fitted curve predicts at a price: e^a · p^b (the median of q under log-normal errors). */
export function predictDemandAtPrice(fit: ElasticityFit, price: number): number {
  return Math.exp(fit.intercept + fit.elasticity * Math.log(price));
}
