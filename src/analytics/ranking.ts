/**
 * Deterministic ranking helpers shared by RFM and profitability.
 *
 * Tie rule: items are ordered by value, then by id in ascending code-unit order (`a < b` on the
 * strings), so equal values never depend on input order.
 */

/** Indices of `items` sorted by `value` (ascending, or descending with `descending`), ties by id. */
export function rankIndices<T>(
  items: readonly T[],
  value: (item: T) => number,
  id: (item: T) => string,
  descending = false,
): number[] {
  const sign = descending ? -1 : 1;
  return items
    .map((_, i) => i)
    .sort((i, j) => {
      const a = items[i] as T;
      const b = items[j] as T;
      const dv = sign * (value(a) - value(b));
      if (dv !== 0) return dv;
      const ia = id(a);
      const ib = id(b);
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
}

/** Bucket of 0-based rank `rank` among n into `buckets` equal groups: floor(rank·buckets/n) + 1. */
export function bucketOfRank(rank: number, n: number, buckets: number): number {
  return Math.floor((rank * buckets) / n) + 1;
}

/**
 * Share of the total held by the top `fraction` of values (largest first), counting
 * ceil(fraction · n) items; `bottom` takes the smallest instead. NaN when the total is 0.
 * E.g. values 50, 20, 10, 10, 10 with fraction 0.2: the top item holds 50/100 = 0.5.
 */
export function computeTopShare(values: readonly number[], fraction = 0.2, bottom = false): number {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
  // A typed array sorts numbers natively (a million in tens of milliseconds); the sums run in the
  // order of the ranking (largest first, or smallest first for `bottom`).
  const ascending = Float64Array.from(values).sort();
  const n = ascending.length;
  const at = (i: number) => ascending[bottom ? i : n - 1 - i] as number;
  const k = Math.ceil(fraction * n);
  let total = 0;
  let part = 0;
  for (let i = 0; i < n; i++) {
    total += at(i);
    if (i === k - 1) part = total;
  }
  if (total === 0) return Number.NaN;
  return part / total;
}
