import { describe, expect, it } from 'vitest';
import {
  attributeParam,
  countText,
  countUrl,
  exportUrl,
  listUrl,
  nextSort,
  parseAttributeParam,
  searchFromState,
  sortDirection,
  stateFromSearch,
  toCsv,
  withoutFilter,
} from './list-query';

describe('list state in the address', () => {
  it('reads filters, sort and columns, and writes them back in a stable order', () => {
    const state = stateFromSearch(
      '?tag=vip&sort=-displayName&attr.score.gte=10&cols=name,owner&view=abc&empty=',
    );
    expect(state).toEqual({
      filters: { tag: 'vip', 'attr.score.gte': '10' },
      sort: '-displayName',
      columns: ['name', 'owner'],
    });
    expect(searchFromState(state)).toBe('?attr.score.gte=10&tag=vip&sort=-displayName&cols=name%2Cowner');
    expect(searchFromState({ filters: {}, sort: null, columns: null })).toBe('');
    expect(stateFromSearch(searchFromState(state))).toEqual(state);
  });

  it('builds the API page and count URLs with the filters (and the sort for a page)', () => {
    const state = { filters: { lifecycleStage: 'customer' }, sort: 'displayName', columns: null };
    expect(listUrl('people', state, 'abc', 200)).toBe(
      '/api/people?lifecycleStage=customer&sort=displayName&limit=200&cursor=abc',
    );
    const accounts = { filters: { tag: 'vip', industry: 'Retail' }, sort: '-owner', columns: null };
    expect(listUrl('accounts', accounts, null, 50)).toBe(
      '/api/accounts?industry=Retail&tag=vip&sort=-owner&limit=50',
    );
    expect(countUrl('accounts', accounts)).toBe('/api/accounts/count?industry=Retail&tag=vip');
    expect(countUrl('people', { filters: {}, sort: 'displayName', columns: null })).toBe('/api/people/count');
  });

  it('says how many match, and "over" where the server stopped counting', () => {
    expect(countText('people', { count: 12345, exact: true })).toBe('12,345 people');
    expect(countText('people', { count: 1, exact: true })).toBe('1 person');
    expect(countText('accounts', { count: 0, exact: true })).toBe('0 accounts');
    expect(countText('accounts', { count: 1, exact: true })).toBe('1 account');
    expect(countText('people', { count: 100000, exact: false })).toBe('Over 100,000 people');
  });

  it('exports through the server only the filters it can apply, and names the others', () => {
    expect(exportUrl({ filters: { ownerId: 'u1', tag: 'vip' }, sort: null, columns: null })).toEqual({
      url: '/api/people/export.csv?ownerId=u1',
      unsupported: ['tag'],
    });
  });
});

describe('sorting by a column header', () => {
  it('cycles ascending, descending, default', () => {
    expect(nextSort(null, 'displayName')).toBe('displayName');
    expect(nextSort('displayName', 'displayName')).toBe('-displayName');
    expect(nextSort('-displayName', 'displayName')).toBeNull();
    expect(nextSort('-updatedAt', 'displayName')).toBe('displayName');
    expect(sortDirection('-updatedAt', 'updatedAt')).toBe('descending');
    expect(sortDirection('updatedAt', 'displayName')).toBe('none');
  });
});

describe('attribute filters', () => {
  it('round-trips the parameter of each operator', () => {
    expect(attributeParam('tier', 'eq')).toBe('attr.tier');
    expect(attributeParam('score', 'gte')).toBe('attr.score.gte');
    expect(parseAttributeParam('attr.score.gte')).toEqual({ key: 'score', op: 'gte' });
    expect(parseAttributeParam('attr.tier')).toEqual({ key: 'tier', op: 'eq' });
    expect(parseAttributeParam('tag')).toBeNull();
    expect(withoutFilter({ filters: { a: '1', b: '2' }, sort: null, columns: null }, 'a').filters).toEqual({
      b: '2',
    });
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(
      toCsv([
        ['name', 'note'],
        ['Ann, Jr', 'said "hi"\nbye'],
      ]),
    ).toBe('name,note\r\n"Ann, Jr","said ""hi""\nbye"\r\n');
  });
});
