import { describe, expect, it } from 'vitest';
import { describeMatch, isSearchShortcut, moveActive, searchableQuery } from './keys';

const key = (k: string, extra: Partial<Parameters<typeof isSearchShortcut>[0]> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  ...extra,
});

describe('search shortcut', () => {
  it('takes "/" outside text fields and Ctrl/Cmd+K anywhere', () => {
    expect(isSearchShortcut(key('/'))).toBe(true);
    expect(isSearchShortcut(key('/', { target: { tagName: 'INPUT' } }))).toBe(false);
    expect(isSearchShortcut(key('/', { target: { tagName: 'DIV', isContentEditable: true } }))).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, target: { tagName: 'TEXTAREA' } }))).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }))).toBe(true);
    expect(isSearchShortcut(key('k'))).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSearchShortcut(key('/', { ctrlKey: true }))).toBe(false);
  });
});

describe('arrow-key movement', () => {
  it('starts at the first or last option and wraps around', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, 1, 0)).toBe(-1);
  });
});

describe('query to send', () => {
  it('trims, collapses spaces and skips one-character queries', () => {
    expect(searchableQuery('  (415)   555-0100 ')).toBe('(415) 555-0100');
    expect(searchableQuery(' a ')).toBeNull();
    expect(searchableQuery('')).toBeNull();
    expect(searchableQuery('x'.repeat(300))?.length).toBe(200);
  });

  it('labels what matched', () => {
    expect(describeMatch('phone +14155550100')).toBe('Phone +14155550100');
    expect(describeMatch('externalId shop:1')).toBe('External id shop:1');
    expect(describeMatch('name')).toBe('Name');
    expect(describeMatch('phone +14155550100', (v) => `<${v}>`)).toBe('Phone <+14155550100>');
    expect(describeMatch('email a@b.c', (v) => `<${v}>`)).toBe('Email a@b.c');
    expect(describeMatch('something new')).toBe('something new');
  });
});
