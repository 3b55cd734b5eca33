import { type EncodedBaskets, minimumCount } from './baskets';

/** A frequent itemset: item indices (into `EncodedBaskets.items`, ascending) and its basket count. */
export interface FrequentItemset {
  items: number[];
  count: number;
}

/** Options of `mineFrequentItemsets`. */
export interface ItemsetOptions {
  /** Minimum support, a share of all baskets in (0, 1]: an itemset is frequent when count / n ≥ it. */
  minSupport: number;
  /** Longest itemset to report (default: no limit). */
  maxLength?: number;
}

/**
 * All frequent itemsets by FP-growth: Han, Pei & Yin (2000), "Mining frequent patterns without
 * candidate generation", SIGMOD, Algorithm 2. Items below the minimum count are dropped and the rest
 * ranked by descending count; each basket is inserted as a path of ranks into a prefix tree (the
 * FP-tree) whose nodes carry counts and a link to the next node of the same item. For each item,
 * from the least frequent up, its prefix paths (its conditional pattern base) form a conditional
 * FP-tree that is mined recursively with the item appended to the suffix. Trees live in typed
 * arrays with integer item ranks. Returns the itemsets (any order) and the minimum count used.
 */
export function mineFrequentItemsets(
  data: EncodedBaskets,
  options: ItemsetOptions,
): { itemsets: FrequentItemset[]; minCount: number } {
  const minCount = minimumCount(options.minSupport, data.count);
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  const itemCount = new Uint32Array(data.items.length);
  for (let k = 0; k < data.itemIndex.length; k++) {
    const item = data.itemIndex[k] as number;
    itemCount[item] = (itemCount[item] as number) + 1;
  }
  const frequent: number[] = [];
  for (let i = 0; i < itemCount.length; i++) if ((itemCount[i] as number) >= minCount) frequent.push(i);
  frequent.sort((a, b) => (itemCount[b] as number) - (itemCount[a] as number) || a - b);
  const rankOf = new Int32Array(data.items.length).fill(-1);
  frequent.forEach((item, rank) => {
    rankOf[item] = rank;
  });
  const m = frequent.length;
  const itemsets: FrequentItemset[] = [];
  if (m === 0 || maxLength < 1) return { itemsets, minCount };
  const tree = new FpTree(m, data.itemIndex.length + 1);
  const path = new Int32Array(m);
  for (let b = 0; b < data.count; b++) {
    let len = 0;
    for (let k = data.offsets[b] as number; k < (data.offsets[b + 1] as number); k++) {
      const r = rankOf[data.itemIndex[k] as number] as number;
      if (r >= 0) path[len++] = r;
    }
    if (len === 0) continue;
    path.subarray(0, len).sort();
    tree.insert(path, len, 1);
  }
  const emit = (ranks: number[], count: number): void => {
    const items = ranks.map((r) => frequent[r] as number).sort((a, b) => a - b);
    itemsets.push({ items, count });
  };
  mineTree(tree, m, [], minCount, maxLength, emit);
  return { itemsets, minCount };
}

function mineTree(
  tree: FpTree,
  nItems: number,
  suffix: number[],
  minCount: number,
  maxLength: number,
  emit: (ranks: number[], count: number) => void,
): void {
  for (let r = nItems - 1; r >= 0; r--) {
    const support = tree.headerCount[r] as number;
    if (support < minCount) continue;
    const itemset = [...suffix, r];
    emit(itemset, support);
    if (itemset.length >= maxLength || r === 0) continue;
    // First pass over the conditional pattern base: item counts and the total path length.
    const condCount = new Uint32Array(r);
    let pathItems = 0;
    for (let node = tree.headerHead[r] as number; node !== -1; node = tree.next[node] as number) {
      const c = tree.count[node] as number;
      for (let p = tree.parent[node] as number; p > 0; p = tree.parent[p] as number) {
        {
          const it = tree.item[p] as number;
          condCount[it] = (condCount[it] as number) + c;
        }
        pathItems++;
      }
    }
    let any = false;
    for (let i = 0; i < r; i++) if ((condCount[i] as number) >= minCount) any = true;
    if (!any) continue;
    const cond = new FpTree(r, pathItems + 1);
    const path = new Int32Array(r);
    for (let node = tree.headerHead[r] as number; node !== -1; node = tree.next[node] as number) {
      let len = 0;
      for (let p = tree.parent[node] as number; p > 0; p = tree.parent[p] as number) {
        const it = tree.item[p] as number;
        if ((condCount[it] as number) >= minCount) path[len++] = it;
      }
      if (len === 0) continue;
      path.subarray(0, len).reverse();
      cond.insert(path, len, tree.count[node] as number);
    }
    mineTree(cond, r, itemset, minCount, maxLength, emit);
  }
}

/** An FP-tree in typed arrays; node 0 is the root. Item ranks along a path increase from the root. */
class FpTree {
  readonly item: Int32Array;
  readonly count: Uint32Array;
  readonly parent: Int32Array;
  readonly next: Int32Array;
  readonly firstChild: Int32Array;
  readonly sibling: Int32Array;
  readonly headerHead: Int32Array;
  readonly headerCount: Uint32Array;
  private size = 1;

  constructor(nItems: number, capacity: number) {
    this.item = new Int32Array(capacity).fill(-1);
    this.count = new Uint32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.next = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity).fill(-1);
    this.sibling = new Int32Array(capacity).fill(-1);
    this.headerHead = new Int32Array(nItems).fill(-1);
    this.headerCount = new Uint32Array(nItems);
  }

  insert(path: Int32Array, length: number, count: number): void {
    let node = 0;
    for (let k = 0; k < length; k++) {
      const it = path[k] as number;
      let child = this.firstChild[node] as number;
      while (child !== -1 && this.item[child] !== it) child = this.sibling[child] as number;
      if (child === -1) {
        child = this.size++;
        this.item[child] = it;
        this.parent[child] = node;
        this.sibling[child] = this.firstChild[node] as number;
        this.firstChild[node] = child;
        this.next[child] = this.headerHead[it] as number;
        this.headerHead[it] = child;
      }
      this.count[child] = (this.count[child] as number) + count;
      this.headerCount[it] = (this.headerCount[it] as number) + count;
      node = child;
    }
  }
}
