import { invalid } from '../../platform/index';
import { InputError } from '../models/input-error';
import { parseSegmentMap } from '../models/rfm/segment-map';
import { DEFAULT_SEGMENT_RULES, type SegmentRule } from '../models/rfm/segments';
import type { PageOptions } from './options';

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
