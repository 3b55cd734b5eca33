import { describe, expect, it } from 'vitest';
import { pageOf, pageOfBest } from './options';

describe('pageOfBest', () => {
  // Values with many ties (a tenth of the range), so the id decides order often.
  const items = Array.from({ length: 2_000 }, (_, i) => ({
    id: `c${String((i * 7919) % 2_000).padStart(5, '0')}`,
    value: Math.floor(((i * 104_729) % 2_000) / 10),
  }));
  const byValueThenId = (a: (typeof items)[number], b: (typeof items)[number]) =>
    b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  it('gives the page a full sort gives, near the top and deep down, with the total', () => {
    const sorted = [...items].sort(byValueThenId);
    for (const paging of [
      { page: 1, limit: 50 },
      { page: 3, limit: 25 },
      { page: 1, limit: 0 },
      { page: 40, limit: 50 },
      { page: 41, limit: 50 },
    ]) {
      expect(pageOfBest(items, paging, byValueThenId)).toEqual(pageOf(sorted, paging));
    }
  });

  it('leaves its input in place', () => {
    const copy = [...items];
    pageOfBest(items, { page: 1, limit: 10 }, byValueThenId);
    expect(items).toEqual(copy);
  });
});
