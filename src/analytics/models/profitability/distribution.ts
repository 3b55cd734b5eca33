import { bucketOfRank, computeTopShare, rankIndices } from '../ranking';

/** What the distribution functions need of a customer. */
export interface ProfitRow {
  customerId: string;
  revenue: number;
  profit: number;
}

/** Aggregate of one profit decile (1 = most profitable tenth). */
export interface ProfitDecile {
  decile: number;
  customers: number;
  revenue: number;
  profit: number;
  /** profit / total profit (NaN when the total is 0). */
  profitShare: number;
}

/**
 * Profit deciles: customers ranked by profit, highest first, ties by customerId (ascending); with
 * 0-based rank k among n the decile is floor(k · 10 / n) + 1. All ten deciles are returned (empty
 * ones with zeros when n < 10).
 */
export function computeProfitDeciles(rows: readonly ProfitRow[]): ProfitDecile[] {
  const n = rows.length;
  const total = rows.reduce((s, r) => s + r.profit, 0);
  const deciles = Array.from({ length: 10 }, (_, i) => ({
    decile: i + 1,
    customers: 0,
    revenue: 0,
    profit: 0,
    profitShare: 0,
  }));
  rankIndices(
    rows,
    (r) => r.profit,
    (r) => r.customerId,
    true,
  ).forEach((index, rank) => {
    const d = deciles[bucketOfRank(rank, n, 10) - 1] as ProfitDecile;
    const row = rows[index] as ProfitRow;
    d.customers++;
    d.revenue += row.revenue;
    d.profit += row.profit;
  });
  for (const d of deciles) d.profitShare = total === 0 ? Number.NaN : d.profit / total;
  return deciles;
}

/** A point of the whale curve after the k most profitable customers. */
export interface WhalePoint {
  customers: number;
  customerShare: number;
  cumulativeProfit: number;
  /** cumulativeProfit / total profit (NaN when the total is 0). */
  profitShare: number;
}

/** The whale curve and its peak. */
export interface WhaleCurve {
  /** k = 0 … n. */
  points: WhalePoint[];
  /** The point of maximum cumulative profit (first one on ties). */
  peak: WhalePoint;
  totalProfit: number;
}

/**
 * Whale curve of customer profitability (Kaplan & Cooper 1998, "Cost & Effect"; Kaplan & Narayanan
 * 2001): cumulative profit against the share of customers ranked by profit, highest first (ties by
 * customerId). The peak is typically well above 100% of total profit, the unprofitable tail
 * "sinking" the curve back to 100%.
 */
export function computeWhaleCurve(rows: readonly ProfitRow[]): WhaleCurve {
  const n = rows.length;
  const total = rows.reduce((s, r) => s + r.profit, 0);
  const point = (k: number, cumulative: number): WhalePoint => ({
    customers: k,
    customerShare: n === 0 ? 0 : k / n,
    cumulativeProfit: cumulative,
    profitShare: total === 0 ? Number.NaN : cumulative / total,
  });
  const points = [point(0, 0)];
  let cumulative = 0;
  rankIndices(
    rows,
    (r) => r.profit,
    (r) => r.customerId,
    true,
  ).forEach((index, rank) => {
    cumulative += (rows[index] as ProfitRow).profit;
    points.push(point(rank + 1, cumulative));
  });
  const peak = points.reduce((best, p) => (p.cumulativeProfit > best.cumulativeProfit ? p : best));
  return { points, peak, totalProfit: total };
}

/**
 * Shares of total profit earned by the top and the bottom `fraction` (default 20%) of customers,
 * ceil(fraction · n) customers each. The bottom share is usually negative. NaN when total profit is 0.
 */
export function computeProfitShares(
  rows: readonly ProfitRow[],
  fraction = 0.2,
): { top: number; bottom: number } {
  const profits = rows.map((r) => r.profit);
  return { top: computeTopShare(profits, fraction), bottom: computeTopShare(profits, fraction, true) };
}
