import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { InputError } from '../input-error';
import { parseItemLines } from './basket-file';
import {
  compareRulesByDaypart,
  isInDaypart,
  splitBasketsByDaypart,
  type TimedBasket,
  WEEK_DAYPARTS,
} from './daypart';
import { mineAssociationRules } from './rules';

const at = (iso: string) => new Date(`${iso}Z`);

describe('rules by daypart', () => {
  it('places times in dayparts, wrapping past midnight, by weekday', () => {
    expect(isInDaypart(at('2017-01-02T06:00:00'), { name: 'm', fromHour: 6, toHour: 11 })).toBe(true);
    expect(isInDaypart(at('2017-01-02T11:00:00'), { name: 'm', fromHour: 6, toHour: 11 })).toBe(false);
    expect(isInDaypart(at('2017-01-02T23:30:00'), { name: 'n', fromHour: 22, toHour: 6 })).toBe(true);
    expect(isInDaypart(at('2017-01-02T05:59:59'), { name: 'n', fromHour: 22, toHour: 6 })).toBe(true);
    // 2017-01-01 was a Sunday.
    expect(isInDaypart(at('2017-01-01T12:00:00'), WEEK_DAYPARTS[1] as (typeof WEEK_DAYPARTS)[number])).toBe(
      true,
    );
    expect(isInDaypart(at('2017-01-02T12:00:00'), WEEK_DAYPARTS[1] as (typeof WEEK_DAYPARTS)[number])).toBe(
      false,
    );
    expect(() => splitBasketsByDaypart([], [{ name: 'bad', fromHour: 5, toHour: 5 }])).toThrow(InputError);
  });

  it('gives each rule its lift within each daypart, counted by hand', () => {
    // Morning: coffee+pastry ×2, coffee ×1, pastry ×1 (n 4): lift = 2·4/(3·3) = 8/9.
    // Afternoon: coffee+pastry ×1, tea ×1 (n 2): lift = 1·2/(1·1) = 2.
    const baskets: TimedBasket[] = [
      { items: ['coffee', 'pastry'], time: at('2017-01-02T08:00:00') },
      { items: ['coffee', 'pastry'], time: at('2017-01-02T09:00:00') },
      { items: ['coffee'], time: at('2017-01-02T09:30:00') },
      { items: ['pastry'], time: at('2017-01-02T10:00:00') },
      { items: ['coffee', 'pastry'], time: at('2017-01-02T15:00:00') },
      { items: ['tea'], time: at('2017-01-02T16:00:00') },
    ];
    const { rules } = mineAssociationRules(
      baskets.map((b) => b.items),
      { minSupport: 0.3, minConfidence: 0.5 },
    );
    const rule = rules.find((r) => r.antecedent[0] === 'coffee') as (typeof rules)[number];
    expect(rule.lift).toBeCloseTo((3 * 6) / (4 * 4), 14);
    const [row] = compareRulesByDaypart(baskets, [rule]);
    const byName = Object.fromEntries((row?.byDaypart ?? []).map((m) => [m.daypart, m]));
    expect(byName.morning).toMatchObject({ baskets: 4, count: 2, support: 0.5 });
    expect(byName.morning?.lift).toBeCloseTo(8 / 9, 14);
    expect(byName.morning?.confidence).toBeCloseTo(2 / 3, 14);
    expect(byName.afternoon?.lift).toBeCloseTo(2, 14);
    expect(byName.lunch?.baskets).toBe(0);
    expect(byName.lunch?.lift).toBeNaN();
    expect(splitBasketsByDaypart(baskets).get('morning')).toHaveLength(4);
  });

  const BREAD = readSharedData('BreadBasket_DMS.csv');
  it.skipIf(!BREAD)(
    BREAD
      ? 'on BreadBasket: daypart counts add up to the overall counts'
      : missingDataMessage('BreadBasket_DMS.csv'),
    () => {
      const { baskets } = parseItemLines(BREAD as string, {
        basketColumn: 'Transaction',
        itemColumn: 'Item',
        dateColumn: 'Date',
        timeColumn: 'Time',
      });
      const timed = baskets.map((b) => ({ items: b.items, time: b.time as Date }));
      const { rules } = mineAssociationRules(
        timed.map((b) => b.items),
        { minSupport: 0.01, minConfidence: 0.4 },
      );
      expect(rules.length).toBeGreaterThan(5);
      // Weekday and weekend partition the baskets, so their counts add up to the rule's count.
      for (const row of compareRulesByDaypart(timed, rules, WEEK_DAYPARTS)) {
        const [weekday, weekend] = row.byDaypart;
        expect((weekday?.count as number) + (weekend?.count as number)).toBe(row.rule.count);
        expect((weekday?.baskets as number) + (weekend?.baskets as number)).toBe(timed.length);
      }
    },
  );
});
