import type { CustomerProfit } from '../models/profitability/customer-profit';
import {
  computeProfitDeciles,
  computeProfitShares,
  computeWhaleCurve,
  type ProfitDecile,
  type WhalePoint,
} from '../models/profitability/distribution';
import { bucketOfRank, rankIndices } from '../models/ranking';
import { type Page, pageOf } from './options';

export interface ProfitCustomer extends CustomerProfit {
  name?: string;
  /** 1 = the most profitable tenth. */
  decile: number;
}

export interface ProfitabilityReport {
  asOf: string;
  from: string | null;
  customers: number;
  totals: {
    revenue: number;
    costOfGoods: number;
    grossMargin: number;
    costToServe: number;
    costToServeByActivity: Record<string, number>;
    profit: number;
  };
  unprofitableCustomers: number;
  /** Shares of total profit of the top and bottom 20% of customers. */
  shares: { top: number; bottom: number };
  deciles: ProfitDecile[];
  /** The whale curve downsampled to at most `whalePoints` points (first, last and peak kept). */
  whaleCurve: { points: WhalePoint[]; peak: WhalePoint; totalProfit: number };
  detail: Page<ProfitCustomer>;
}

/** Profit decile of every customer: ranked by profit, highest first, ties by id (as the deciles). */
export function assignProfitDeciles(rows: readonly CustomerProfit[]): number[] {
  const deciles = new Array<number>(rows.length).fill(0);
  rankIndices(
    rows,
    (r) => r.profit,
    (r) => r.customerId,
    true,
  ).forEach((index, rank) => {
    deciles[index] = bucketOfRank(rank, rows.length, 10);
  });
  return deciles;
}

/**
 * The profitability summary of per-customer accounts: totals (cost to serve by activity),
 * deciles, the whale curve and its peak, top and bottom 20% shares, and one page of customers
 * ordered by profit (highest first, ties by id).
 */
export function buildProfitabilityReport(
  rows: readonly CustomerProfit[],
  window: { asOf: string; from: string | null },
  paging: { page: number; limit: number },
  whalePoints: number,
): ProfitabilityReport {
  const totals = {
    revenue: 0,
    costOfGoods: 0,
    grossMargin: 0,
    costToServe: 0,
    costToServeByActivity: {} as Record<string, number>,
    profit: 0,
  };
  let unprofitable = 0;
  for (const r of rows) {
    totals.revenue += r.revenue;
    totals.costOfGoods += r.costOfGoods;
    totals.grossMargin += r.grossMargin;
    totals.costToServe += r.costToServe;
    totals.profit += r.profit;
    for (const [activity, cost] of Object.entries(r.costToServeByActivity)) {
      totals.costToServeByActivity[activity] = (totals.costToServeByActivity[activity] ?? 0) + cost;
    }
    if (r.profit < 0) unprofitable++;
  }
  const whale = computeWhaleCurve(rows);
  const deciles = assignProfitDeciles(rows);
  // Explicit fields: object spread with extra properties is slow in V8 for a million objects.
  const ranked = rows.map((r, i) => ({
    customerId: r.customerId,
    revenue: r.revenue,
    costOfGoods: r.costOfGoods,
    grossMargin: r.grossMargin,
    costToServe: r.costToServe,
    costToServeByActivity: r.costToServeByActivity,
    profit: r.profit,
    decile: deciles[i] as number,
  }));
  ranked.sort((a, b) => b.profit - a.profit || (a.customerId < b.customerId ? -1 : 1));
  return {
    asOf: window.asOf,
    from: window.from,
    customers: rows.length,
    totals,
    unprofitableCustomers: unprofitable,
    shares: computeProfitShares(rows),
    deciles: computeProfitDeciles(rows),
    whaleCurve: {
      points: downsampleWhaleCurve(whale.points, whale.peak, whalePoints),
      peak: whale.peak,
      totalProfit: whale.totalProfit,
    },
    detail: pageOf(ranked, paging),
  };
}

/**
 * At most `count` (≥ 2) points of a whale curve, evenly spaced in customers, always with the first
 * point (0 customers), the last (everyone) and the peak.
 */
export function downsampleWhaleCurve(
  points: readonly WhalePoint[],
  peak: WhalePoint,
  count: number,
): WhalePoint[] {
  const n = points.length - 1;
  if (points.length <= count) return [...points];
  const keep = new Set<number>([0, n, peak.customers]);
  for (let k = 1; keep.size < count && k < count - 1; k++) keep.add(Math.round((k * n) / (count - 1)));
  return [...keep].sort((a, b) => a - b).map((k) => points[k] as WhalePoint);
}
