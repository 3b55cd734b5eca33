/** Options of `computeClv`. */
export interface ClvOptions {
  /**
   * Cumulative expected purchases of the customer in (T, T + t], t in the model's time unit, e.g.
   * `(t) => predictBgNbd(params, t, customer)`.
   */
  expectedPurchases: (t: number) => number;
  /** Expected value of one purchase, e.g. `predictGammaGammaSpend(ggParams, customer)`. */
  expectedSpend: number;
  /** Horizon in months (default 12). */
  months?: number;
  /** Monthly discount rate d (default 0.01). */
  monthlyDiscountRate?: number;
  /**
   * Model time units per month: 4.345 for weeks (lifetimes' factor), 30 for days (lifetimes), 1 for
   * months. Default 4.345.
   */
  unitsPerMonth?: number;
}

/**
 * Discounted customer lifetime value over a horizon, as lifetimes' `customer_lifetime_value`
 * (Fader, Hardie & Lee 2005, "RFM and CLV", discounted expected residual transactions, here in
 * discrete monthly steps):
 *   CLV = Σ_{i=1}^{months} spend · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + d)^i,
 * where f is `unitsPerMonth` and E[Y(t)] the cumulative conditional expected purchases.
 */
export function computeClv(options: ClvOptions): number {
  return computeClvByMonth(options).reduce((s, v) => s + v, 0);
}

/** The discounted value of each month of the horizon (the terms of `computeClv`'s sum). */
export function computeClvByMonth(options: ClvOptions): number[] {
  const months = options.months ?? 12;
  const d = options.monthlyDiscountRate ?? 0.01;
  const f = options.unitsPerMonth ?? 4.345;
  if (!(months >= 0) || !Number.isInteger(months))
    throw new RangeError(`months must be a whole number ≥ 0, got ${months}`);
  if (!(d > -1)) throw new RangeError(`monthly discount rate must be > −1, got ${d}`);
  if (!(f > 0)) throw new RangeError(`unitsPerMonth must be > 0, got ${f}`);
  const out: number[] = [];
  let previous = options.expectedPurchases(0);
  for (let i = 1; i <= months; i++) {
    const cumulative = options.expectedPurchases(i * f);
    out.push((options.expectedSpend * (cumulative - previous)) / (1 + d) ** i);
    previous = cumulative;
  }
  return out;
}
