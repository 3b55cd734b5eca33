import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';
import { type FeedWindow, lineCostsOf, ORDER_DAY, purchasesIn } from './purchases';

/**
 * The per-customer figures of migration 0404 (`customer_purchase_stats`, `customer_channel_stats`):
 * every purchase and inbound contact of the workspace summed per customer, kept up to date by
 * marking the customers each write touches and recomputing only those before an analysis reads
 * them. An analysis over all history up to a day on or after the last purchase and contact reads
 * them instead of aggregating every order and interaction again.
 */

/** The figures cover every order and contact ever recorded. */
const ALL_TIME: FeedWindow = { end: new Date('9999-01-01T00:00:00Z') };

/** Serialises refreshes of one workspace (a second waits, then finds nothing left to do). */
const STATS_LOCK = 7_231_004;

/** When more of the workspace's customers than this are marked, one pass over everything is cheaper. */
const FULL_REBUILD_SHARE = 0.2;

/**
 * Whether `marked` customers are more than the rebuild share of the workspace's people: they are
 * counted only up to the number that settles it, so the check costs no more than the marks do.
 */
async function markedShareExceeds(trx: Tx, workspaceId: string, marked: number): Promise<boolean> {
  const enough = Math.floor(marked / FULL_REBUILD_SHARE) + 1;
  const { rows } = await sql<{ people: number }>`
    select count(*)::int as people
    from (select 1 from people where workspace_id = ${workspaceId} limit ${enough}) as p`.execute(trx);
  return marked > FULL_REBUILD_SHARE * (rows[0]?.people ?? 0);
}

export interface StatsRefresh {
  /** Every customer was recomputed (never built, or most of the workspace marked). */
  full: boolean;
  /** Customers recomputed (marked ones, or all with a purchase or contact on a full rebuild). */
  customers: number;
}

/**
 * Brings the workspace's figures up to date inside the caller's tenant transaction: recomputes the
 * marked customers from their own orders and contacts, or everyone when the figures were never built
 * (or most customers are marked), then clears the marks it read. A mark that a concurrent write moved
 * meanwhile, or that a writer holds, stays for the next refresh. Refreshes of a workspace queue on a
 * lock held until the transaction ends: a caller about to read in several transactions at once
 * refreshes first in a transaction of its own.
 */
export async function refreshCustomerStats(trx: Tx, workspaceId: string): Promise<StatsRefresh> {
  // Up to date: no lock (it would be held until this transaction ends, queueing other readers).
  const { rows: fresh } = await sql<{ fresh: boolean }>`
    select exists (select 1 from customer_stats_built where workspace_id = ${workspaceId})
      and not exists (select 1 from customer_stats_dirty where workspace_id = ${workspaceId}) as fresh`.execute(
    trx,
  );
  if (fresh[0]?.fresh) return { full: false, customers: 0 };
  await sql`select pg_advisory_xact_lock(${STATS_LOCK}, hashtext(${workspaceId}))`.execute(trx);
  const { rows } = await sql<{ built: boolean; marked: number }>`
    select exists (select 1 from customer_stats_built where workspace_id = ${workspaceId}) as built,
      (select count(*)::int from customer_stats_dirty where workspace_id = ${workspaceId}) as marked`.execute(
    trx,
  );
  const state = rows[0] as { built: boolean; marked: number };
  if (state.built && state.marked === 0) return { full: false, customers: 0 };
  const full = !state.built || (await markedShareExceeds(trx, workspaceId, state.marked));

  await sql`drop table if exists pg_temp.stats_batch`.execute(trx);
  await sql`create temp table stats_batch on commit drop as
    select person_id, mark from customer_stats_dirty where workspace_id = ${workspaceId}`.execute(trx);
  const only = full ? null : sql`pg_temp.stats_batch`;
  if (!full) await sql`analyze pg_temp.stats_batch`.execute(trx);
  for (const table of ['customer_purchase_stats', 'customer_channel_stats'])
    await sql`delete from ${sql.table(table)} s where s.workspace_id = ${workspaceId} ${
      only ? sql`and s.person_id in (select person_id from ${only})` : sql``
    }`.execute(trx);
  const purchases = await writePurchaseStats(trx, workspaceId, only);
  await writeChannelStats(trx, workspaceId, only);
  if (full)
    await sql`insert into customer_stats_built (workspace_id, built_at) values (${workspaceId}, now())
      on conflict (workspace_id) do update set built_at = excluded.built_at`.execute(trx);
  // Marks a writer holds are skipped, not waited for: the refresh never waits on a writer.
  await sql`
    delete from customer_stats_dirty d where d.ctid in (
      select d.ctid from customer_stats_dirty d join pg_temp.stats_batch b on b.person_id = d.person_id and b.mark = d.mark
      where d.workspace_id = ${workspaceId}
      for update of d skip locked)`.execute(trx);
  return { full, customers: full ? purchases : state.marked };
}

