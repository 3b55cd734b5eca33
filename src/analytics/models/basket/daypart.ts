import { InputError } from '../input-error';
import { encodeBaskets, type ItemId } from './baskets';
import type { AssociationRule } from './rules';

/** A basket with the time it was rung up (a UTC Date holding the wall-clock time, as `parseDate` gives). */
export interface TimedBasket {
  items: readonly ItemId[];
  time: Date;
}

/**
 * A part of the day (hours fromHour ≤ h < toHour; toHour < fromHour wraps past midnight) on some
 * days of the week (0 = Sunday … 6 = Saturday; default every day).
 */
export interface Daypart {
  name: string;
  fromHour: number;
  toHour: number;
  weekdays?: readonly number[];
}

/** Morning, lunch, afternoon, evening and night, every day. */
export const DEFAULT_DAYPARTS: readonly Daypart[] = [
  { name: 'morning', fromHour: 6, toHour: 11 },
  { name: 'lunch', fromHour: 11, toHour: 14 },
  { name: 'afternoon', fromHour: 14, toHour: 17 },
  { name: 'evening', fromHour: 17, toHour: 22 },
  { name: 'night', fromHour: 22, toHour: 6 },
];

/** Weekdays (Monday–Friday) and the weekend, all day. */
export const WEEK_DAYPARTS: readonly Daypart[] = [
  { name: 'weekday', fromHour: 0, toHour: 24, weekdays: [1, 2, 3, 4, 5] },
  { name: 'weekend', fromHour: 0, toHour: 24, weekdays: [0, 6] },
];

/** True when `time` falls in `part` (UTC fields of the Date). */
export function isInDaypart(time: Date, part: Daypart): boolean {
  const hour = time.getUTCHours() + time.getUTCMinutes() / 60 + time.getUTCSeconds() / 3600;
  const inHours =
    part.fromHour <= part.toHour
      ? hour >= part.fromHour && hour < part.toHour
      : hour >= part.fromHour || hour < part.toHour;
  return inHours && (part.weekdays === undefined || part.weekdays.includes(time.getUTCDay()));
}

/** Splits baskets by daypart: for each part, the baskets rung up in it (a basket may fall in several). */
export function splitBasketsByDaypart(
  baskets: readonly TimedBasket[],
  dayparts: readonly Daypart[] = DEFAULT_DAYPARTS,
): Map<string, TimedBasket[]> {
  requireDayparts(dayparts);
  const out = new Map<string, TimedBasket[]>(dayparts.map((p) => [p.name, []]));
  for (const basket of baskets) {
    for (const part of dayparts) if (isInDaypart(basket.time, part)) out.get(part.name)?.push(basket);
  }
  return out;
}

/** A rule's measures within one daypart. */
export interface DaypartMeasure {
  daypart: string;
  baskets: number;
  count: number;
  support: number;
  confidence: number;
  /** NaN when the antecedent or the consequent never occurs in the daypart. */
  lift: number;
}

/** A rule found overall with its lift in each daypart. */
export interface DaypartRule {
  rule: AssociationRule;
  byDaypart: DaypartMeasure[];
}

/**
 * For rules mined over all baskets, the same measures within each daypart: the baskets of the part
 * (`isInDaypart`) are counted again for X, Y and X ∪ Y, so lift_d = n_d · count_d(X∪Y) /
 * (count_d(X) · count_d(Y)), so a rule that holds in the morning and not at lunch shows as a lift
 * above 1 in one part and near 1 in the other. Counting uses one bitset per item over the baskets.
 */
export function compareRulesByDaypart(
  baskets: readonly TimedBasket[],
  rules: readonly AssociationRule[],
  dayparts: readonly Daypart[] = DEFAULT_DAYPARTS,
): DaypartRule[] {
  requireDayparts(dayparts);
  const data = encodeBaskets(baskets.map((b) => b.items));
  const words = Math.ceil(data.count / 32);
  const bits = new Map<ItemId, Uint32Array>();
  data.items.forEach((item) => {
    bits.set(item, new Uint32Array(words));
  });
  for (let b = 0; b < data.count; b++) {
    for (let k = data.offsets[b] as number; k < (data.offsets[b + 1] as number); k++) {
      const set = bits.get(data.items[data.itemIndex[k] as number] as ItemId) as Uint32Array;
      set[b >>> 5] = (set[b >>> 5] as number) | (1 << (b & 31));
    }
  }
  const masks = dayparts.map((part) => {
    const mask = new Uint32Array(words);
    baskets.forEach((basket, b) => {
      if (isInDaypart(basket.time, part)) mask[b >>> 5] = (mask[b >>> 5] as number) | (1 << (b & 31));
    });
    return mask;
  });
  const empty = new Uint32Array(words);
  const countAll = (items: readonly ItemId[], mask: Uint32Array): number => {
    const sets = items.map((item) => bits.get(item) ?? empty);
    let total = 0;
    for (let w = 0; w < words; w++) {
      let v = mask[w] as number;
      for (const set of sets) v &= set[w] as number;
      total += popcount(v);
    }
    return total;
  };
  const sizes = masks.map((mask) => countAll([], mask));
  return rules.map((rule) => ({
    rule,
    byDaypart: dayparts.map((part, d) => {
      const mask = masks[d] as Uint32Array;
      const n = sizes[d] as number;
      const count = countAll([...rule.antecedent, ...rule.consequent], mask);
      const x = countAll(rule.antecedent, mask);
      const y = countAll(rule.consequent, mask);
      return {
        daypart: part.name,
        baskets: n,
        count,
        support: n > 0 ? count / n : Number.NaN,
        confidence: x > 0 ? count / x : Number.NaN,
        lift: x > 0 && y > 0 ? (count * n) / (x * y) : Number.NaN,
      };
    }),
  }));
}

function requireDayparts(dayparts: readonly Daypart[]): void {
  dayparts.forEach((part, i) => {
    const hoursOk =
      part.fromHour >= 0 &&
      part.fromHour <= 24 &&
      part.toHour >= 0 &&
      part.toHour <= 24 &&
      part.fromHour !== part.toHour;
    if (!hoursOk) {
      throw new InputError(`daypart "${part.name}": hours must be in [0, 24] and differ`, {
        line: i + 1,
        field: 'fromHour',
      });
    }
    if (part.weekdays?.some((d) => !(Number.isInteger(d) && d >= 0 && d <= 6))) {
      throw new InputError(`daypart "${part.name}": weekdays are 0 (Sunday) … 6`, {
        line: i + 1,
        field: 'weekdays',
      });
    }
  });
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
