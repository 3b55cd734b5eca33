/** Our spend and the customer's known total spend in the category. */
export interface WalletRow {
  customerId: string;
  ourSpend: number;
  categorySpend: number;
}

/** Share of wallet of one customer. */
export interface WalletShare {
  customerId: string;
  /** ourSpend / max(categorySpend, ourSpend); NaN when both are 0. */
  share: number;
  /** True when our spend exceeded the stated category spend (the known figure was too low; share capped at 1). */
  capped: boolean;
}

/**
 * Share of wallet, the fraction of a customer's category spending captured by the firm (Keiningham
 * et al. 2005, "Does customer satisfaction lead to profitability? The mediating role of share of
 * wallet", Managing Service Quality 15(2)): SOW = our spend / category spend. When the known
 * category spend is below our own spend it is understated, so it is raised to our spend (SOW = 1,
 * `capped`).
 */
export function computeShareOfWallet(rows: readonly WalletRow[]): WalletShare[] {
  return rows.map((r) => {
    const wallet = Math.max(r.categorySpend, r.ourSpend);
    return {
      customerId: r.customerId,
      share: wallet === 0 ? Number.NaN : r.ourSpend / wallet,
      capped: r.ourSpend > r.categorySpend,
    };
  });
}

/** Spend-weighted share of wallet of a group: Σ our spend / Σ max(category spend, our spend). */
export function computeAggregateShareOfWallet(rows: readonly WalletRow[]): number {
  let ours = 0;
  let wallet = 0;
  for (const r of rows) {
    ours += r.ourSpend;
    wallet += Math.max(r.categorySpend, r.ourSpend);
  }
  return wallet === 0 ? Number.NaN : ours / wallet;
}
