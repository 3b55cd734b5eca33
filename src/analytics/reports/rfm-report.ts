import { computeTopRevenueShare } from '../models/rfm/concentration';
import type { RfmRecord } from '../models/rfm/rfm';
import { type RfmScore, scoreRfm } from '../models/rfm/scores';
import { classifyRfm, DEFAULT_SEGMENT_RULES, type SegmentRule } from '../models/rfm/segments';
import { type Page, pageOfBest } from './options';

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
  migration?: SegmentMoves & { from: string; to: string };
  detail: Page<RfmCustomer>;
}

/** The segment map of a report: the default map, or a configured one (`parseSegmentMap`). */
export type SegmentMap = readonly SegmentRule<string>[];

/** Scores (quintiles among `records`, `scoreRfm`) and segments every customer with `rules`. */
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
): RfmReport {
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
    detail: pageOfBest(
      listed,
      paging,
      (a, b) => b.monetary - a.monetary || compareIds(a.customerId, b.customerId),
    ),
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

/** Code-unit order of ids, the tie rule of the pure analytics. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
