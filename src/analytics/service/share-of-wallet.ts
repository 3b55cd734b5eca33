import type { Db } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, invalid, type Principal } from '../../platform/index';
import {
  computeAggregateShareOfWallet,
  computeShareOfWallet,
  type WalletShare,
} from '../models/channels/share-of-wallet';
import { readWalletRows } from '../feeds/wallet';
import { attachNames } from './names';
import { type Page, type PageOptions, pageOf, readDay, readPage, requireBefore } from '../reports/options';

export interface WalletOptions extends PageOptions {
  /** Last day (YYYY-MM-DD, UTC) of our spend; default today. */
  asOf?: string;
  /** First day of our spend; default 365 days before asOf (category spend is taken as yearly). */
  from?: string;
  /** The person attribute holding the customer's total category spend; default category_spend. */
  attribute?: string;
}

export interface WalletCustomer extends WalletShare {
  name?: string;
  ourSpend: number;
  categorySpend: number;
}

export interface WalletReport {
  asOf: string;
  from: string;
  attribute: string;
  /** People whose category spend is known. */
  customers: number;
  /** Σ our spend / Σ wallet (spend-weighted share). */
  aggregateShare: number;
  /** Customers whose stated category spend was below our spend (share capped at 1). */
  capped: number;
  /** Customers per share band [from, to), the last band including 1. */
  bands: { from: number; to: number; customers: number }[];
  /** Customers by wallet size, largest first (ties by id). */
  detail: Page<WalletCustomer>;
}

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Share of wallet over the caller's workspace: for every person whose total category spend is
 * known (a numeric custom attribute, `category_spend` by default), our spend over [from, asOf]
 * divided by it (capped at 1 when the stated figure is too low), and the spend-weighted aggregate.
 */
export async function analyzeShareOfWallet(
  db: Db,
  actor: Principal,
  options: WalletOptions = {},
): Promise<WalletReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const from = readDay('from', options.from, new Date(asOf.date.getTime() - 364 * 86_400_000));
  requireBefore('from', from, 'asOf', asOf);
  const attribute = options.attribute ?? 'category_spend';
  if (!ATTRIBUTE.test(attribute))
    throw invalid('attribute', 'attribute must be an attribute name like category_spend');
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const rows = await readWalletRows(trx, ws, { end: asOf.end, from: from.date }, attribute);
    const shares = computeShareOfWallet(rows);
    const bands = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, customers: 0 }));
    const customers = rows.map((r, i) => {
      const s = shares[i] as WalletShare;
      if (Number.isFinite(s.share))
        (bands[Math.min(9, Math.floor(s.share * 10))] as (typeof bands)[number]).customers++;
      return {
        customerId: s.customerId,
        share: s.share,
        capped: s.capped,
        ourSpend: r.ourSpend,
        categorySpend: r.categorySpend,
      };
    });
    const wallet = (c: WalletCustomer) => Math.max(c.categorySpend, c.ourSpend);
    customers.sort(
      (a, b) =>
        wallet(b) - wallet(a) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
    const detail = pageOf<WalletCustomer>(customers, paging);
    await attachNames(trx, ws, detail.items);
    return {
      asOf: asOf.iso,
      from: from.iso,
      attribute,
      customers: rows.length,
      aggregateShare: computeAggregateShareOfWallet(rows),
      capped: shares.filter((s) => s.capped).length,
      bands,
      detail,
    };
  });
}
