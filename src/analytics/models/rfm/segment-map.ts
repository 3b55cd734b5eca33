import { InputError } from '../input-error';
import type { SegmentRule } from './segments';

/** At most this many rules in a map. */
export const MAX_SEGMENT_RULES = 125;

/**
 * Reads a configurable RFM score map: a JSON array of rules, first match wins, each
 * `{"segment": "name", "r": [lo, hi], "f": [lo, hi], "m": [lo, hi]}` with inclusive score ranges
 * 1-5 (a missing range matches any score), e.g.
 * `[{"segment":"best","r":[4,5],"f":[4,5]},{"segment":"rest"}]`. Scores no rule matches are
 * 'unclassified'. Names are lower-case words (a-z, 0-9, _). Throws InputError naming the rule
 * and field (`segmentMap[2].r`).
 */
export function parseSegmentMap(value: unknown, field = 'segmentMap'): SegmentRule<string>[] {
  let rules = value;
  if (typeof value === 'string') {
    try {
      rules = JSON.parse(value);
    } catch (err) {
      throw new InputError(`is not JSON: ${(err as Error).message}`, { field });
    }
  }
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > MAX_SEGMENT_RULES)
    throw new InputError(`must be a list of 1 to ${MAX_SEGMENT_RULES} rules`, { field });
  return rules.map((raw, i) => {
    const at = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new InputError('must be an object {segment, r, f, m}', { field: at });
    const rule = raw as Record<string, unknown>;
    const unknownKey = Object.keys(rule).find((k) => !['segment', 'r', 'f', 'm'].includes(k));
    if (unknownKey !== undefined)
      throw new InputError(`unknown key "${unknownKey}": use segment, r, f, m`, { field: at });
    const segment = rule.segment;
    if (typeof segment !== 'string' || !/^[a-z0-9_]{1,40}$/.test(segment) || segment === 'unclassified')
      throw new InputError('must be a lower-case name (a-z, 0-9, _), not "unclassified"', {
        field: `${at}.segment`,
      });
    const out: SegmentRule<string> = { segment };
    for (const key of ['r', 'f', 'm'] as const) {
      const range = rule[key];
      if (range === undefined) continue;
      const ok =
        Array.isArray(range) &&
        range.length === 2 &&
        range.every((v) => Number.isInteger(v) && v >= 1 && v <= 5) &&
        (range[0] as number) <= (range[1] as number);
      if (!ok)
        throw new InputError('must be a score range [lo, hi] with 1 ≤ lo ≤ hi ≤ 5', {
          field: `${at}.${key}`,
        });
      out[key] = [range[0] as number, range[1] as number];
    }
    return out;
  });
}

/** Segment names of a map in rule order, each once. */
export function segmentNames(rules: readonly SegmentRule<string>[]): string[] {
  return [...new Set(rules.map((r) => r.segment))];
}
