import type { Db } from '../../db/connection';
import { withAnalyticsScope } from './scope';
import { authorize, invalid, type Principal } from '../../platform/index';
import { readRfmScores } from '../feeds/rfm';
import { InputError } from '../input-error';
import { parseSegmentMap, segmentNames } from '../rfm/segment-map';
import { DEFAULT_SEGMENT_RULES, type SegmentRule } from '../rfm/segments';
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
  /**
   * A configured score map instead of the default one: rules (first match wins) as JSON text or
   * an array, see `parseSegmentMap`. The segments, the migration matrix and `segment` use it.
   */
  segmentMap?: string | readonly SegmentRule<string>[];
}

/** The score map of the options (default: `DEFAULT_SEGMENT_RULES`); a bad map is a 400 naming the rule. */
export function readSegmentMap(value: RfmOptions['segmentMap']): readonly SegmentRule<string>[] {
  if (value === undefined) return DEFAULT_SEGMENT_RULES;
  try {
    return parseSegmentMap(value);
  } catch (err) {
    if (err instanceof InputError) throw invalid(err.field ?? 'segmentMap', err.message);
    throw err;
  }
}

export const SEGMENT_NAMES = [...DEFAULT_SEGMENT_RULES.map((r) => r.segment as string), 'unclassified'];

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
    const report = buildRfmReport(customers, asOf.iso, paging, segment, rules);
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
