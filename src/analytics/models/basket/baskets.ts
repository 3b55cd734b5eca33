/** An item (product) id as it comes in: a SKU string or a numeric id. */
export type ItemId = string | number;

/** An item repeated within one basket (counted once; reported so the source can be checked). */
export interface DuplicateItem {
  /** 0-based basket index. */
  basket: number;
  item: ItemId;
  /** How many times the item was listed in the basket. */
  occurrences: number;
}

/**
 * Baskets with integer item ids, in compressed sparse row form: basket b holds the item indices
 * `itemIndex[offsets[b] .. offsets[b + 1])`, distinct and ascending; `items[i]` is the id of item
 * index i (in order of first appearance).
 */
export interface EncodedBaskets {
  items: ItemId[];
  offsets: Uint32Array;
  itemIndex: Uint32Array;
  /** Number of baskets, empty ones included (they count in every support's denominator). */
  count: number;
  duplicates: DuplicateItem[];
  /** 0-based indices of the baskets without any item. */
  emptyBaskets: number[];
}

/**
 * Encodes baskets given as arrays of item ids into integer ids (typed arrays), the input of
 * `mineFrequentItemsets`. An item listed twice in a basket counts once (market-basket analysis
 * counts baskets containing an item, not units) and is reported in `duplicates`; empty baskets are
 * kept, counted, and reported in `emptyBaskets`.
 */
export function encodeBaskets(baskets: readonly (readonly ItemId[])[]): EncodedBaskets {
  const index = new Map<ItemId, number>();
  const items: ItemId[] = [];
  let total = 0;
  for (const basket of baskets) total += basket.length;
  const itemIndex = new Uint32Array(total);
  const offsets = new Uint32Array(baskets.length + 1);
  const duplicates: DuplicateItem[] = [];
  const emptyBaskets: number[] = [];
  let at = 0;
  baskets.forEach((basket, b) => {
    const start = at;
    for (const item of basket) {
      let id = index.get(item);
      if (id === undefined) {
        id = items.length;
        index.set(item, id);
        items.push(item);
      }
      itemIndex[at++] = id;
    }
    const slice = itemIndex.subarray(start, at).sort();
    let write = start;
    for (let k = 0; k < slice.length; k++) {
      const id = slice[k] as number;
      if (k > 0 && id === slice[k - 1]) continue;
      let run = 1;
      while (k + run < slice.length && slice[k + run] === id) run++;
      if (run > 1) duplicates.push({ basket: b, item: items[id] as ItemId, occurrences: run });
      itemIndex[write++] = id;
    }
    at = write;
    if (write === start) emptyBaskets.push(b);
    offsets[b + 1] = at;
  });
  return {
    items,
    offsets,
    itemIndex: itemIndex.slice(0, at),
    count: baskets.length,
    duplicates,
    emptyBaskets,
  };
}

/** The smallest basket count c with c / n ≥ minSupport, the test `support >= minSupport` in integers. */
export function minimumCount(minSupport: number, n: number): number {
  let c = Math.max(1, Math.ceil(minSupport * n));
  while (c > 1 && (c - 1) / n >= minSupport) c--;
  while (c / n < minSupport) c++;
  return c;
}
