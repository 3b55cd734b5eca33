import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { type FeedWindow, purchasesIn } from './purchases';

/** One cell of the acquisition cohort table. */
export interface CohortCell {
  /** Month index (year · 12 + month − 1) of the cohort's first purchase. */
  cohort: number;
  /** Months since the cohort month. */
  offset: number;
  /** Cohort customers who purchased in that month. */
  active: number;
  /** Their purchases' total in that month. */
  revenue: number;
}

/**
 * The monthly acquisition cohort table aggregated in the database, as `computeAcquisitionCohorts`
 * builds it from transactions: customers grouped by the UTC month of their first purchase in the
 * window; for each later month, how many of them purchased and for how much. Cells with no
 * active customer are absent; the cohort size is the cell at offset 0.
 */
export async function readCohortCells(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
): Promise<CohortCell[]> {
  const purchases = await purchasesIn(trx, workspaceId, window);
  const { rows } = await sql<CohortCell>`
    with purchase_months as (
      select o.person_id,
        (extract(year from o.ordered_at at time zone 'UTC') * 12
          + extract(month from o.ordered_at at time zone 'UTC') - 1)::int as month,
        sum(o.amount) as revenue
      from ${purchases} o
      group by 1, 2
    ),
    firsts as (
      select person_id, min(month) as cohort from purchase_months group by person_id
    )
    select f.cohort, p.month - f.cohort as "offset", count(*)::int as active, sum(p.revenue)::float8 as revenue
    from purchase_months p
    join firsts f on f.person_id = p.person_id
    group by f.cohort, p.month - f.cohort
    order by 1, 2`.execute(trx);
  return rows;
}
