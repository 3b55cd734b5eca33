import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { ChannelEvent } from '../models/channels/preference';
import { type FeedWindow, purchasesIn } from './purchases';
import { channelTouchCounts, statsCover } from './stats';

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
  const counts = await touchCounts(trx, workspaceId, window, source);
  const { rows } = await sql<ChannelEvent>`
    select t.person_id as "customerId", t.channel, t.n::int as amount from ${counts} t`.execute(trx);
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r) => ({ customerId: r.customerId, channel: r.channel, amount: r.amount }));
}

/**
 * Touches per customer and channel in the window, as (person_id, channel, n): from the kept
 * per-customer figures when they cover the window, else counted over the touches.
 */
async function touchCounts(trx: Tx, workspaceId: string, window: FeedWindow, source: ChannelSource) {
  if (await statsCover(trx, workspaceId, window, source !== 'orders'))
    return channelTouchCounts(workspaceId, source);
  const touches = await channelTouches(trx, workspaceId, window, source);
  return sql`(select t.person_id, t.channel, count(*) as n from (${touches}) t group by t.person_id, t.channel)`;
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
 * Each customer's preferred channel computed in the database, as
 * `computeChannelPreferences(readChannelEvents(...), priorStrength)` picks it: the channel with the
 * largest smoothed share (n_ic + k·p_c) / (n_i + k), ties to the larger population share p_c, then
 * to the alphabetically first channel. For scoring every customer without shipping millions of
 * (customer, channel) rows to Node.
 *
 * The denominator is the same for all of a customer's channels, so the largest numerator n_ic + k·p_c
 * wins; each customer's best is a plain `max` of the array [n_ic + k·p_c, p_c, −rank of c] (arrays
 * compare element by element), an aggregate the database hashes, with no sort of the counts.
 * Channels a customer never used compete with their prior k·p_c alone, so only the most popular of
 * them can win.
 */
export async function readPreferredChannels(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
  source: ChannelSource,
  priorStrength: number,
): Promise<Map<string, string>> {
  const touches = await touchCounts(trx, workspaceId, window, source);
  const k = sql`${priorStrength}::float8`;
  const { rows } = await sql<{ customerId: string; channel: string }>`
    with counts as materialized (
      select t.person_id, t.channel, t.n::float8 as n from ${touches} t
    ),
    population as materialized (
      select channel, sum(n) / (select sum(n) from counts) as p,
        row_number() over (order by channel collate "C")::float8 as rank
      from counts group by channel
    ),
    unused as (
      select array[${k} * p, p, -rank] as key from population order by p desc, channel collate "C" limit 1
    ),
    best as (
      select c.person_id, max(array[c.n + ${k} * p.p, p.p, -p.rank]) as key
      from counts c join population p on p.channel = c.channel
      group by c.person_id
    )
    select b.person_id as "customerId", p.channel
    from best b cross join unused u
    join population p on p.rank = -(greatest(b.key, u.key))[3]`.execute(trx);
  return new Map(rows.map((r) => [r.customerId, r.channel]));
}
