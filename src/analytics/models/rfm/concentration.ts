import { computeTopShare } from '../ranking';
import type { RfmRecord } from './rfm';

/**
 * Share of revenue from the top `fraction` (default 20%) of customers by monetary value, the
 * Pareto "80/20" check: ceil(fraction · n) customers with the largest spend, over total spend.
 * NaN when total spend is 0.
 */
export function computeTopRevenueShare(records: readonly RfmRecord[], fraction = 0.2): number {
  return computeTopShare(
    records.map((r) => r.monetary),
    fraction,
  );
}
