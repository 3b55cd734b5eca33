import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random';
import type { ItemId } from './baskets';
import { summarizeBoughtNotBought } from './bought-not-bought';
import { affinitiesFromRules, computeAffinities } from './co-purchase';
import { describeOfferReason, scoreNextBestOffers } from './next-best-offer';
import { evaluateOffers, type ProductPurchase } from './offer-evaluation';
import { mineAssociationRules } from './rules';

describe('co-purchase affinities', () => {
  it('share(X → Y) = count(X and Y) / count(X), by hand and from rules', () => {
    const holdings = [['a', 'b'], ['a', 'b', 'c'], ['a'], ['b', 'c', 'c']];
    const aff = computeAffinities(holdings);
    expect(aff.get('a')?.get('b')).toEqual({ share: 2 / 3, count: 2 });
    expect(aff.get('c')?.get('b')).toEqual({ share: 1, count: 2 });
    expect(computeAffinities(holdings, 2).get('a')?.has('c')).toBe(false);
    const { rules } = mineAssociationRules(holdings, { minSupport: 0.5, minConfidence: 0.6 });
    const fromRules = affinitiesFromRules(rules);
    expect(fromRules.get('a')?.get('b')?.share).toBeCloseTo(2 / 3, 14);
    expect(fromRules.get('c')?.get('b')).toEqual({ share: 1, count: 2 });
  });
});

describe('next best offer', () => {
  const affinities = computeAffinities([
    ['phone', 'case'],
    ['phone', 'case'],
    ['phone', 'charger'],
    ['phone', 'case', 'insurance'],
    ['laptop', 'bag'],
  ]);
  const margins = new Map<ItemId, number>([
    ['case', 10],
    ['charger', 15],
    ['insurance', 60],
    ['bag', 20],
    ['phone', 100],
  ]);

  it('scores probability × margin, never offers owned or returned products, and gives the reason', () => {
    // Owner of a phone: case 3/4·10 = 7.5, charger 1/4·15 = 3.75, insurance 1/4·60 = 15.
    const offers = scoreNextBestOffers(
      { customerId: 'c1', owned: ['phone'], returned: ['charger'] },
      { affinities, margins },
    );
    expect(offers.map((o) => [o.productId, o.score])).toEqual([
      ['insurance', 15],
      ['case', 7.5],
    ]);
    expect(offers[1]?.reason).toEqual({ basedOn: 'phone', share: 0.75 });
    expect(describeOfferReason('case', offers[1]?.reason as never, new Map([['phone', 'Phone X']]))).toBe(
      'bought Phone X; 75% of those who buy Phone X also buy case',
    );
  });

  it('falls back on the segment share when it is higher, with that reason', () => {
    const segmentShares = new Map([['students', new Map<ItemId, number>([['bag', 0.38]])]]);
    const offers = scoreNextBestOffers(
      { customerId: 'c2', owned: ['case'], segment: 'students' },
      { affinities, margins, segmentShares },
      5,
    );
    const bag = offers.find((o) => o.productId === 'bag');
    expect(bag).toMatchObject({
      probability: 0.38,
      score: 7.6,
      reason: { basedOn: 'segment', segment: 'students', share: 0.38 },
    });
    expect(describeOfferReason('bag', bag?.reason as never)).toBe('38% of segment students buy bag');
    expect(offers.some((o) => o.productId === 'case')).toBe(false);
  });
});

