import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { OrderCost, ServiceActivity } from '../models/profitability/customer-profit';
import { type FeedWindow, hasTable, lineCostsOf, purchasesIn } from './purchases';
import { statsCover } from './stats';

/**
 * Revenue (net of refunds) and cost of goods per customer over the window's purchases (see
 * `purchasesIn`; the goods of a partly returned order count in full), one row for every customer
 * with a purchase or a cost event, ordered by profit (highest first, ties by id) so the rankings
 * of the profitability functions find their input already sorted. Cost of goods is the order's
 * `cost_total`, or, where that is missing, Σ quantity × unit cost of its lines (the line's unit
 * cost, else the product's, else 0).
 */
export async function readOrderCosts(trx: Tx, workspaceId: string, window: FeedWindow): Promise<OrderCost[]> {
  const sales = (await statsCover(trx, workspaceId, window, false))
    ? sql`select s.person_id, s.revenue, s.cost_of_goods from customer_purchase_stats s
        where s.workspace_id = ${workspaceId}`
    : sql`select o.person_id, sum(o.amount) as revenue, sum(coalesce(o.cost_total, lc.cost, 0)) as cost_of_goods
        from ${await purchasesIn(trx, workspaceId, window)} o
        left join (${lineCostsOf(workspaceId, window)}) lc on lc.order_id = o.id
        group by o.person_id`;
  const costs = await serviceCostsOf(trx, workspaceId, window);
  const { rows } = await sql<OrderCost>`
    with sales as (${sales}),
    service as (${costs})
    select coalesce(s.person_id, v.person_id) as "customerId",
      coalesce(s.revenue, 0)::float8 as revenue,
      coalesce(s.cost_of_goods, 0)::float8 as "costOfGoods"
    from sales s
    full join service v on v.person_id = s.person_id
    order by coalesce(s.revenue, 0) - coalesce(s.cost_of_goods, 0) - coalesce(v.cost, 0) desc, 1`.execute(
    trx,
  );
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r) => ({ customerId: r.customerId, revenue: r.revenue, costOfGoods: r.costOfGoods }));
}

/**
 * Cost to serve per customer and activity over the window, from the cost events the sales and
 * accounting sections record (`cost_events`: activity, amount, person_id, occurred_at). Each
 * activity's `quantity` is its amount in currency, so its unit cost is 1. Empty while the
 * database has no cost events table.
 */
export async function readServiceActivities(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
): Promise<ServiceActivity[]> {
  if (!(await hasTable(trx, 'cost_events'))) return [];
  const { rows } = await sql<ServiceActivity>`
    select c.person_id as "customerId", c.activity, sum(c.amount)::float8 as quantity
    from ${costEventsIn(workspaceId, window)} c
    group by c.person_id, c.activity`.execute(trx);
  return rows.map((r) => ({ customerId: r.customerId, activity: r.activity, quantity: r.quantity }));
}

/** Cost to serve per customer over the window as (person_id, cost); no rows without cost events. */
export async function serviceCostsOf(trx: Tx, workspaceId: string, window: FeedWindow) {
  return (await hasTable(trx, 'cost_events'))
    ? sql`select c.person_id, sum(c.amount) as cost from ${costEventsIn(workspaceId, window)} c group by c.person_id`
    : sql`select null::uuid as person_id, 0::numeric as cost where false`;
}

function costEventsIn(workspaceId: string, window: FeedWindow) {
  const from = window.from === undefined ? sql`` : sql`and c.occurred_at >= ${window.from}`;
  return sql`(
    select c.person_id, c.activity, c.amount from cost_events c
    where c.workspace_id = ${workspaceId} and c.person_id is not null
      and c.occurred_at < ${window.end} ${from}
  )`;
}