/** Purchases, revenue, cost of goods and purchase days of the customers (all when `only` is null). */
async function writePurchaseStats(trx: Tx, workspaceId: string, only: RawBuilder<unknown> | null) {
  const purchases = await purchasesIn(trx, workspaceId, ALL_TIME);
  const { numAffectedRows } = await sql`
    insert into customer_purchase_stats (workspace_id, person_id, purchases, revenue, cost_of_goods,
      first_day, last_day, days, first_day_revenue)
    with line_costs as (${lineCostsOf(workspaceId, ALL_TIME)}),
    purchase_days as (
      select o.person_id, ${ORDER_DAY} as day, count(*) as orders, sum(o.amount) as amount,
        sum(coalesce(o.cost_total, lc.cost, 0)) as cost_of_goods
      from ${purchases} o
      left join line_costs lc on lc.order_id = o.id
      ${only ? sql`where o.person_id in (select person_id from ${only})` : sql``}
      group by o.person_id, ${ORDER_DAY}
    ),
    marked as (
      select d.*, min(d.day) over (partition by d.person_id) as first_day from purchase_days d
    )
    select ${workspaceId}::uuid, person_id, sum(orders), sum(amount), sum(cost_of_goods),
      min(day), max(day), count(*), sum(amount) filter (where day = first_day)
    from marked
    group by person_id`.execute(trx);
  return Number(numAffectedRows ?? 0);
}

/** Inbound contacts and purchases per customer and channel (all customers when `only` is null). */
async function writeChannelStats(trx: Tx, workspaceId: string, only: RawBuilder<unknown> | null) {
  const purchases = await purchasesIn(trx, workspaceId, ALL_TIME);
  const mine = (column: RawBuilder<unknown>) =>
    only ? sql`and ${column} in (select person_id from ${only})` : sql``;
  await sql`
    insert into customer_channel_stats (workspace_id, person_id, channel, contacts, purchases, last_contact_at)
    select ${workspaceId}::uuid, t.person_id, t.channel, count(*) filter (where t.contact),
      count(*) filter (where not t.contact), max(t.at)
    from (
      select i.person_id, i.channel, true as contact, i.occurred_at as at from interactions i
      where i.workspace_id = ${workspaceId} and i.person_id is not null and i.direction = 'inbound'
        ${mine(sql`i.person_id`)}
      union all
      select o.person_id, o.channel, false, null from ${purchases} o where true ${mine(sql`o.person_id`)}
    ) t
    group by t.person_id, t.channel`.execute(trx);
}

/**
 * Whether an analysis over `window` can read the figures (refreshed first): it counts all history
 * (no start) and nothing it must leave out was recorded on or after its end: no order, and, when it
 * counts contacts, no inbound interaction (they may be dated up to a day ahead).
 */
export async function statsCover(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
  contacts: boolean,
): Promise<boolean> {
  if (window.from !== undefined) return false;
  await refreshCustomerStats(trx, workspaceId);
  const { rows } = await sql<{ later: boolean }>`
    select exists (select 1 from orders o where o.workspace_id = ${workspaceId} and o.ordered_at >= ${window.end})
      or (${contacts} and exists (
        select 1 from customer_channel_stats c
        where c.workspace_id = ${workspaceId} and c.last_contact_at >= ${window.end})) as later`.execute(trx);
  return rows[0]?.later === false;
}

/**
 * The figures as per-customer purchase measures as of a day, a derived table with the columns of
 * the scanning feeds: person_id, recency_days, frequency, monetary, cost_of_goods, and the BG/NBD
 * history x, tx, "T" (weeks) and monetary_value (mean revenue of the repeat purchase days).
 */
export function purchaseMeasures(workspaceId: string, endDay: string): RawBuilder<unknown> {
  return sql`(
    select s.person_id, (${endDay}::date - s.last_day)::int as recency_days, s.purchases as frequency,
      s.revenue as monetary, s.cost_of_goods, (s.days - 1) as x,
      (s.last_day - s.first_day) / 7.0::float8 as tx, (${endDay}::date - s.first_day) / 7.0::float8 as "T",
      coalesce((s.revenue - s.first_day_revenue) / nullif(s.days - 1, 0), 0)::float8 as monetary_value
    from customer_purchase_stats s where s.workspace_id = ${workspaceId}
  )`;
}

/** Touches per customer and channel from the figures, as (person_id, channel, n) rows of the source. */
export function channelTouchCounts(
  workspaceId: string,
  source: 'all' | 'interactions' | 'orders',
): RawBuilder<unknown> {
  const n =
    source === 'all'
      ? sql`c.contacts + c.purchases`
      : source === 'interactions'
        ? sql`c.contacts`
        : sql`c.purchases`;
  return sql`(
    select c.person_id, c.channel, ${n} as n from customer_channel_stats c
    where c.workspace_id = ${workspaceId} and ${n} > 0
  )`;
}
