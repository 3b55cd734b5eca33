import { describe, expect, it } from 'vitest';
import { isEmptyValue, mergeFields } from './merge-fields';
import type { PersonRow } from '../people/person-view';

const row = (fields: Partial<PersonRow>): PersonRow => ({
  workspace_id: 'w',
  id: 'x',
  given_name: null,
  family_name: null,
  display_name: 'Someone',
  name_key: (fields.display_name ?? 'Someone').toLowerCase(),
  birthday: null,
  address: null,
  language: null,
  notes: null,
  owner_id: null,
  team_id: null,
  lifecycle_stage: 'awareness',
  account_id: null,
  account_role: null,
  attributes: {},
  created_at: new Date('2024-01-01T00:00:00Z'),
  updated_at: new Date('2024-01-01T00:00:00Z'),
  ...fields,
});

// The survivor was created first; the merged record was changed last.
const survivor = row({
  id: 's',
  given_name: 'Jon',
  family_name: 'Smith',
  display_name: 'Jon Smith',
  notes: 'old note',
  language: '',
  lifecycle_stage: 'customer',
  attributes: { tier: 'gold', shoe: 42 },
  created_at: new Date('2020-01-01T00:00:00Z'),
  updated_at: new Date('2021-01-01T00:00:00Z'),
});
const merged = row({
  id: 'm',
  given_name: 'John',
  family_name: 'Smith',
  display_name: 'John Smith',
  birthday: '1980-02-03',
  notes: 'new note',
  language: 'en',
  address: { postcode: 'SW1A 1AA', city: 'London' },
  lifecycle_stage: 'retained',
  account_id: 'acc',
  account_role: 'buyer',
  attributes: { tier: 'silver', vip: true },
  created_at: new Date('2022-01-01T00:00:00Z'),
  updated_at: new Date('2025-01-01T00:00:00Z'),
});

describe('merge field rules', () => {
  it('non_empty keeps the survivor and fills its gaps from the merged record', () => {
    const { columns } = mergeFields(survivor, merged, {}, 'non_empty');
    expect(columns).toMatchObject({
      given_name: 'Jon',
      display_name: 'Jon Smith',
      birthday: '1980-02-03',
      language: 'en',
      address: { postcode: 'SW1A 1AA', city: 'London' },
      notes: 'old note',
      lifecycle_stage: 'customer',
      account_id: 'acc',
      account_role: 'buyer',
    });
    expect(columns.attributes).toEqual({ tier: 'gold', shoe: 42, vip: true });
  });

  it('newest takes the record changed last, oldest the record created first, each falling back past empties', () => {
    const newest = mergeFields(survivor, merged, {}, 'newest').columns;
    expect(newest).toMatchObject({ given_name: 'John', notes: 'new note', lifecycle_stage: 'retained' });
    expect(newest.attributes).toEqual({ tier: 'silver', shoe: 42, vip: true });
    const oldest = mergeFields(survivor, merged, {}, 'oldest').columns;
    expect(oldest).toMatchObject({
      given_name: 'Jon',
      notes: 'old note',
      birthday: '1980-02-03',
      language: 'en',
    });
  });

  it('survivor and merged choose a record even where its value is empty', () => {
    const { columns } = mergeFields(survivor, merged, { birthday: 'survivor', notes: 'merged' }, 'survivor');
    expect(columns.birthday).toBeNull();
    expect(columns.notes).toBe('new note');
    expect(columns.language).toBe('');
    expect(columns.account_id).toBeNull();
    expect(columns.account_role).toBeNull();
    expect(columns.attributes).toEqual({ tier: 'gold', shoe: 42 });
  });

  it('per-field rules override the default rule', () => {
    const { columns } = mergeFields(
      survivor,
      merged,
      { firstName: 'merged', displayName: 'newest' },
      'non_empty',
    );
    expect(columns.given_name).toBe('John');
    expect(columns.display_name).toBe('John Smith');
    expect(columns.notes).toBe('old note');
  });

  it('reports each field both records fill differently, with both values and the one kept', () => {
    const { conflicts } = mergeFields(survivor, merged, { notes: 'merged' }, 'non_empty');
    expect(conflicts.map((c) => c.field).sort()).toEqual(
      ['attributes.tier', 'displayName', 'firstName', 'lifecycleStage', 'notes'].sort(),
    );
    expect(conflicts.find((c) => c.field === 'displayName')).toEqual({
      field: 'displayName',
      survivor: 'Jon Smith',
      merged: 'John Smith',
      chosen: 'Jon Smith',
      rule: 'non_empty',
    });
    expect(conflicts.find((c) => c.field === 'notes')).toMatchObject({ chosen: 'new note', rule: 'merged' });
    // Same value on both sides, or one side empty: no conflict.
    expect(conflicts.some((c) => c.field === 'lastName' || c.field === 'birthday')).toBe(false);
  });

  it('never leaves a person without a display name', () => {
    const { columns } = mergeFields(row({ display_name: ' ' }), row({ display_name: 'Ann' }), {}, 'survivor');
    expect(columns.display_name).toBe('Ann');
  });

  it('treats null, blank text and objects of blanks as empty', () => {
    expect([null, undefined, '', '  ', {}, { postcode: '' }, []].every(isEmptyValue)).toBe(true);
    expect([0, false, 'x', { city: 'Paris' }].some(isEmptyValue)).toBe(false);
  });
});
