import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';

/** Time window of a feed: [from, end), `end` being midnight after the as-of day. */
export interface FeedWindow {
  readonly end: Date;
  readonly from?: Date | undefined;
}

/**
 * The workspace's purchases in the window, as a derived table with the columns
 * (workspace_id, id, person_id, ordered_at, channel, amount, cost_total), to be aliased `o`.
 *
 * A purchase is an order placed or fulfilled, or returned with part of it kept. Its `amount` is
 * the order total less the refunds recorded for it (`order_returns`); a returned order without
 * recorded refunds counts as refunded in full, so it is no purchase. Cancelled orders never
 * happened.
 */
export async function purchasesIn(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
): Promise<RawBuilder<unknown>> {
  const from = window.from === undefined ? sql`` : sql`and o.ordered_at >= ${window.from}`;
  const refunds = (await hasTable(trx, 'order_returns'))
    ? sql`left join (
        select r.order_id, sum(r.amount) as refunded from order_returns r
        where r.workspace_id = ${workspaceId} group by r.order_id
      ) r on r.order_id = o.id`
    : sql`left join (select null::uuid as order_id, null::numeric as refunded) r on false`;
  return sql`(
    select o.workspace_id, o.id, o.person_id, o.ordered_at, o.channel, o.cost_total,
      o.total - coalesce(r.refunded, case when o.status = 'returned' then o.total else 0 end) as amount
    from orders o ${refunds}
    where o.workspace_id = ${workspaceId} and o.ordered_at < ${window.end} ${from}
      and (o.status in ('placed', 'fulfilled')
        or (o.status = 'returned' and o.total - coalesce(r.refunded, o.total) > 0))
  )`;
}

/** The UTC calendar day of a purchase (the analyses count time in UTC days). */
export const ORDER_DAY = sql`(o.ordered_at at time zone 'UTC')::date`;

/** Whether a table of that name exists (a slice's migration may not have landed everywhere). */
export async function hasTable(trx: Tx, table: string): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass(${table}) is not null as present`.execute(trx);
  return rows[0]?.present === true;
}

/**
 * Cost of goods from the lines, only for orders without a cost total, as (order_id, cost) (a
 * join, not a correlated subquery: its per-row cost estimate would steer the planner off a hash
 * aggregate). Σ quantity × unit cost: the line's, else the product's, else 0.
 */
export function lineCostsOf(workspaceId: string, window: FeedWindow): RawBuilder<unknown> {
  return sql`
    select l.order_id, sum(l.quantity * coalesce(l.unit_cost, p.unit_cost, 0)) as cost
    from orders u
    join order_lines l on l.workspace_id = u.workspace_id and l.order_id = u.id
    left join products p on p.workspace_id = l.workspace_id and p.id = l.product_id
    where u.workspace_id = ${workspaceId} and u.cost_total is null and u.ordered_at < ${window.end}
    group by l.order_id`;
}

/**
 * x (purchase days - 1), t_x and T in weeks up to `endDay`, and the mean total of the repeat purchase
 * days, over rows (person_id, day, amount, first_day) grouped by person: a purchase history as
 * `summarizeTransactions` builds it with unit 'week' and grouping 'day'.
 */
export function historyColumns(endDay: string): RawBuilder<unknown> {
  return sql`(count(*) - 1)::int as x,
    (max(day) - min(day)) / 7.0::float8 as tx,
    (${endDay}::date - min(day)) / 7.0::float8 as "T",
    coalesce(sum(amount) filter (where day > first_day) / nullif(count(*) - 1, 0), 0)::float8 as monetary_value`;
}
