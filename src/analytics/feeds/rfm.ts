import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/tenant';
import type { RfmRecord } from '../rfm/rfm';
import type { RfmScore } from '../rfm/scores';
import { type FeedWindow, purchasesIn } from './purchases';
import { purchaseMeasures, statsCover } from './stats';

/**
 * The r, f and m quintile columns over the rows of `from` (a relation of the same query with
 * person_id, recency_days, frequency and monetary): worst to best, ties by id, score =
 * floor(rank · 5 / n) + 1 with a 0-based rank. n is counted once rather than by `count(*) over ()`,
 * which would keep every row of each of the three windows in memory until the last one is read.
 */
export function rfmQuintiles(from: RawBuilder<unknown>): RawBuilder<unknown> {
  const n = sql`(select count(*) from ${from})`;
  return sql`
  ((row_number() over (order by recency_days desc, person_id) - 1) * 5 / ${n})::int + 1 as r,
  ((row_number() over (order by frequency, person_id) - 1) * 5 / ${n})::int + 1 as f,
  ((row_number() over (order by monetary::float8, person_id) - 1) * 5 / ${n})::int + 1 as m`;
}

/**
 * Recency (whole UTC days from the last purchase to the as-of day), frequency (purchases) and
 * monetary value (their net amounts) of every customer with a purchase in the window, with the
 * RFM quintile scores, computed in the database: the numbers of `computeRfm` and `scoreRfm` over
 * the workspace's purchases.
 *
 * The scores follow `scoreRfm`'s stated tie rule exactly: customers ranked worst to best (recency:
 * more days first; frequency, monetary: smaller first), ties by id ascending (uuid order is the
 * code-unit order of their lower-case text), score = floor(rank · 5 / n) + 1 with a 0-based rank.
 * Ranking here rather than in `scoreRfm` matters at scale: three window sorts take about a second
 * for a million customers, where sorting a million objects in Node takes over ten. Over all history
 * up to a day after the last purchase, the measures come from the kept per-customer figures.
 */
export async function readRfmScores(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow & { asOfDay: string },
): Promise<(RfmRecord & RfmScore)[]> {
  const measures = (await statsCover(trx, workspaceId, window, false))
    ? sql`select person_id, recency_days, frequency, monetary::float8 as monetary
        from ${purchaseMeasures(workspaceId, window.asOfDay)} s`
    : sql`select o.person_id,
          (${window.asOfDay}::date - (max(o.ordered_at) at time zone 'UTC')::date)::int as recency_days,
          count(*)::int as frequency,
          sum(o.amount)::float8 as monetary
        from ${await purchasesIn(trx, workspaceId, window)} o
        group by o.person_id`;
  const { rows } = await sql<RfmRecord & RfmScore>`
    with measures as (${measures})
    select person_id as "customerId", recency_days as "recencyDays", frequency, monetary,
      ${rfmQuintiles(sql`measures`)}
    from measures`.execute(trx);
  // Fresh objects: node-postgres rows are slow to copy and spread (dictionary-mode objects).
  return rows.map((r) => ({
    customerId: r.customerId,
    recencyDays: r.recencyDays,
    frequency: r.frequency,
    monetary: r.monetary,
    r: r.r,
    f: r.f,
    m: r.m,
  }));
}
