import { type SelectQueryBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';

/** How many records a list's filters match: exact up to the cap, else `exact: false` and `count` the cap. */
export interface ListCount {
  count: number;
  exact: boolean;
}

/**
 * Counting stops here: past it the list says "over 100,000". Counting a million matches exactly
 * took 380-530 ms (p50; p99 up to ~1 s) on PostgreSQL 15 under row-level security on this shared
 * 2-core machine, over the ~200 ms a list's header is worth; up to 100,001 rows took 19-54 ms
 * without filters (npx tsx src/customers/accounts-list-bench.ts). The count is a request of its
 * own, so the first page of the list never waits for it.
 */
export const COUNT_CAP = 100_000;

/** Counts the rows of a list's query (its filters and read level), reading at most `cap + 1` of them. */
export async function countRows<DB, TB extends keyof DB, O>(
  trx: Tx,
  query: SelectQueryBuilder<DB, TB, O>,
  cap = COUNT_CAP,
): Promise<ListCount> {
  const capped = query
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(cap + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${capped}) s`.execute(trx);
  const n = rows[0]?.n ?? 0;
  return n > cap ? { count: cap, exact: false } : { count: n, exact: true };
}
