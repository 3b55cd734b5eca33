import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../analytics/index';
import { type IdentityKind, LIFECYCLE_STAGES, normaliseIdentity } from '../../customers/index';
import { type CustomerBatch, COLUMNS, generateDataset, PURCHASE_PROCESS, Random, type Row } from './index';

const WS = '11111111-1111-4111-8111-111111111111';
const END = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

function collect(customers: number, seed = 1, chunkCustomers = 500) {
  const dataset = generateDataset({
    workspaceId: WS,
    size: { customers },
    seed,
    endDate: END,
    chunkCustomers,
  });
  const all: Omit<CustomerBatch, 'customers'> = {
    people: [],
    identities: [],
    orders: [],
    order_lines: [],
    interactions: [],
  };
  for (const batch of dataset.batches()) {
    for (const table of ['people', 'identities', 'orders', 'order_lines', 'interactions'] as const) {
      for (const row of batch[table]) all[table].push(row);
    }
  }
  return { dataset, ...all };
}

const col = (table: keyof typeof COLUMNS, name: string): number =>
  (COLUMNS[table] as readonly string[]).indexOf(name);

describe('Random', () => {
  it('repeats for the same key and differs for another', () => {
    const draw = (seed: number, index: number) => {
      const rng = new Random(seed, 3, index);
      return [rng.nextUint32(), rng.next(), rng.uuid()];
    };
    expect(draw(1, 5)).toEqual(draw(1, 5));
    expect(draw(1, 5)).not.toEqual(draw(1, 6));
    expect(draw(1, 5)).not.toEqual(draw(2, 5));
  });

  it('gives uniform draws and gamma and beta draws with the right means', () => {
    const rng = new Random(42);
    const n = 100_000;
    let u = 0;
    let g = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      u += rng.next();
      g += rng.gamma(0.9, 10);
      b += rng.beta(1.2, 14);
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(g / n).toBeCloseTo(0.09, 2);
    expect(b / n).toBeCloseTo(1.2 / 15.2, 2);
  });

  it('makes version-4 shaped UUIDs', () => {
    const rng = new Random(9);
    for (let i = 0; i < 1000; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe('generateDataset', () => {
  it('gives the same rows for the same seed, whatever the batch size, and other rows for another seed', () => {
    const a = collect(300, 7, 300);
    const b = collect(300, 7, 17);
    expect(b.people).toEqual(a.people);
    expect(b.identities).toEqual(a.identities);
    expect(b.orders).toEqual(a.orders);
    expect(b.order_lines).toEqual(a.order_lines);
    expect(b.interactions).toEqual(a.interactions);
    expect(
      generateDataset({ workspaceId: WS, size: { customers: 1 }, seed: 7, endDate: END }).products,
    ).toEqual(a.dataset.products);
    const c = collect(300, 8);
    const ids = new Set(a.people.map((p) => p[1]));
    expect(c.people.filter((p) => ids.has(p[1]))).toEqual([]);
    expect(c.orders.length).not.toBe(a.orders.length);
  });

  it('makes ~200 products with unique SKUs, prices above costs, in a dozen categories', () => {
    const { products } = generateDataset({ workspaceId: WS, size: 'small', endDate: END });
    expect(products.length).toBeGreaterThanOrEqual(190);
    expect(products.length).toBeLessThanOrEqual(210);
    expect(new Set(products.map((p) => p[2])).size).toBe(products.length);
    expect(new Set(products.map((p) => p[4])).size).toBe(12);
    for (const p of products) expect(Number(p[5])).toBeGreaterThan(Number(p[6]));
  });

  it('keeps identities unique and normalised as the customers slice does it, with the raw form', () => {
    const { people, identities } = collect(10_000, 3, 2_500);
    const country = new Map(
      people.map((p) => [p[1], (p[col('people', 'address')] as { country: string }).country]),
    );
    const keys = new Set(identities.map((r) => `${r[3]}|${r[4]}`));
    expect(keys.size).toBe(identities.length);
    const kinds = new Map<string, number>();
    const bad: unknown[][] = [];
    for (const r of identities) {
      const [kind, value, raw] = [r[3] as string, r[4] as string, r[5] as string | null];
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      // What the customers slice makes of the raw form, read in the customer's country.
      const normalised = normaliseIdentity(kind as IdentityKind, raw as string, country.get(r[2]) as string);
      const ok =
        normalised.ok &&
        normalised.identity.value === value &&
        normalised.identity.source === r[6] &&
        (kind === 'email'
          ? /^[a-z0-9._]+@[a-z0-9.-]+\.example$/.test(value)
          : kind === 'phone'
            ? isValidPhoneNumber(value)
            : kind === 'external'
              ? /^(shop|pos):\d+$/.test(value)
              : kind === 'device');
      if (!ok) bad.push(r);
    }
    expect(bad).toEqual([]);
    expect([...kinds.keys()].sort()).toEqual(['device', 'email', 'external', 'phone']);
    // Several countries' numbers.
    const prefixes = new Set(
      identities.filter((r) => r[3] === 'phone').map((r) => (r[4] as string).slice(0, 3)),
    );
    expect(prefixes.size).toBeGreaterThanOrEqual(8);
  });

  it('makes orders of 1-4 lines whose totals are the sums of their lines, inside the window', () => {
    const { dataset, people, orders, order_lines, interactions } = collect(2_000, 5);
    const products = new Set(dataset.products.map((p) => p[1]));
    const personIds = new Set(people.map((p) => p[1]));
    const lines = new Map<string, Row[]>();
    for (const line of order_lines) {
      expect(products.has(line[col('order_lines', 'product_id')])).toBe(true);
      const id = line[1] as string;
      lines.set(id, [...(lines.get(id) ?? []), line]);
    }
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    for (const order of orders) {
      expect(personIds.has(order[col('orders', 'person_id')])).toBe(true);
      const at = Date.parse(order[col('orders', 'ordered_at')] as string);
      expect(at).toBeGreaterThanOrEqual(dataset.startMs);
      expect(at).toBeLessThan(dataset.endMs);
      const own = lines.get(order[1] as string) ?? [];
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(4);
      expect(own.map((l) => l[2])).toEqual(own.map((_, i) => i + 1));
      const total = own.reduce((s, l) => s + (l[4] as number) * cents(l[5]) - cents(l[6]), 0);
      const cost = own.reduce((s, l) => s + (l[4] as number) * cents(l[7]), 0);
      expect(cents(order[col('orders', 'total')])).toBe(total);
      expect(cents(order[col('orders', 'cost_total')])).toBe(cost);
    }
    expect(lines.size).toBe(orders.length);
    // A person exists from their first touch: no order or interaction comes before it.
    const created = new Map(people.map((p) => [p[1], p[col('people', 'created_at')] as string]));
    const early = [
      ...orders.filter((o) => (o[col('orders', 'ordered_at')] as string) < (created.get(o[2]) as string)),
      ...interactions.filter(
        (r) => (r[col('interactions', 'occurred_at')] as string) < (created.get(r[2]) as string),
      ),
    ];
    expect(early).toEqual([]);
  });

  it('has about ten orders per customer, so medium is ~1M orders and large ~10M', () => {
    const { people, orders, order_lines, interactions } = collect(6_000, 11, 3_000);
    const perCustomer = orders.length / people.length;
    expect(perCustomer).toBeGreaterThan(8.5);
    expect(perCustomer).toBeLessThan(12);
    expect(order_lines.length / orders.length).toBeGreaterThan(1.4);
    expect(interactions.length / people.length).toBeGreaterThan(10);
    const stages = new Set(people.map((p) => p[col('people', 'lifecycle_stage')]));
    expect([...stages].sort()).toEqual([...LIFECYCLE_STAGES].sort());
    const channels = new Set(interactions.map((r) => r[3]));
    expect([...channels].sort()).toEqual([
      'chat',
      'email',
      'mail',
      'mobile_app',
      'phone',
      'sms',
      'social',
      'store',
      'web',
    ]);
  });

  it('follows the BG/NBD process: a fit on the orders recovers the dropout and the mean purchase rate', () => {
    const { dataset, orders } = collect(12_000, 21, 4_000);
    const byPerson = new Map<string, number[]>();
    for (const o of orders) {
      const person = o[2] as string;
      const day = Date.parse(o[3] as string) / DAY;
      byPerson.set(person, [...(byPerson.get(person) ?? []), day]);
    }
    const end = dataset.endMs / DAY;
    const histories = [...byPerson.values()].map((days) => {
      days.sort((x, y) => x - y);
      const first = days[0] as number;
      return { x: days.length - 1, tx: (days[days.length - 1] as number) - first, T: end - first };
    });
    const { params } = fitBgNbd(histories);
    const { r, alpha, a, b } = PURCHASE_PROCESS;
    // Dropout Beta(a, b) comes back within 20%; the mean rate r/alpha (x ~0.97, the calendar's
    // mean demand) within 15%. r itself comes out lower: seasonality adds overdispersion.
    expect(params.a / a).toBeGreaterThan(0.8);
    expect(params.a / a).toBeLessThan(1.2);
    expect(params.b / b).toBeGreaterThan(0.8);
    expect(params.b / b).toBeLessThan(1.25);
    expect(params.r / params.alpha / ((r / alpha) * 0.97)).toBeGreaterThan(0.85);
    expect(params.r / params.alpha / ((r / alpha) * 0.97)).toBeLessThan(1.15);
  });

  it('refuses a bad size or seed with a clear message', () => {
    expect(() => generateDataset({ workspaceId: WS, size: { customers: 0 } })).toThrow(/size must be/);
    expect(() => generateDataset({ workspaceId: WS, size: 'huge' as 'small' })).toThrow(/size must be/);
    expect(() => generateDataset({ workspaceId: WS, size: 'small', seed: -1 })).toThrow(/seed must be/);
  });
});
