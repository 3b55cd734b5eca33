import type { ItemId } from './baskets';
import type { AssociationRule } from './rules';

/** P(Y | X) for ordered pairs of products: affinities.get(X).get(Y) = { share, count }. */
export type Affinities = Map<ItemId, Map<ItemId, { share: number; count: number }>>;

/**
 * Item-to-item affinities from co-occurrence (Linden, Smith & York 2003, "Amazon.com
 * recommendations: item-to-item collaborative filtering", IEEE Internet Computing 7(1)): over the
 * holdings (a customer's products, or a basket's items, each counted once), share(X → Y) =
 * count(X and Y) / count(X), kept where count(X and Y) ≥ minCount (default 1). O(Σ kᵢ²) for holdings
 * of kᵢ products.
 */
export function computeAffinities(holdings: readonly (readonly ItemId[])[], minCount = 1): Affinities {
  const itemCount = new Map<ItemId, number>();
  const pairCount = new Map<ItemId, Map<ItemId, number>>();
  for (const holding of holdings) {
    const items = [...new Set(holding)];
    for (const x of items) {
      itemCount.set(x, (itemCount.get(x) ?? 0) + 1);
      let row = pairCount.get(x);
      if (!row) {
        row = new Map();
        pairCount.set(x, row);
      }
      for (const y of items) if (y !== x) row.set(y, (row.get(y) ?? 0) + 1);
    }
  }
  const out: Affinities = new Map();
  for (const [x, row] of pairCount) {
    const n = itemCount.get(x) as number;
    const kept = new Map<ItemId, { share: number; count: number }>();
    for (const [y, count] of row) if (count >= minCount) kept.set(y, { share: count / n, count });
    if (kept.size > 0) out.set(x, kept);
  }
  return out;
}

/**
 * Affinities from association rules with one antecedent and one consequent: share = the rule's
 * confidence, count = its count (rules with longer sides are left out).
 */
export function affinitiesFromRules(rules: readonly AssociationRule[]): Affinities {
  const out: Affinities = new Map();
  for (const rule of rules) {
    if (rule.antecedent.length !== 1 || rule.consequent.length !== 1) continue;
    const x = rule.antecedent[0] as ItemId;
    let row = out.get(x);
    if (!row) {
      row = new Map();
      out.set(x, row);
    }
    row.set(rule.consequent[0] as ItemId, { share: rule.confidence, count: rule.count });
  }
  return out;
}
