import type { Db } from '../../db/index';
import type { Tx } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import { readOrderCosts, readServiceActivities } from '../feeds/profit';
import type { FeedWindow } from '../feeds/purchases';
import { type CustomerProfit, computeCustomerProfit } from '../models/profitability/customer-profit';
import { attachNames } from './names';
import { type PageOptions, readDay, readInteger, readPage, requireBefore } from '../reports/options';
import { buildProfitabilityReport, type ProfitabilityReport } from '../reports/profit-report';

export interface ProfitabilityOptions extends PageOptions {
  /** Last day (YYYY-MM-DD, UTC) counted; default today. */
  asOf?: string;
  /** First day counted; default: all history. */
  from?: string;
  /** Points of the downsampled whale curve (2 to 1000, default 101). */
  whalePoints?: number;
}

/**
 * Customer profitability over the caller's workspace (Kaplan & Narayanan 2001): revenue of the
 * purchases in [from, asOf] − their cost of goods − cost to serve by activity (cost events), per
 * customer; deciles, the whale curve, top and bottom 20% shares, and one page of customers.
 */
export async function analyzeProfitability(
  db: Db,
  actor: Principal,
  options: ProfitabilityOptions = {},
): Promise<ProfitabilityReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const whalePoints = readInteger('whalePoints', options.whalePoints, 101, 2, 1000);
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const rows = await readCustomerProfits(trx, ws, { end: asOf.end, from: from?.date });
    const report = buildProfitabilityReport(
      rows,
      { asOf: asOf.iso, from: from?.iso ?? null },
      paging,
      whalePoints,
    );
    await attachNames(trx, ws, report.detail.items);
    return report;
  });
}

/** Per-customer profit accounts of the window, from the database's aggregates. */
export async function readCustomerProfits(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
): Promise<CustomerProfit[]> {
  const orders = await readOrderCosts(trx, workspaceId, window);
  const activities = await readServiceActivities(trx, workspaceId, window);
  const unitCosts = Object.fromEntries([...new Set(activities.map((a) => a.activity))].map((a) => [a, 1]));
  return computeCustomerProfit(orders, activities, unitCosts);
}
