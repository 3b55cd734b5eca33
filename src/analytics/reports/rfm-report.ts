import { compareIdsIn, computeTopShare, type IdOrder, idOrderOf, rankPositions } from '../models/ranking';
import { computeTopRevenueShare } from '../models/rfm/concentration';
import type { RfmRecord } from '../models/rfm/rfm';
import type { RfmColumns, RfmScoreColumns } from '../models/rfm/rfm-columns';
import { type RfmScore, scoreRfm } from '../models/rfm/scores';
import type { SegmentTable } from '../models/rfm/segment-table';
import { classifyRfm, DEFAULT_SEGMENT_RULES, type SegmentRule } from '../models/rfm/segments';
import { type Page, pageOfBest } from './options';
import { RowTable } from './row-table';

/** One customer's RFM measures, quintile scores and segment. */
export interface RfmCustomer extends RfmRecord {
  name?: string;
  r: number;
  f: number;
  m: number;
  segment: string;
}

/** Size and value of one segment. */
export interface SegmentSummary {
  segment: string;
  customers: number;
  /** customers / all customers */
  share: number;
  revenue: number;
  /** revenue / all revenue (NaN when there is none) */
  revenueShare: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: number;
}

export interface RfmReport {
  asOf: string;
  customers: number;
  revenue: number;
  /** Share of revenue from the top 20% of customers by monetary value. */
  topRevenueShare: number;
  /** Every segment of the map in rule order (empty ones included), then 'unclassified' when used. */
  segments: SegmentSummary[];
  /** grid[r − 1][f − 1]: customers with recency score r and frequency score f. */
  grid: number[][];
  /**
   * How equal values were ranked: by customer id, in numeric order when every id is a number
   * ("9" before "10"), else in text (code-unit) order. The detail lists equal monetary values in
   * the same order.
   */
  tieOrder: IdOrder;
  migration?: SegmentMoves & { from: string; to: string };
  detail: Page<RfmCustomer>;
}

/** An RFM report whose per-customer detail is a table of every customer (file analyses). */
export type RfmTableReport = Omit<RfmReport, 'detail'> & {
  detail: { total: number; page: number; limit: number; items: RowTable<RfmCustomer> };
};

/** The sentence of a tie order, for text output. */
export function describeTieOrder(order: IdOrder): string {
  return order === 'numeric'
    ? 'equal values rank by customer id in numeric order (every id is a number)'
    : 'equal values rank by customer id in text order (code units)';
}

/** The segment map of a report: the default map, or a configured one (`parseSegmentMap`). */
export type SegmentMap = readonly SegmentRule<string>[];

/** Scores (quintiles among `records`, `scoreRfm`: ties by id, see `IdOrder`) and segments every customer with `rules`. */
export function scoreRfmRecords(
  records: readonly RfmRecord[],
  rules: SegmentMap = DEFAULT_SEGMENT_RULES,
): RfmCustomer[] {
  const scores = scoreRfm(records);
  return segmentRfmScores(
    records.map((rec, i) => {
      const s = scores[i] as RfmScore;
      return { ...rec, r: s.r, f: s.f, m: s.m };
    }),
    rules,
  );
}

/** Adds the segment of `rules` (default map; `classifyRfm`, first match) to scored customers. */
export function segmentRfmScores(
  scored: readonly (RfmRecord & RfmScore)[],
  rules: SegmentMap = DEFAULT_SEGMENT_RULES,
): RfmCustomer[] {
  // Explicit fields: object spread with extra properties is slow in V8 for a million objects.
  return scored.map((s) => ({
    customerId: s.customerId,
    recencyDays: s.recencyDays,
    frequency: s.frequency,
    monetary: s.monetary,
    r: s.r,
    f: s.f,
    m: s.m,
    segment: classifyRfm(s, rules),
  }));
}

/**
 * The RFM summary of scored customers: segment sizes and value (the segments of `rules`), the R×F
 * grid, the top-20% revenue share, and one page of customers ordered by monetary value (highest
 * first, ties by id), optionally of one segment.
 */
export function buildRfmReport(
  customers: readonly RfmCustomer[],
  asOf: string,
  paging: { page: number; limit: number },
  segment?: string,
  rules: SegmentMap = DEFAULT_SEGMENT_RULES,
  tieOrder: IdOrder = idOrderOf(customers.map((c) => c.customerId)),
): RfmReport {
  const compareId = compareIdsIn(tieOrder);
  const revenue = customers.reduce((s, r) => s + r.monetary, 0);
  const names = [...new Set([...rules.map((r) => r.segment), 'unclassified'])];
  const bySegment = new Map(names.map((n) => [n, { n: 0, revenue: 0, recency: 0, frequency: 0 }]));
  const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  for (const c of customers) {
    const s = bySegment.get(c.segment) as { n: number; revenue: number; recency: number; frequency: number };
    s.n++;
    s.revenue += c.monetary;
    s.recency += c.recencyDays;
    s.frequency += c.frequency;
    (grid[c.r - 1] as number[])[c.f - 1] = ((grid[c.r - 1] as number[])[c.f - 1] as number) + 1;
  }
  const segments = names
    .filter((n) => n !== 'unclassified' || (bySegment.get(n)?.n ?? 0) > 0)
    .map((n) => {
      const s = bySegment.get(n) as { n: number; revenue: number; recency: number; frequency: number };
      return {
        segment: n,
        customers: s.n,
        share: customers.length === 0 ? 0 : s.n / customers.length,
        revenue: s.revenue,
        revenueShare: revenue === 0 ? Number.NaN : s.revenue / revenue,
        meanRecencyDays: s.n === 0 ? Number.NaN : s.recency / s.n,
        meanFrequency: s.n === 0 ? Number.NaN : s.frequency / s.n,
        meanMonetary: s.n === 0 ? Number.NaN : s.revenue / s.n,
      };
    });
  const listed = segment === undefined ? customers : customers.filter((c) => c.segment === segment);
  return {
    asOf,
    customers: customers.length,
    revenue,
    topRevenueShare: computeTopRevenueShare(customers),
    segments,
    grid,
    tieOrder,
    detail: pageOfBest(
      listed,
      paging,
      (a, b) => b.monetary - a.monetary || compareId(a.customerId, b.customerId),
    ),
  };
}

