import { createRandom, encodeBaskets, mineAssociationRules } from '../src/analytics/index';

/** Figures of the association-rule benchmark (milliseconds, and what was found). */
export interface BasketBenchFigures {
  baskets: number;
  items: number;
  meanBasketSize: number;
  itemsets: number;
  rules: number;
  /** First call in this process (JIT warm-up included): encode + FP-growth + rules. */
  coldMs: number;
  /** Median of `runs` warm calls of the same. */
  medianMs: number;
  /** Median CPU time (user + system) of the warm calls, for loaded machines. */
  medianCpuMs: number;
  runs: number;
}

/**
 * Groceries-like baskets (the arules data set: 9,835 baskets of 169 items, 4.4 items a basket on
 * average): item popularity falling as a power law, sizes 1 + Poisson(3.4), and 40 small bundles of
 * tail items bought together so that high-confidence rules exist. Deterministic for a seed.
 */
export function generateGroceryLikeBaskets(count = 9835, itemCount = 169, seed = 1): number[][] {
  const random = createRandom(seed);
  const weights = Array.from({ length: itemCount }, (_, i) => 1 / (i + 1) ** 0.9);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  const draw = (): number => {
    const u = random.next() * total;
    let lo = 0;
    let hi = itemCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const poisson = (mean: number): number => {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = random.next();
    while (u > s) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  };
  const bundles = Array.from({ length: 40 }, () =>
    Array.from({ length: 2 + Math.floor(random.next() * 3) }, () => 40 + Math.floor(random.next() * 129)),
  );
  return Array.from({ length: count }, () => {
    const basket = new Set<number>();
    const size = 1 + poisson(3.4);
    if (random.next() < 0.04)
      for (const item of bundles[Math.floor(random.next() * 40)] as number[]) basket.add(item);
    while (basket.size < size) basket.add(draw());
    return [...basket];
  });
}

/**
 * Times association rules (support 0.001, confidence 0.8, the thresholds of the arules Groceries
 * example) on Groceries-like baskets; target well under 150 ms. Not pure: reads the clock and the
 * process's CPU time.
 */
export function benchAssociationRules(runs = 11, seed = 1): BasketBenchFigures {
  const baskets = generateGroceryLikeBaskets(9835, 169, seed);
  const options = { minSupport: 0.001, minConfidence: 0.8 };
  const t0 = performance.now();
  let result = mineAssociationRules(encodeBaskets(baskets), options);
  const coldMs = performance.now() - t0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const before = process.cpuUsage();
    result = mineAssociationRules(encodeBaskets(baskets), options);
    const used = process.cpuUsage(before);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    baskets: baskets.length,
    items: 169,
    meanBasketSize: baskets.reduce((s, b) => s + b.length, 0) / baskets.length,
    itemsets: result.itemsets.length,
    rules: result.rules.length,
    coldMs,
    medianMs: times[Math.floor(runs / 2)] as number,
    medianCpuMs: cpu[Math.floor(runs / 2)] as number,
    runs,
  };
}
