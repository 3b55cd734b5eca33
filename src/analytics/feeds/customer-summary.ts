import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { serviceCostsOf } from './profit';
import { historyColumns, lineCostsOf, ORDER_DAY, purchasesIn } from './purchases';
import type { RfmRecord } from '../models/rfm/rfm';
import type { RfmScore } from '../models/rfm/scores';
import { bucketsByValue } from '../models/ranking';
import { withRfmScores } from './rfm';
import { purchaseMeasures, statsCover } from './stats';

/** Everything the score recompute needs about one customer's purchases and costs, in one row. */
export interface CustomerSummaryRow {
  customerId: string;
  /** Null (with frequency, monetary, r, f, m and the history) for a customer with costs but no purchase. */
  recencyDays: number | null;
  frequency: number | null;
  monetary: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  /** Revenue − cost of goods − cost to serve. */
  profit: number;
  profitDecile: number;
  /** The BG/NBD history: purchase days − 1, t_x and T in weeks, mean repeat-day spend. */
  x: number | null;
  tx: number | null;
  T: number | null;
  monetaryValue: number | null;
}

/**
 * Everything the score recompute needs per customer, in customer id order: the kept per-customer
 * figures (or, for a window they do not cover, one pass over the purchases, summed per customer and
 * UTC day, then per customer) with the cost events. The numbers are those of `readRfmScores`
 * (recency, frequency, monetary, quintile scores with its tie rule), `readOrderCosts` with the cost
 * events (profit, ranked highest first, ties by id, into deciles floor(rank · 10 / n) + 1 like
 * `assignProfitDeciles`) and `readPurchaseHistories` (x, t_x, T in weeks, monetary value).
 */
export async function readCustomerSummaries(
  trx: Tx,
  workspaceId: string,
  asOf: { end: Date; endDay: string },
): Promise<CustomerSummaryRow[]> {
  const window = { end: asOf.end };
  const buyers = (await statsCover(trx, workspaceId, window, false))
    ? sql`select person_id, recency_days, frequency, monetary, cost_of_goods, x, tx, "T", monetary_value
        from ${purchaseMeasures(workspaceId, asOf.endDay)} s`
    : sql`with purchase_days as (
          select o.person_id, ${ORDER_DAY} as day, count(*) as orders, sum(o.amount) as amount,
            sum(coalesce(o.cost_total, lc.cost, 0)) as cost_of_goods
          from ${await purchasesIn(trx, workspaceId, window)} o
          left join (${lineCostsOf(workspaceId, window)}) lc on lc.order_id = o.id
          group by o.person_id, ${ORDER_DAY}
        ),
        marked as (
          select d.*, min(d.day) over (partition by d.person_id) as first_day from purchase_days d
        )
        select person_id,
          (${asOf.endDay}::date - max(day))::int as recency_days,
          sum(orders)::int as frequency,
          sum(amount) as monetary,
          sum(cost_of_goods) as cost_of_goods,
          ${historyColumns(asOf.endDay)}
        from marked
        group by person_id`;
  const serviceCosts = await serviceCostsOf(trx, workspaceId, window);
  const { rows } = await sql<Omit<CustomerSummaryRow, 'r' | 'f' | 'm' | 'profitDecile'>>`
    with buyers as (${buyers}),
    service as (${serviceCosts})
    select coalesce(b.person_id, v.person_id) as "customerId", b.recency_days as "recencyDays", b.frequency,
      b.monetary::float8 as monetary,
      (coalesce(b.monetary, 0) - coalesce(b.cost_of_goods, 0) - coalesce(v.cost, 0))::float8 as profit,
      b.x, b.tx, b."T", b.monetary_value as "monetaryValue"
    from buyers b
    full join service v on v.person_id = b.person_id
    order by 1`.execute(trx);
  return withRanks(rows);
}

/**
 * The RFM quintiles of the buyers and the profit decile of everyone (highest profit first, ties by
 * id, floor(rank · 10 / n) + 1 like `assignProfitDeciles`), for rows in id order.
 */
function withRanks(rows: readonly Omit<CustomerSummaryRow, 'r' | 'f' | 'm' | 'profitDecile'>[]) {
  const buyers = rows.filter((r) => r.frequency !== null) as RfmRecord[];
  const scored = withRfmScores(buyers);
  let next = 0;
  const deciles = bucketsByValue(
    Float64Array.from(rows, (r) => r.profit),
    10,
    true,
  );
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r, i): CustomerSummaryRow => {
    // The buyers are the rows with a frequency, in the same order.
    const score: RfmScore | undefined = r.frequency === null ? undefined : scored[next++];
    return {
      customerId: r.customerId,
      recencyDays: r.recencyDays,
      frequency: r.frequency,
      monetary: r.monetary,
      r: score?.r ?? null,
      f: score?.f ?? null,
      m: score?.m ?? null,
      profit: r.profit,
      profitDecile: deciles[i] as number,
      x: r.x,
      tx: r.tx,
      T: r.T,
      monetaryValue: r.monetaryValue,
    };
  });
}
