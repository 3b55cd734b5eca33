import { describe, expect, it } from 'vitest';
import { compareFields, defaultPick, displayValue, mergeRequest } from './merge-plan';

const ann = { firstName: 'Ann', lastName: 'Lee', birthday: null, address: { city: 'Leeds' }, attributes: {} };
const anne = { firstName: 'Anne', lastName: 'Lee', birthday: '1990-02-03', address: null, attributes: {} };

describe('comparing two people', () => {
  it('marks only fields where both hold different values as conflicts', () => {
    const rows = compareFields(ann, anne);
    const byField = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(byField.firstName?.conflict).toBe(true);
    expect(byField.lastName?.conflict).toBe(false);
    expect(byField.birthday?.conflict).toBe(false);
    expect(byField.attributes?.conflict).toBe(false);
    expect(rows).toHaveLength(12);
  });

  it('defaults each field to the survivor, or the other side when the survivor has nothing', () => {
    const rows = compareFields(ann, anne);
    const birthday = rows.find((r) => r.field === 'birthday');
    const first = rows.find((r) => r.field === 'firstName');
    expect(birthday && defaultPick(birthday, 'a')).toBe('b');
    expect(first && defaultPick(first, 'a')).toBe('a');
    expect(first && defaultPick(first, 'b')).toBe('b');
  });
});

describe('the merge request', () => {
  it('turns picks into survivor/merged rules relative to the survivor', () => {
    expect(mergeRequest({ a: 'id-a', b: 'id-b' }, 'b', { firstName: 'a', lastName: 'b' })).toEqual({
      survivorId: 'id-b',
      mergedId: 'id-a',
      rule: 'non_empty',
      fields: { firstName: 'merged', lastName: 'survivor' },
    });
  });

  it('shows values on one line, with user names for ids', () => {
    expect(displayValue({ city: 'Leeds', line1: '' })).toBe('city: Leeds');
    expect(displayValue(null)).toBe('—');
    expect(displayValue('u1', (id) => (id === 'u1' ? 'Dana' : undefined))).toBe('Dana');
  });
});
