import { InputError } from '../input-error';
import type { ItemId } from './baskets';
import { computeAffinities } from './co-purchase';
import { compareIds, scoreNextBestOffers } from './next-best-offer';

/** A purchase line of a customer. */
export interface ProductPurchase {
  customerId: string;
  productId: ItemId;
  date: Date;
  /** True when the product was returned (never offered again). */
  returned?: boolean;
}

/** Hit rate and precision@k of a recommender on the holdout. */
export interface OfferScore {
  /** Share of evaluated customers with at least one top-k product bought in the holdout. */
  hitRate: number;
  /** Mean over customers of (top-k products bought in the holdout) / k. */
  precisionAtK: number;
}

/** Result of `evaluateOffers`. */
export interface OfferEvaluation {
  /** Customers with calibration purchases and a new product bought in the holdout. */
  customers: number;
  k: number;
  model: OfferScore;
  /** The most popular products (by calibration buyers) the customer does not own. */
  popularity: OfferScore;
}

/**
 * Offline evaluation of cross-sell offers (the holdout design of Knott, Hayes & Neslin 2002): the
 * purchases before `splitDate` calibrate co-purchase affinities over customers (`computeAffinities`),
 * each customer's top-k offers are scored from them (`scoreNextBestOffers`, probability only: every
 * margin 1), and are checked against the products the customer first buys on or after `splitDate`.
 * A popularity baseline offers the k products most customers bought in calibration, owned ones
 * excluded. Customers without calibration purchases or without a new product in the holdout are
 * left out.
 */
export function evaluateOffers(
  purchases: readonly ProductPurchase[],
  options: { splitDate: Date; k?: number; minCount?: number },
): OfferEvaluation {
  const k = options.k ?? 3;
  if (!(Number.isInteger(k) && k >= 1))
    throw new InputError(`must be a whole number ≥ 1, got ${k}`, { field: 'k' });
  const split = options.splitDate.getTime();
  const owned = new Map<string, Set<ItemId>>();
  const returned = new Map<string, Set<ItemId>>();
  const later = new Map<string, Set<ItemId>>();
  purchases.forEach((p, i) => {
    if (!(p.date instanceof Date) || Number.isNaN(p.date.getTime()))
      throw new InputError('invalid date', { line: i + 1, field: 'date' });
    const target = p.date.getTime() < split ? (p.returned ? returned : owned) : later;
    let set = target.get(p.customerId);
    if (!set) {
      set = new Set();
      target.set(p.customerId, set);
    }
    set.add(p.productId);
  });
  const affinities = computeAffinities(
    [...owned.values()].map((s) => [...s]),
    options.minCount ?? 1,
  );
  const buyers = new Map<ItemId, number>();
  for (const set of owned.values()) for (const item of set) buyers.set(item, (buyers.get(item) ?? 0) + 1);
  const margins = new Map<ItemId, number>([...buyers.keys()].map((item) => [item, 1]));
  const popular = [...buyers.entries()]
    .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
    .map(([item]) => item);
  let customers = 0;
  const model = { hits: 0, precision: 0 };
  const baseline = { hits: 0, precision: 0 };
  const tally = (offers: ItemId[], bought: Set<ItemId>, into: { hits: number; precision: number }) => {
    const found = offers.filter((o) => bought.has(o)).length;
    if (found > 0) into.hits++;
    into.precision += found / k;
  };
  for (const [customerId, have] of owned) {
    const back = returned.get(customerId) ?? new Set<ItemId>();
    const fresh = new Set(
      [...(later.get(customerId) ?? [])].filter((item) => !have.has(item) && !back.has(item)),
    );
    if (fresh.size === 0) continue;
    customers++;
    const offers = scoreNextBestOffers(
      { customerId, owned: [...have], returned: [...back] },
      { affinities, margins },
      k,
    );
    tally(
      offers.map((o) => o.productId),
      fresh,
      model,
    );
    tally(popular.filter((item) => !have.has(item) && !back.has(item)).slice(0, k), fresh, baseline);
  }
  const score = (t: { hits: number; precision: number }): OfferScore => ({
    hitRate: customers > 0 ? t.hits / customers : Number.NaN,
    precisionAtK: customers > 0 ? t.precision / customers : Number.NaN,
  });
  return { customers, k, model: score(model), popularity: score(baseline) };
}
