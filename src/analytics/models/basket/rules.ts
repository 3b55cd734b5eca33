import { InputError } from '../input-error';
import { type DuplicateItem, type EncodedBaskets, encodeBaskets, type ItemId } from './baskets';
import { type FrequentItemset, mineFrequentItemsets } from './fp-growth';

/** An association rule X ⇒ Y with its measures (Agrawal, Imieliński & Swami 1993; Brin et al. 1997). */
export interface AssociationRule {
  antecedent: ItemId[];
  consequent: ItemId[];
  /** Baskets containing X ∪ Y. */
  count: number;
  /** count / n. */
  support: number;
  /** P(Y | X) = count(X ∪ Y) / count(X). */
  confidence: number;
  /** confidence / support(Y). */
  lift: number;
  /** (1 − support(Y)) / (1 − confidence); +∞ when the confidence is 1. */
  conviction: number;
  antecedentCount: number;
  consequentCount: number;
}

/** Options of `mineAssociationRules`. */
export interface RuleOptions {
  /** Minimum support in (0, 1]: an itemset is frequent when count / n ≥ minSupport. */
  minSupport: number;
  /** Minimum confidence in (0, 1]. */
  minConfidence: number;
  /** Longest itemset (antecedent and consequent together); default no limit. */
  maxLength?: number;
  /**
   * 'any' (default): every split of a frequent itemset into X ⇒ Y, as Efficient-Apriori and mlxtend
   * give; 'single': one-item consequents only, as R's arules gives (which also leaves out rules with
   * an empty antecedent; arules adds {} ⇒ {y} for minlen = 1, these are not produced here).
   */
  consequents?: 'any' | 'single';
}

/** A frequent itemset with item ids. */
export interface ItemsetSupport {
  items: ItemId[];
  count: number;
  support: number;
}

/** Result of `mineAssociationRules`. */
export interface RuleMining {
  rules: AssociationRule[];
  itemsets: ItemsetSupport[];
  basketCount: number;
  /** Smallest basket count that is frequent. */
  minCount: number;
  duplicates: DuplicateItem[];
  emptyBaskets: number[];
}

/**
 * Frequent itemsets by FP-growth (`mineFrequentItemsets`) and the association rules X ⇒ Y they
 * yield (Agrawal & Srikant 1994, "Fast algorithms for mining association rules", §3: every
 * non-empty proper subset X of a frequent itemset Z gives X ⇒ Z∖X when count(Z)/count(X) ≥
 * minConfidence). Measures: support, confidence, lift (Brin, Motwani, Ullman & Tsur 1997) and
 * conviction (Brin et al. 1997). Rules are sorted by lift, then confidence, then count (descending).
 * Throws InputError naming the field for a threshold outside (0, 1] or a maxLength below 1.
 */
export function mineAssociationRules(
  baskets: readonly (readonly ItemId[])[] | EncodedBaskets,
  options: RuleOptions,
): RuleMining {
  requireShare(options.minSupport, 'minSupport');
  requireShare(options.minConfidence, 'minConfidence');
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  if (!(maxLength >= 1) || (Number.isFinite(maxLength) && !Number.isInteger(maxLength))) {
    throw new InputError(`must be a whole number ≥ 1, got ${options.maxLength}`, { field: 'maxLength' });
  }
  const data = isEncoded(baskets) ? baskets : encodeBaskets(baskets);
  const n = data.count;
  const { itemsets, minCount } = mineFrequentItemsets(data, { minSupport: options.minSupport, maxLength });
  const counts = new Map<string, number>();
  for (const set of itemsets) counts.set(keyOf(set.items), set.count);
  const rules: AssociationRule[] = [];
  const single = options.consequents === 'single';
  const minConfidence = options.minConfidence;
  for (const set of itemsets) {
    const k = set.items.length;
    if (k < 2) continue;
    const full = (1 << k) - 1;
    for (let mask = 1; mask < full; mask++) {
      const consequentMask = full ^ mask;
      if (single && (consequentMask & (consequentMask - 1)) !== 0) continue;
      const x: number[] = [];
      const y: number[] = [];
      for (let b = 0; b < k; b++) ((mask >> b) & 1 ? x : y).push(set.items[b] as number);
      const xCount = counts.get(keyOf(x)) as number;
      const confidence = set.count / xCount;
      if (confidence < minConfidence) continue;
      const yCount = counts.get(keyOf(y)) as number;
      const ySupport = yCount / n;
      rules.push({
        antecedent: x.map((i) => data.items[i] as ItemId),
        consequent: y.map((i) => data.items[i] as ItemId),
        count: set.count,
        support: set.count / n,
        confidence,
        lift: confidence / ySupport,
        conviction: confidence === 1 ? Number.POSITIVE_INFINITY : (1 - ySupport) / (1 - confidence),
        antecedentCount: xCount,
        consequentCount: yCount,
      });
    }
  }
  rules.sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || b.count - a.count);
  return {
    rules,
    itemsets: itemsets.map((s: FrequentItemset) => ({
      items: s.items.map((i) => data.items[i] as ItemId),
      count: s.count,
      support: s.count / n,
    })),
    basketCount: n,
    minCount,
    duplicates: data.duplicates,
    emptyBaskets: data.emptyBaskets,
  };
}

function requireShare(value: number, field: string): void {
  if (!(value > 0 && value <= 1)) throw new InputError(`must be in (0, 1], got ${value}`, { field });
}

function isEncoded(value: readonly (readonly ItemId[])[] | EncodedBaskets): value is EncodedBaskets {
  return !Array.isArray(value);
}

/** Map key of an ascending list of item indices. */
function keyOf(items: readonly number[]): string {
  return items.join(',');
}
