import { sql } from 'kysely';
import type { Tx } from '../../db/tenant';
import type { ChannelEvent } from '../channels/preference';
import { type FeedWindow, purchasesIn } from './purchases';

/** Which touches reveal a channel preference. */
export type ChannelSource = 'all' | 'interactions' | 'orders';

/**
 * Touches per customer and channel in the window, counted in the database: inbound interactions
 * (contacts the customer chose to make; outbound sends say nothing about the customer's choice)
 * and purchases, or only one of the two. Each row is a `ChannelEvent` whose amount is the count.
 */
export async function readChannelEvents(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
  source: ChannelSource,
): Promise<ChannelEvent[]> {
  const touches = await channelTouches(trx, workspaceId, window, source);
  const { rows } = await sql<ChannelEvent>`
    select t.person_id as "customerId", t.channel, count(*)::int as amount
    from (${touches}) t
    group by t.person_id, t.channel`.execute(trx);
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r) => ({ customerId: r.customerId, channel: r.channel, amount: r.amount }));
}

/** The (person_id, channel) touches of the source in the window. */
async function channelTouches(trx: Tx, workspaceId: string, window: FeedWindow, source: ChannelSource) {
  const from = window.from === undefined ? sql`` : sql`and i.occurred_at >= ${window.from}`;
  const contacts = sql`
    select i.person_id, i.channel from interactions i
    where i.workspace_id = ${workspaceId} and i.person_id is not null and i.direction = 'inbound'
      and i.occurred_at < ${window.end} ${from}`;
  if (source === 'interactions') return contacts;
  const purchases = sql`select o.person_id, o.channel from ${await purchasesIn(trx, workspaceId, window)} o`;
  return source === 'orders' ? purchases : sql`${contacts} union all ${purchases}`;
}

/**
 * Each customer's preferred channel computed in the database, exactly as
 * `computeChannelPreferences(readChannelEvents(...), priorStrength)` picks it: the channel with the
 * largest smoothed share (n_ic + k·p_c) / (n_i + k), ties to the larger population share p_c, then
 * to the alphabetically first channel. Channels a customer never used compete with their prior
 * share alone, so only the most popular one of them can win. For scoring every customer without
 * shipping millions of (customer, channel) rows to Node.
 */
export async function readPreferredChannels(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
  source: ChannelSource,
  priorStrength: number,
): Promise<Map<string, string>> {
  const events = await channelTouches(trx, workspaceId, window, source);
  const k = priorStrength;
  const { rows } = await sql<{ customerId: string; channel: string }>`
    with counts as (
      select t.person_id, t.channel, count(*)::float8 as n from (${events}) t group by t.person_id, t.channel
    ),
    population as (
      select channel, sum(n) / (select sum(n) from counts) as p from counts group by channel
    ),
    customers as (
      select person_id, sum(n) as total from counts group by person_id
    ),
    unused as (
      select channel, p from population order by p desc, channel collate "C" limit 1
    ),
    candidates as (
      select c.person_id, c.channel, (c.n + ${k}::float8 * p.p) / (u.total + ${k}::float8) as smoothed, p.p
      from counts c
      join population p on p.channel = c.channel
      join customers u on u.person_id = c.person_id
      union all
      select u.person_id, f.channel, (0 + ${k}::float8 * f.p) / (u.total + ${k}::float8), f.p
      from customers u cross join unused f
    )
    select distinct on (person_id) person_id as "customerId", channel
    from candidates
    order by person_id, smoothed desc, p desc, channel collate "C"`.execute(trx);
  return new Map(rows.map((r) => [r.customerId, r.channel]));
}
