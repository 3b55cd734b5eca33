import type { Transaction } from '../clv/summary';
import { InputError } from '../input-error';
import { computeRfm } from './rfm';
import { scoreRfm } from './scores';
import { DEFAULT_SEGMENT_RULES, type RfmSegment, type SegmentRule, segmentRfm } from './segments';

/** Counts of customers moving from a segment at `from` (rows) to a segment at `to` (columns). */
export interface SegmentMigration {
  /** Row and column labels: 'absent' (no purchase yet at that date), then the rule segments in order, then 'unclassified'. */
  labels: string[];
  /** counts[i][j]: customers in labels[i] at `from` and labels[j] at `to`. */
  counts: number[][];
}

/**
 * Segment migration matrix between two dates: RFM is computed and scored separately as of each date
 * (quintiles among the customers known then), each customer is classified with `rules`, and the
 * pairs are counted. Customers first seen after `from` come from 'absent'.
 */
export function computeSegmentMigration<S extends string = RfmSegment>(
  transactions: readonly Transaction[],
  from: Date,
  to: Date,
  rules: readonly SegmentRule<S>[] = DEFAULT_SEGMENT_RULES as readonly SegmentRule<S>[],
): SegmentMigration {
  if (!(to.getTime() > from.getTime())) throw new InputError('`to` must be after `from`', { field: 'to' });
  const at = (date: Date) =>
    new Map(
      segmentRfm(scoreRfm(computeRfm(transactions, date)), rules).map((s) => [s.customerId, s.segment]),
    );
  const before = at(from);
  const after = at(to);
  const labels = ['absent', ...new Set(rules.map((r) => r.segment as string)), 'unclassified'];
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const [customerId, segment] of after) {
    const i = index.get(before.get(customerId) ?? 'absent') as number;
    const j = index.get(segment) as number;
    (counts[i] as number[])[j] = ((counts[i] as number[])[j] as number) + 1;
  }
  return { labels, counts };
}