/**
 * `buildRfmReport` over columns (`computeRfmColumns`, `scoreRfmColumns`, segment indices into
 * `table.names`), with every customer in the detail, as a `RowTable` ordered by monetary value
 * (highest first, ties by id in the scores' order). `ids` are the transactions' customer ids.
 */
export function buildRfmTableReport(
  customerIds: readonly string[],
  rfm: RfmColumns,
  scores: RfmScoreColumns,
  segments: Uint8Array,
  table: SegmentTable,
  asOf: string,
): RfmTableReport {
  const n = rfm.customers.length;
  const names = table.names;
  const bySegment = names.map(() => ({ n: 0, revenue: 0, recency: 0, frequency: 0 }));
  const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  let revenue = 0;
  for (let k = 0; k < n; k++) {
    const monetary = rfm.monetary[k] as number;
    revenue += monetary;
    const s = bySegment[segments[k] as number] as {
      n: number;
      revenue: number;
      recency: number;
      frequency: number;
    };
    s.n++;
    s.revenue += monetary;
    s.recency += rfm.recencyDays[k] as number;
    s.frequency += rfm.frequency[k] as number;
    const row = grid[(scores.r[k] as number) - 1] as number[];
    row[(scores.f[k] as number) - 1] = (row[(scores.f[k] as number) - 1] as number) + 1;
  }
  const summaries = names
    .map((name, i) => ({
      name,
      s: bySegment[i] as { n: number; revenue: number; recency: number; frequency: number },
    }))
    .filter(({ name, s }) => name !== 'unclassified' || s.n > 0)
    .map(({ name, s }) => ({
      segment: name,
      customers: s.n,
      share: n === 0 ? 0 : s.n / n,
      revenue: s.revenue,
      revenueShare: revenue === 0 ? Number.NaN : s.revenue / revenue,
      meanRecencyDays: s.n === 0 ? Number.NaN : s.recency / s.n,
      meanFrequency: s.n === 0 ? Number.NaN : s.frequency / s.n,
      meanMonetary: s.n === 0 ? Number.NaN : s.revenue / s.n,
    }));
  // Detail order: monetary descending, ties by id: ranks of the values listed in id order.
  const byId = new Int32Array(n);
  for (let k = 0; k < n; k++) byId[scores.idRank[k] as number] = k;
  const monetaryById = new Float64Array(n);
  for (let p = 0; p < n; p++) monetaryById[p] = rfm.monetary[byId[p] as number] as number;
  const rank = rankPositions(monetaryById, true);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[rank[p] as number] = byId[p] as number;
  // The columns in row order, gathered once (a writer then reads them in sequence).
  const ids = Array.from(order, (k) => customerIds[rfm.customers[k] as number] as string);
  const gather = <A extends Int32Array | Float64Array | Uint8Array>(values: A, into: A): A => {
    for (let row = 0; row < n; row++) into[row] = values[order[row] as number] as number;
    return into;
  };
  const segmentOf = gather(segments, new Uint8Array(n));
  const items = new RowTable<RfmCustomer>(n, [
    { name: 'customerId', text: (row) => ids[row] as string },
    { name: 'recencyDays', values: gather(rfm.recencyDays, new Int32Array(n)) },
    { name: 'frequency', values: gather(rfm.frequency, new Int32Array(n)) },
    { name: 'monetary', values: gather(rfm.monetary, new Float64Array(n)), computed: true },
    { name: 'r', values: gather(scores.r, new Uint8Array(n)) },
    { name: 'f', values: gather(scores.f, new Uint8Array(n)) },
    { name: 'm', values: gather(scores.m, new Uint8Array(n)) },
    { name: 'segment', text: (row) => names[segmentOf[row] as number] as string },
  ]);
  return {
    asOf,
    customers: n,
    revenue,
    topRevenueShare: computeTopShare(rfm.monetary),
    segments: summaries,
    grid,
    tieOrder: scores.idOrder,
    detail: { total: n, page: 1, limit: n, items },
  };
}

/** Customers moving between segments; the same table as `computeSegmentMigration`. */
export interface SegmentMoves {
  /** 'absent' (no purchase yet at the earlier date), the default segments, 'unclassified'. */
  labels: string[];
  /** counts[i][j]: customers in labels[i] at the earlier date and labels[j] at the later one. */
  counts: number[][];
}

/**
 * Segment migration between two scored populations (each scored among its own customers), counted
 * as `computeSegmentMigration` counts it: every customer of `after`, from its segment in `before`
 * or 'absent'.
 */
export function countSegmentMoves(
  before: readonly RfmCustomer[],
  after: readonly RfmCustomer[],
  rules: SegmentMap = DEFAULT_SEGMENT_RULES,
): SegmentMoves {
  const labels = ['absent', ...new Set(rules.map((r) => r.segment)), 'unclassified'];
  const index = new Map(labels.map((l, i) => [l, i]));
  const earlier = new Map(before.map((c) => [c.customerId, c.segment]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const c of after) {
    const i = index.get(earlier.get(c.customerId) ?? 'absent') as number;
    const j = index.get(c.segment) as number;
    (counts[i] as number[])[j] = ((counts[i] as number[])[j] as number) + 1;
  }
  return { labels, counts };
}
