import type { Db } from '../../db/connection';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import { readRfmScores } from '../feeds/rfm';
import { DEFAULT_SEGMENT_RULES } from '../rfm/segments';
import { attachNames } from './names';
import { type PageOptions, readChoice, readDay, readPage, requireBefore } from './options';
import { buildRfmReport, countSegmentMoves, type RfmReport, segmentRfmScores } from './rfm-report';

export interface RfmOptions extends PageOptions {
  /** Day (YYYY-MM-DD, UTC) the measures are taken at; default today. */
  asOf?: string;
  /** An earlier day: adds the segment migration matrix from that day to `asOf`. */
  compareTo?: string;
  /** Lists only the customers of this segment. */
  segment?: string;
}

export const SEGMENT_NAMES = [...DEFAULT_SEGMENT_RULES.map((r) => r.segment as string), 'unclassified'];

/**
 * RFM over the caller's workspace: recency, frequency and monetary value of every customer's
 * purchases up to `asOf`, quintile scores, default segments, the top-20% revenue share, the R×F
 * grid, optionally the migration from `compareTo`, and one page of customers.
 */
export async function analyzeRfm(db: Db, actor: Principal, options: RfmOptions = {}): Promise<RfmReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const compareTo = readDay('compareTo', options.compareTo);
  if (compareTo) requireBefore('compareTo', compareTo, 'asOf', asOf);
  const segment =
    options.segment === undefined ? undefined : readChoice('segment', options.segment, SEGMENT_NAMES, 'lost');
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const customers = segmentRfmScores(await readRfmScores(trx, ws, { end: asOf.end, asOfDay: asOf.iso }));
    const report = buildRfmReport(customers, asOf.iso, paging, segment);
    if (compareTo) {
      const before = segmentRfmScores(
        await readRfmScores(trx, ws, { end: compareTo.end, asOfDay: compareTo.iso }),
      );
      report.migration = { from: compareTo.iso, to: asOf.iso, ...countSegmentMoves(before, customers) };
    }
    await attachNames(trx, ws, report.detail.items);
    return report;
  });
}
