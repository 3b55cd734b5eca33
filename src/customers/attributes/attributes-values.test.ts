import { describe, expect, it } from 'vitest';
import { parseAttributeFilters } from './attributes-filter';
import { type AttributeRule, checkAttributes, isIsoDate } from './attributes-values';

const rules: AttributeRule[] = [
  { key: 'tier', type: 'choice', options: ['gold', 'silver'], required: false },
  { key: 'score', type: 'number', options: null, required: false },
  { key: 'renewal', type: 'date', options: null, required: false },
  { key: 'vip', type: 'boolean', options: null, required: false },
  { key: 'nickname', type: 'text', options: null, required: false },
  { key: 'region', type: 'text', options: null, required: true },
];

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as { field?: string; message: string };
    return { field: e.field, message: e.message };
  }
  throw new Error('expected a failure');
};

describe('checking attribute values against the definitions', () => {
  it('takes values of the right type and merges an update into what is stored', () => {
    const created = checkAttributes(
      rules,
      { tier: 'gold', score: 12.5, renewal: '2026-03-31', vip: false, region: 'north' },
      null,
    );
    expect(created).toEqual({
      tier: 'gold',
      score: 12.5,
      renewal: '2026-03-31',
      vip: false,
      region: 'north',
    });
    const updated = checkAttributes(rules, { tier: 'silver', score: null }, { ...created, legacy: 1 });
    expect(updated).toEqual({
      tier: 'silver',
      renewal: '2026-03-31',
      vip: false,
      region: 'north',
      legacy: 1,
    });
  });

  it('names the field and the reason: unknown key, wrong type, not a choice, required', () => {
    expect(failure(() => checkAttributes(rules, { shoe: 42 }, {}))).toMatchObject({
      field: 'attributes.shoe',
      message: expect.stringContaining('unknown attribute'),
    });
    expect(failure(() => checkAttributes(rules, { score: '12' }, {}))).toEqual({
      field: 'attributes.score',
      message: 'must be a number, not text "12"',
    });
    expect(failure(() => checkAttributes(rules, { tier: 'platinum' }, {}))).toEqual({
      field: 'attributes.tier',
      message: 'must be one of "gold", "silver", not "platinum"',
    });
    expect(failure(() => checkAttributes(rules, { renewal: '2026-02-30' }, {}))).toMatchObject({
      field: 'attributes.renewal',
    });
    expect(failure(() => checkAttributes(rules, { vip: 'yes' }, {}))).toMatchObject({
      field: 'attributes.vip',
    });
    expect(failure(() => checkAttributes(rules, { tier: 'gold' }, null))).toEqual({
      field: 'attributes.region',
      message: 'is required',
    });
    expect(failure(() => checkAttributes(rules, { region: null }, { region: 'x' }))).toMatchObject({
      field: 'attributes.region',
    });
  });

  it('reads calendar days only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
  });
});

describe('reading attribute filters', () => {
  it('types each value by its definition', () => {
    expect(
      parseAttributeFilters(rules, [
        { param: 'attr.tier', value: 'gold' },
        { param: 'attr.score.gte', value: '10' },
        { param: 'attr.renewal.lt', value: '2026-04-01' },
        { param: 'attr.vip', value: 'true' },
      ]),
    ).toEqual([
      { key: 'tier', op: 'eq', column: 'txt', value: 'gold' },
      { key: 'score', op: 'gte', column: 'num', value: 10 },
      { key: 'renewal', op: 'lt', column: 'dt', value: '2026-04-01' },
      { key: 'vip', op: 'eq', column: 'bool', value: true },
    ]);
  });

  it('rejects unknown keys, comparisons that do not suit the type, and values of the wrong type', () => {
    const parse = (param: string, value: string) => () => parseAttributeFilters(rules, [{ param, value }]);
    expect(failure(parse('attr.shoe', '42'))).toMatchObject({ field: 'attr.shoe' });
    expect(failure(parse('attr.score.gte', 'ten'))).toMatchObject({ field: 'attr.score.gte' });
    expect(failure(parse('attr.score.between', '1'))).toMatchObject({ field: 'attr.score.between' });
    expect(failure(parse('attr.tier.gt', 'gold'))).toMatchObject({ field: 'attr.tier.gt' });
    expect(failure(parse('attr.tier', 'platinum'))).toMatchObject({ field: 'attr.tier' });
    expect(failure(parse('attr.renewal', 'tomorrow'))).toMatchObject({ field: 'attr.renewal' });
  });
});