describe('offline evaluation of offers', () => {
  it('beats the popularity baseline where products come in known pairs', () => {
    // 600 customers; product pairs (p0, p1), (p2, p3), …: who buys one of a pair before the split
    // buys its partner after it with probability 0.7; a popular product "milk" is bought by half of
    // everyone after the split, and by 60% before it.
    const random = createRandom(3);
    const purchases: ProductPurchase[] = [];
    const before = new Date('2020-01-01T00:00:00Z');
    const after = new Date('2020-07-01T00:00:00Z');
    for (let c = 0; c < 600; c++) {
      const id = `c${c}`;
      const pair = Math.floor(random.next() * 10);
      const first = `p${2 * pair}`;
      const partner = `p${2 * pair + 1}`;
      purchases.push({ customerId: id, productId: first, date: before });
      // Calibration co-purchases teach the pairs: a third already own both.
      if (random.next() < 0.33) purchases.push({ customerId: id, productId: partner, date: before });
      else if (random.next() < 0.7) purchases.push({ customerId: id, productId: partner, date: after });
      if (random.next() < 0.6) purchases.push({ customerId: id, productId: 'milk', date: before });
      else if (random.next() < 0.5) purchases.push({ customerId: id, productId: 'milk', date: after });
    }
    const result = evaluateOffers(purchases, { splitDate: new Date('2020-03-01T00:00:00Z'), k: 1 });
    expect(result.customers).toBeGreaterThan(200);
    expect(result.model.hitRate).toBeGreaterThan(0.5);
    expect(result.model.hitRate).toBeGreaterThan(result.popularity.hitRate + 0.2);
    expect(result.model.precisionAtK).toBe(result.model.hitRate); // k = 1
  });

  it('hit rate and precision@k by hand', () => {
    const d0 = new Date('2020-01-01T00:00:00Z');
    const d1 = new Date('2020-06-01T00:00:00Z');
    const purchases: ProductPurchase[] = [
      // Calibration: x and y together twice, z popular.
      { customerId: 'a', productId: 'x', date: d0 },
      { customerId: 'a', productId: 'y', date: d0 },
      { customerId: 'b', productId: 'x', date: d0 },
      { customerId: 'b', productId: 'y', date: d0 },
      { customerId: 'b', productId: 'z', date: d0 },
      { customerId: 'c', productId: 'z', date: d0 },
      { customerId: 'e', productId: 'z', date: d0 },
      { customerId: 'd', productId: 'x', date: d0 },
      // Holdout: d buys y (the model's offer), c buys x (popularity's offer for c is x).
      { customerId: 'd', productId: 'y', date: d1 },
      { customerId: 'c', productId: 'x', date: d1 },
    ];
    const r = evaluateOffers(purchases, { splitDate: new Date('2020-03-01T00:00:00Z'), k: 2 });
    // d: x's calibration owners a, b, d: y 2/3, z 1/3 → model offers {y, z}: hit, 1/2.
    //    popularity (z 3, x 3, y 2) without x: {z, y}: hit, 1/2.
    // c: z's owners b, c, e: x 1/3, y 1/3 → {x, y}: hit, 1/2; popularity without z: {x, y}: hit, 1/2.
    expect(r.customers).toBe(2);
    expect(r.model).toEqual({ hitRate: 1, precisionAtK: 0.5 });
    expect(r.popularity).toEqual({ hitRate: 1, precisionAtK: 0.5 });
  });
});

describe('bought and not bought', () => {
  it('per customer and per segment', () => {
    const result = summarizeBoughtNotBought(
      [
        { customerId: 'a', owned: ['x'], segment: 'gold' },
        { customerId: 'b', owned: ['x', 'y'], segment: 'gold' },
        { customerId: 'c', owned: [] },
      ],
      ['x', 'y', 'z'],
    );
    expect(result.customers[1]).toEqual({
      customerId: 'b',
      segment: 'gold',
      bought: ['x', 'y'],
      notBought: ['z'],
    });
    expect(result.segments.map((s) => s.segment)).toEqual(['(none)', 'gold']);
    expect(result.segments[1]?.products).toEqual([
      { productId: 'x', buyers: 2, share: 1, nonBuyers: 0 },
      { productId: 'y', buyers: 1, share: 0.5, nonBuyers: 1 },
      { productId: 'z', buyers: 0, share: 0, nonBuyers: 2 },
    ]);
  });
});
