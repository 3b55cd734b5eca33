import { bucketOfRank, idOrderOf, rankIndices } from '../ranking';
import type { RfmRecord } from './rfm';

/** Quintile scores 1 (worst) … 5 (best) of one customer. */
export interface RfmScore {
  customerId: string;
  r: number;
  f: number;
  m: number;
}

/**
 * RFM quintile scores (Hughes 1994; Fader, Hardie & Lee 2005, "RFM and CLV", §2), 1 = worst,
 * 5 = best, each dimension scored independently.
 *
 * Tie rule (stable, input-order independent): customers are ranked from worst to best by the value
 * (recency: more days first; frequency and monetary: smaller first), ties broken by customerId in
 * ascending `IdOrder`: numerically when every id is a number ("9" before "10"), else in code-unit
 * order; with 0-based rank k among n customers the score is floor(k · 5 / n) + 1. Equal values
 * can therefore receive adjacent scores; every score holds n/5 customers (±1).
 */
export function scoreRfm(records: readonly RfmRecord[]): RfmScore[] {
  const n = records.length;
  const id = (r: RfmRecord) => r.customerId;
  const order = idOrderOf(records.map(id));
  const scoreBy = (value: (r: RfmRecord) => number, worstFirstDescending: boolean): number[] => {
    const scores = new Array<number>(n).fill(0);
    rankIndices(records, value, id, worstFirstDescending, order).forEach((index, rank) => {
      scores[index] = bucketOfRank(rank, n, 5);
    });
    return scores;
  };
  const r = scoreBy((x) => x.recencyDays, true);
  const f = scoreBy((x) => x.frequency, false);
  const m = scoreBy((x) => x.monetary, false);
  return records.map((rec, i) => ({
    customerId: rec.customerId,
    r: r[i] as number,
    f: f[i] as number,
    m: m[i] as number,
  }));
}
