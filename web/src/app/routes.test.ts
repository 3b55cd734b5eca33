import { describe, expect, it } from 'vitest';
import { normalisePath, safeNextPath } from './routes';

describe('routes', () => {
  it('normalises trailing slashes', () => {
    expect(normalisePath('/')).toBe('/');
    expect(normalisePath('/customers/')).toBe('/customers');
    expect(normalisePath('/tasks')).toBe('/tasks');
  });

  it('only returns to known in-app pages after login', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('/customers')).toBe('/customers');
    expect(safeNextPath('/analytics/')).toBe('/analytics');
    expect(safeNextPath('//evil.example.com')).toBe('/');
    expect(safeNextPath('https://evil.example.com/')).toBe('/');
    expect(safeNextPath('/login')).toBe('/');
  });
});
