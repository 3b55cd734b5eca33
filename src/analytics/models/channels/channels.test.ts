import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { computeChannelPreferences } from './preference';
import { computeAggregateShareOfWallet, computeShareOfWallet } from './share-of-wallet';

const events = (customerId: string, channel: string, times: number) =>
  Array.from({ length: times }, () => ({ customerId, channel }));

describe('computeChannelPreferences (hand-computed, prior strength 2)', () => {
  // a: email ×3, store ×1; b: web ×1; c: store ×2, web ×2 → population 3/9 each.
  const data = [
    ...events('a', 'email', 3),
    ...events('a', 'store', 1),
    ...events('b', 'web', 1),
    ...events('c', 'store', 2),
    ...events('c', 'web', 2),
  ];
  const prefs = computeChannelPreferences(data);

  it('computes the population mix and smoothed shares (n_ic + k p_c)/(n_i + k)', () => {
    expect(prefs.channels).toEqual(['email', 'store', 'web']);
    expect(prefs.population.email).toBeCloseTo(1 / 3, 15);
    const a = prefs.customers[0];
    expect(a?.shares).toEqual({ email: 0.75, store: 0.25, web: 0 });
    expect(a?.smoothed.email).toBeCloseTo((3 + 2 / 3) / 6, 15);
    expect(a?.smoothed.web).toBeCloseTo(2 / 3 / 6, 15);
    const b = prefs.customers[1];
    expect(b?.smoothed.web).toBeCloseTo((1 + 2 / 3) / 3, 15);
    expect(b?.smoothed.email).toBeCloseTo(2 / 3 / 3, 15);
  });

  it('picks the preferred channel; ties by population share then name', () => {
    expect(prefs.customers.map((c) => c.preferred)).toEqual(['email', 'web', 'store']);
    // With web more common in the population, c's tie goes to web.
    const more = computeChannelPreferences([...data, ...events('d', 'web', 5)]);
    expect(more.customers.find((c) => c.customerId === 'c')?.preferred).toBe('web');
  });

  it('weights by amount and shrinks a single event toward the mix', () => {
    const spend = computeChannelPreferences(
      [
        { customerId: 'x', channel: 'web', amount: 90 },
        { customerId: 'y', channel: 'store', amount: 10 },
      ],
      10,
    );
    // population web 0.9; y: (0 + 10·0.9)/(10 + 10) = 0.45 web, (10 + 1)/20 = 0.55 store
    expect(spend.customers[1]?.smoothed.web).toBeCloseTo(0.45, 15);
    expect(spend.customers[1]?.preferred).toBe('store');
    expect(() => computeChannelPreferences([{ customerId: 'x', channel: 'web', amount: -1 }])).toThrow(
      InputError,
    );
  });
});

describe('share of wallet (hand-computed)', () => {
  const rows = [
    { customerId: 'a', ourSpend: 200, categorySpend: 1000 },
    { customerId: 'b', ourSpend: 500, categorySpend: 400 },
    { customerId: 'c', ourSpend: 0, categorySpend: 0 },
  ];

  it('divides our spend by the known category spend, capping understated wallets', () => {
    const s = computeShareOfWallet(rows);
    expect(s[0]).toEqual({ customerId: 'a', share: 0.2, capped: false });
    expect(s[1]).toEqual({ customerId: 'b', share: 1, capped: true });
    expect(s[2]?.share).toBeNaN();
    expect(computeAggregateShareOfWallet(rows)).toBeCloseTo(700 / 1500, 15);
  });
});
