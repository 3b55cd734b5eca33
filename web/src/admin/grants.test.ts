import { describe, expect, it } from 'vitest';
import { grantChanges, levelIn, objectTypes, setLevel } from './grants';

describe('the grants matrix', () => {
  it('lists every object type any role names, first role first', () => {
    expect(
      objectTypes([
        { grants: { people: { read: 'all' }, tasks: {} } },
        { grants: { people: {}, cases: { read: 'own' } } },
      ]),
    ).toEqual(['people', 'tasks', 'cases']);
  });

  it('sets a cell, dropping none and empty rows, and names the changes', () => {
    const before = { people: { read: 'all' as const, update: 'own' as const } };
    const after = setLevel(setLevel(before, 'people', 'update', 'none'), 'tasks', 'create', 'team');
    expect(after).toEqual({ people: { read: 'all' }, tasks: { create: 'team' } });
    expect(levelIn(after, 'people', 'update')).toBe('none');
    expect(setLevel(after, 'tasks', 'create', 'none')).toEqual({ people: { read: 'all' } });
    expect(grantChanges(before, after, ['people', 'tasks'])).toEqual([
      'people.update: own → none',
      'tasks.create: none → team',
    ]);
  });
});
