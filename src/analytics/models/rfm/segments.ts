import type { RfmScore } from './scores';

/** The default segment names. */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potential_loyalist'
  | 'new'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cannot_lose'
  | 'hibernating'
  | 'lost';

/** A rule: score ranges (inclusive; absent = any) mapped to a segment. The first matching rule wins. */
export interface SegmentRule<S extends string = RfmSegment> {
  segment: S;
  r?: readonly [number, number];
  f?: readonly [number, number];
  m?: readonly [number, number];
}

/**
 * Default R×F segment map (monetary unused), the widely used 5×5 grid of the "RFM segments"
 * practice, with R = 1, F = 1 split off as `lost`. Every (R, F) cell is covered:
 *
 *   R\F      1               2               3               4            5
 *   5   new             potential_l.    potential_l.    champions    champions
 *   4   promising       potential_l.    potential_l.    loyal        loyal
 *   3   about_to_sleep  about_to_sleep  need_attention  loyal        loyal
 *   2   hibernating     hibernating     at_risk         at_risk      cannot_lose
 *   1   lost            hibernating     at_risk         at_risk      cannot_lose
 */
export const DEFAULT_SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: 'champions', r: [5, 5], f: [4, 5] },
  { segment: 'loyal', r: [3, 4], f: [4, 5] },
  { segment: 'potential_loyalist', r: [4, 5], f: [2, 3] },
  { segment: 'new', r: [5, 5], f: [1, 1] },
  { segment: 'promising', r: [4, 4], f: [1, 1] },
  { segment: 'need_attention', r: [3, 3], f: [3, 3] },
  { segment: 'about_to_sleep', r: [3, 3], f: [1, 2] },
  { segment: 'cannot_lose', r: [1, 2], f: [5, 5] },
  { segment: 'at_risk', r: [1, 2], f: [3, 4] },
  { segment: 'lost', r: [1, 1], f: [1, 1] },
  { segment: 'hibernating', r: [1, 2], f: [1, 2] },
];

const within = (v: number, range: readonly [number, number] | undefined): boolean =>
  range === undefined || (v >= range[0] && v <= range[1]);

/** Segment of one score under `rules` (first match), or 'unclassified' when none matches. */
export function classifyRfm<S extends string = RfmSegment>(
  score: RfmScore,
  rules: readonly SegmentRule<S>[] = DEFAULT_SEGMENT_RULES as readonly SegmentRule<S>[],
): S | 'unclassified' {
  for (const rule of rules) {
    if (within(score.r, rule.r) && within(score.f, rule.f) && within(score.m, rule.m)) return rule.segment;
  }
  return 'unclassified';
}

/** Segments of many scores (see `classifyRfm`). */
export function segmentRfm<S extends string = RfmSegment>(
  scores: readonly RfmScore[],
  rules: readonly SegmentRule<S>[] = DEFAULT_SEGMENT_RULES as readonly SegmentRule<S>[],
): { customerId: string; segment: S | 'unclassified' }[] {
  return scores.map((s) => ({ customerId: s.customerId, segment: classifyRfm(s, rules) }));
}
