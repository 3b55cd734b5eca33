import type { RfmScoreColumns } from './rfm-columns';
import { classifyRfm, type SegmentRule } from './segments';

/** Segments of a score map by score: `names` in rule order then 'unclassified', and a lookup. */
export interface SegmentTable {
  readonly names: readonly string[];
  /** Index into `names` of the segment of (r, f, m): at (r − 1)·25 + (f − 1)·5 + (m − 1). */
  readonly byScore: Uint8Array;
}

/** `classifyRfm` of every score (r, f, m in 1 … 5) once, for lookups. */
export function segmentTable(rules: readonly SegmentRule<string>[]): SegmentTable {
  const names = [...new Set(rules.map((r) => r.segment)), 'unclassified'];
  const index = new Map(names.map((name, i) => [name, i]));
  const byScore = new Uint8Array(125);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++)
        byScore[(r - 1) * 25 + (f - 1) * 5 + (m - 1)] = index.get(
          classifyRfm({ customerId: '', r, f, m }, rules),
        ) as number;
  return { names, byScore };
}

/** The segment index (into `table.names`) of every scored customer. */
export function segmentScores(scores: RfmScoreColumns, table: SegmentTable): Uint8Array {
  const n = scores.r.length;
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    out[k] = table.byScore[
      ((scores.r[k] as number) - 1) * 25 + ((scores.f[k] as number) - 1) * 5 + ((scores.m[k] as number) - 1)
    ] as number;
  }
  return out;
}
