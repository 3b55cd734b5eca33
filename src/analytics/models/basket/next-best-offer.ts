import type { ItemId } from './baskets';
import type { Affinities } from './co-purchase';

/** What a customer has: products owned, products returned, and a segment. */
export interface CustomerHoldings {
  customerId: string;
  owned: readonly ItemId[];
  returned?: readonly ItemId[];
  segment?: string;
}

/** Why a product is offered: bought X and share of X's buyers also buy it, or the segment's share. */
export type OfferReason =
  | { basedOn: ItemId; share: number }
  | { basedOn: 'segment'; segment: string; share: number };

/** A scored offer. */
export interface Offer {
  productId: ItemId;
  /** Estimated probability that the customer buys it. */
  probability: number;
  margin: number;
  /** probability × margin: the expected margin of the offer. */
  score: number;
  reason: OfferReason;
}

/** What the scoring needs besides the customer. */
export interface OfferInputs {
  affinities: Affinities;
  /** Margin of one unit of each product; products without a margin are not offered. */
  margins: ReadonlyMap<ItemId, number>;
  /** segmentShares.get(segment).get(product) = share of the segment's customers who buy it. */
  segmentShares?: ReadonlyMap<string, ReadonlyMap<ItemId, number>>;
}

/**
 * Next best offers for one customer, by expected margin (the "next best offer" of Davenport, Dalle
 * Mule & Lucker 2011, Harvard Business Review, scored as in Knott, Hayes & Neslin 2002, "Next-product-
 * to-buy models for cross-selling applications", J. Interactive Marketing 16(3)): for each product
 * the customer neither owns nor returned, the probability of buying it is the highest share among
 * (a) P(Y | X) over the products X owned (`Affinities`) and (b) the share of the customer's segment
 * who buy Y; score = probability × margin. Returns the top k (default 3), ties by product id, with
 * the reason behind each probability.
 */
export function scoreNextBestOffers(customer: CustomerHoldings, inputs: OfferInputs, k = 3): Offer[] {
  const excluded = new Set<ItemId>([...customer.owned, ...(customer.returned ?? [])]);
  const best = new Map<ItemId, { probability: number; reason: OfferReason }>();
  const consider = (product: ItemId, probability: number, reason: OfferReason) => {
    if (excluded.has(product) || !inputs.margins.has(product)) return;
    const current = best.get(product);
    if (!current || probability > current.probability) best.set(product, { probability, reason });
  };
  for (const x of new Set(customer.owned)) {
    for (const [y, { share }] of inputs.affinities.get(x) ?? []) consider(y, share, { basedOn: x, share });
  }
  if (customer.segment !== undefined) {
    const segment = customer.segment;
    for (const [y, share] of inputs.segmentShares?.get(segment) ?? [])
      consider(y, share, { basedOn: 'segment', segment, share });
  }
  const offers: Offer[] = [...best.entries()].map(([productId, { probability, reason }]) => {
    const margin = inputs.margins.get(productId) as number;
    return { productId, probability, margin, score: probability * margin, reason };
  });
  offers.sort((a, b) => b.score - a.score || compareIds(a.productId, b.productId));
  return offers.slice(0, k);
}

/**
 * The reason in words: "bought X; 38% of those who buy X also buy Y" or "38% of segment S buy Y",
 * with product names from `names` where given.
 */
export function describeOfferReason(
  productId: ItemId,
  reason: OfferReason,
  names: ReadonlyMap<ItemId, string> = new Map(),
): string {
  const name = (id: ItemId) => names.get(id) ?? String(id);
  const pct = `${Math.round(reason.share * 100)}%`;
  if ('segment' in reason) return `${pct} of segment ${reason.segment} buy ${name(productId)}`;
  return `bought ${name(reason.basedOn)}; ${pct} of those who buy ${name(reason.basedOn)} also buy ${name(productId)}`;
}

export function compareIds(a: ItemId, b: ItemId): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
