import type { Db } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import { readRfmScores } from '../feeds/rfm';
import { segmentNames } from '../models/rfm/segment-map';
import { type RfmOptions, readSegmentMap } from '../reports/rfm-options';
import { attachNames } from './names';
import { readChoice, readDay, readPage, requireBefore } from '../reports/options';
import { buildRfmReport, countSegmentMoves, type RfmReport, segmentRfmScores } from '../reports/rfm-report';

/**
 * RFM over the caller's workspace: recency, frequency and monetary value of every customer's
 * purchases up to `asOf`, quintile scores, segments (default or configured map), the top-20% revenue share, the R×F
 * grid, optionally the migration from `compareTo`, and one page of customers.
 */
export async function analyzeRfm(db: Db, actor: Principal, options: RfmOptions = {}): Promise<RfmReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const compareTo = readDay('compareTo', options.compareTo);
  if (compareTo) requireBefore('compareTo', compareTo, 'asOf', asOf);
  const rules = readSegmentMap(options.segmentMap);
  const names = [...segmentNames(rules), 'unclassified'];
  const segment =
    options.segment === undefined
      ? undefined
      : readChoice('segment', options.segment, names, names[0] as string);
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const customers = segmentRfmScores(
      await readRfmScores(trx, ws, { end: asOf.end, asOfDay: asOf.iso }),
      rules,
    );
    // The feed ranks in person id (uuid) order: text order.
    const report = buildRfmReport(customers, asOf.iso, paging, segment, rules, 'text');
    if (compareTo) {
      const before = segmentRfmScores(
        await readRfmScores(trx, ws, { end: compareTo.end, asOfDay: compareTo.iso }),
        rules,
      );
      report.migration = {
        from: compareTo.iso,
        to: asOf.iso,
        ...countSegmentMoves(before, customers, rules),
      };
    }
    await attachNames(trx, ws, report.detail.items);
    return report;
  });
}
