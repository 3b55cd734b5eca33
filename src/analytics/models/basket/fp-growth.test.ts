import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { createRandom } from '../math/random';
import { encodeBaskets, type ItemId, minimumCount } from './baskets';
import { parseItemLines } from './basket-file';
import { mineFrequentItemsets } from './fp-growth';

/**
 * Independent brute-force counter: every subset (up to maxLength) of every basket's distinct items
 * is counted in a map; frequent when count / n ≥ minSupport. Exponential in the basket size, so only
 * for baskets of a dozen items or fewer.
 */
function bruteForceItemsets(
  baskets: readonly (readonly ItemId[])[],
  minSupport: number,
  maxLength = Number.POSITIVE_INFINITY,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const basket of baskets) {
    const items = [...new Set(basket.map(String))].sort();
    const k = items.length;
    for (let mask = 1; mask < 1 << k; mask++) {
      const subset = items.filter((_, b) => (mask >> b) & 1);
      if (subset.length > maxLength) continue;
      const key = subset.join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const frequent = new Map<string, number>();
  for (const [key, count] of counts) if (count / baskets.length >= minSupport) frequent.set(key, count);
  return frequent;
}

function fpGrowthItemsets(
  baskets: readonly (readonly ItemId[])[],
  minSupport: number,
  maxLength?: number,
): Map<string, number> {
  const data = encodeBaskets(baskets);
  const { itemsets } = mineFrequentItemsets(data, { minSupport, ...(maxLength ? { maxLength } : {}) });
  const out = new Map<string, number>();
  for (const set of itemsets) {
    const key = set.items
      .map((i) => String(data.items[i]))
      .sort()
      .join('|');
    expect(out.has(key)).toBe(false); // each itemset exactly once
    out.set(key, set.count);
  }
  return out;
}

function sorted(map: Map<string, number>): [string, number][] {
  return [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe('FP-growth', () => {
  it('finds the itemsets of a hand-counted example (Han, Pei & Yin 2000, Table 1, minimum count 3)', () => {
    // The five transactions of the paper's running example; frequent with count ≥ 3 (support 0.6).
    const baskets = [
      ['f', 'a', 'c', 'd', 'g', 'i', 'm', 'p'],
      ['a', 'b', 'c', 'f', 'l', 'm', 'o'],
      ['b', 'f', 'h', 'j', 'o'],
      ['b', 'c', 'k', 's', 'p'],
      ['a', 'f', 'c', 'e', 'l', 'p', 'm', 'n'],
    ];
    const found = fpGrowthItemsets(baskets, 0.6);
    // The paper's frequent patterns: f:4 c:4 a:3 b:3 m:3 p:3 and all frequent combinations.
    expect(found.get('f')).toBe(4);
    expect(found.get('c')).toBe(4);
    expect(found.get('c|p')).toBe(3);
    expect(found.get('a|c|f|m')).toBe(3);
    expect(found.get('b')).toBe(3);
    expect(found.has('b|f')).toBe(false); // count 2
    expect(found.size).toBe(18);
    expect(sorted(found)).toEqual(sorted(bruteForceItemsets(baskets, 0.6)));
  });

  it('equals the brute-force counter exactly on random baskets, with and without maxLength', () => {
    const random = createRandom(17);
    for (let trial = 0; trial < 20; trial++) {
      const itemCount = 5 + Math.floor(random.next() * 25);
      const baskets = Array.from({ length: 50 + Math.floor(random.next() * 300) }, () => {
        const size = Math.floor(random.next() * 10);
        // Skewed popularity so that long itemsets occur; repeats inside a basket on purpose.
        return Array.from({ length: size }, () => Math.floor(itemCount * random.next() ** 2));
      });
      const minSupport = [0.01, 0.03, 0.1, 0.25][trial % 4] as number;
      expect(sorted(fpGrowthItemsets(baskets, minSupport))).toEqual(
        sorted(bruteForceItemsets(baskets, minSupport)),
      );
      expect(sorted(fpGrowthItemsets(baskets, minSupport, 2))).toEqual(
        sorted(bruteForceItemsets(baskets, minSupport, 2)),
      );
    }
  });

  it('minimumCount is the integer form of count / n ≥ minSupport', () => {
    expect(minimumCount(0.02, 9465)).toBe(190); // 189.3 → 190
    expect(minimumCount(0.5, 10)).toBe(5);
    expect(minimumCount(0.001, 9835)).toBe(10);
    expect(minimumCount(1, 7)).toBe(7);
  });

  const BREAD = readSharedData('BreadBasket_DMS.csv');
  it.skipIf(!BREAD)(
    BREAD
      ? 'equals the brute-force counter exactly on BreadBasket_DMS.csv'
      : missingDataMessage('BreadBasket_DMS.csv'),
    () => {
      const { baskets } = parseItemLines(BREAD as string, {
        basketColumn: 'Transaction',
        itemColumn: 'Item',
        exclude: ['NONE'],
      });
      const lists = baskets.map((b) => b.items);
      for (const minSupport of [0.001, 0.005, 0.02]) {
        const fp = fpGrowthItemsets(lists, minSupport);
        expect(sorted(fp)).toEqual(sorted(bruteForceItemsets(lists, minSupport)));
        expect(fp.size).toBeGreaterThan(30);
      }
    },
  );
});
