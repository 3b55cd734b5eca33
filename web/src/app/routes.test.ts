import { describe, expect, it } from 'vitest';
import { currentSection, matchRoute, NAV_ROUTES, normalisePath, paths, safeNextPath } from './routes';

describe('routes', () => {
  it('normalises trailing slashes', () => {
    expect(normalisePath('/')).toBe('/');
    expect(normalisePath('/customers/')).toBe('/customers');
    expect(normalisePath('/tasks')).toBe('/tasks');
  });

  it('matches pages with parameters and decodes them', () => {
    expect(matchRoute('/customers')?.route.id).toBe('customers');
    const match = matchRoute('/customers/abc-123/');
    expect(match?.route.id).toBe('customer');
    expect(match?.params).toEqual({ id: 'abc-123' });
    expect(matchRoute(paths.customer('a b'))?.params).toEqual({ id: 'a b' });
    expect(matchRoute('/customers/abc/extra')).toBeNull();
    expect(matchRoute('/customers/%E0%A4%A')).toBeNull();
    expect(matchRoute('/nowhere')).toBeNull();
  });

  it('highlights the section a page belongs to', () => {
    expect(currentSection('/customers/abc')).toBe('/customers');
    expect(currentSection('/tasks')).toBe('/tasks');
    expect(currentSection('/nowhere')).toBeNull();
    expect(NAV_ROUTES.map((r) => r.path)).toContain('/tasks');
    expect(NAV_ROUTES.map((r) => r.path)).not.toContain('/customers/:id');
  });

  it('only returns to known in-app pages after login', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('/customers')).toBe('/customers');
    expect(safeNextPath('/customers/abc')).toBe('/customers/abc');
    expect(safeNextPath('/analytics/')).toBe('/analytics');
    expect(safeNextPath('//evil.example.com')).toBe('/');
    expect(safeNextPath('https://evil.example.com/')).toBe('/');
    expect(safeNextPath('/login')).toBe('/');
  });
});
