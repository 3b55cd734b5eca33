import type { ItemId } from './baskets';
import { type CustomerHoldings, compareIds } from './next-best-offer';

/** One customer's products split into bought and not yet bought. */
export interface CustomerGap {
  customerId: string;
  segment: string | undefined;
  bought: ItemId[];
  notBought: ItemId[];
}

/** Within a segment, how many customers bought each product. */
export interface SegmentGap {
  segment: string;
  customers: number;
  products: { productId: ItemId; buyers: number; share: number; nonBuyers: number }[];
}

/**
 * "Bought and not bought": for each customer the catalogue split into products bought (owned, in
 * catalogue order) and not bought yet; for each segment (customers without one under
 * '(none)'), each product's buyers, share of the segment and non-buyers — the white space a sales
 * rep works. Pure shaping, no model.
 */
export function summarizeBoughtNotBought(
  customers: readonly CustomerHoldings[],
  catalogue: readonly ItemId[],
): { customers: CustomerGap[]; segments: SegmentGap[] } {
  const perCustomer = customers.map((c) => {
    const owned = new Set(c.owned);
    return {
      customerId: c.customerId,
      segment: c.segment,
      bought: catalogue.filter((p) => owned.has(p)),
      notBought: catalogue.filter((p) => !owned.has(p)),
    };
  });
  const bySegment = new Map<string, CustomerGap[]>();
  for (const gap of perCustomer) {
    const key = gap.segment ?? '(none)';
    const members = bySegment.get(key);
    if (members) members.push(gap);
    else bySegment.set(key, [gap]);
  }
  const segments = [...bySegment.entries()]
    .sort((a, b) => compareIds(a[0], b[0]))
    .map(([segment, members]) => ({
      segment,
      customers: members.length,
      products: catalogue.map((productId) => {
        const buyers = members.filter((m) => m.bought.includes(productId)).length;
        return { productId, buyers, share: buyers / members.length, nonBuyers: members.length - buyers };
      }),
    }));
  return { customers: perCustomer, segments };
}
