import { InputError } from '../input-error';
import { argsortNumbers } from '../ranking';

/** The part of a customer summary the purchase models use. */
export interface PurchaseHistory {
  x: number;
  tx: number;
  T: number;
}

/** Identical (x, t_x, T) rows merged, with their count as weight; x-level groups for the gamma terms. */
export interface CompressedSummary {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each row's x in `xValues`. */
  readonly xIndex: Int32Array;
  /** Distinct x values and their total weights (terms depending on x alone are summed once per x). */
  readonly xValues: Float64Array;
  readonly xWeights: Float64Array;
  /** Index of each row's T in `TValues` (customers acquired on the same day share T). */
  readonly TIndex: Int32Array;
  readonly TValues: Float64Array;
  /** Index of each row's t_x in `txValues` (distinct, ascending), when the compressor kept it. */
  readonly txIndex?: Int32Array;
  readonly txValues?: Float64Array;
  /** Σ weights (number of customers). */
  readonly total: number;
}

/**
 * Compresses customer summaries: rows with the same (x, t_x, T) are merged and weighted by their
 * count (or by the sum of the given `weights`), so a likelihood such as BG/NBD's is evaluated once
 * per distinct history. Throws InputError (1-based row, field) for x < 0, t_x < 0, T < t_x,
 * non-finite values or a negative weight.
 */
export function compressSummaries(
  rows: readonly PurchaseHistory[],
  weights?: readonly number[],
): CompressedSummary {
  if (rows.length === 0) throw new InputError('no customers to fit');
  return compressColumns(
    Float64Array.from(rows, (r) => r.x),
    Float64Array.from(rows, (r) => r.tx),
    Float64Array.from(rows, (r) => r.T),
    weights === undefined ? undefined : Float64Array.from(weights),
  );
}

/** A compressed summary with, for each input row, the index of its distinct history. */
export interface CompressedColumns extends CompressedSummary {
  /** rowOf[i]: the compressed row of input row i. */
  readonly rowOf: Int32Array;
}

/**
 * `compressSummaries` over columns, remembering where each input row went (predictions are then
 * made once per distinct history). Each distinct x, t_x and T value gets an index from a map, and
 * the three indices one number, so a million rows cost three million map look-ups and no string
 * or object per row. Distinct histories keep the order of their first row.
 */
export function compressColumns(
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
  weights?: Float64Array,
): CompressedColumns {
  const n = x.length;
  if (n === 0) throw new InputError('no customers to fit');
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const ti = tx[i] as number;
    const Ti = T[i] as number;
    if (!Number.isFinite(xi) || xi < 0) throw new InputError(`x = ${xi}`, { line: i + 1, field: 'x' });
    if (!Number.isFinite(ti) || ti < 0) throw new InputError(`t_x = ${ti}`, { line: i + 1, field: 'tx' });
    if (!Number.isFinite(Ti) || Ti < ti)
      throw new InputError(`T = ${Ti} < t_x = ${ti}`, { line: i + 1, field: 'T' });
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (!(w >= 0) || !Number.isFinite(w))
      throw new InputError(`weight = ${w}`, { line: i + 1, field: 'weight' });
  }
  const xs = distinctValues(x);
  const txs = distinctValues(tx);
  const Ts = distinctValues(T);
  const nx = xs.values.length;
  const ntx = txs.values.length;
  const nT = Ts.values.length;
  // One number per (x, t_x, T), sorted (stable) to find equal histories; each history is numbered
  // in the order of its first row.
  const keys = new Float64Array(n);
  if (nx * ntx * nT < 2 ** 53) {
    for (let i = 0; i < n; i++)
      keys[i] = ((xs.index[i] as number) * ntx + (txs.index[i] as number)) * nT + (Ts.index[i] as number);
  } else {
    // Too many combinations for one exact number: number the distinct (x, t_x) pairs first.
    const pairs = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = `${xs.index[i]}|${txs.index[i]}`;
      let p = pairs.get(k);
      if (p === undefined) {
        p = pairs.size;
        pairs.set(k, p);
      }
      keys[i] = p * nT + (Ts.index[i] as number);
    }
  }
  const sorted = argsortNumbers(keys);
  // The first row of each group of equal keys (the smallest index: the sort is stable).
  const leader = new Int32Array(n);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = sorted[k] as number;
    if (k === 0 || keys[i] !== keys[sorted[k - 1] as number]) starts.push(i);
    leader[i] = starts[starts.length - 1] as number;
  }
  const first = Int32Array.from(starts).sort();
  const rowOfLeader = new Int32Array(n);
  for (let r = 0; r < first.length; r++) rowOfLeader[first[r] as number] = r;
  const rowOf = new Int32Array(n);
  const weight = new Float64Array(first.length);
  for (let i = 0; i < n; i++) {
    const r = rowOfLeader[leader[i] as number] as number;
    rowOf[i] = r;
    weight[r] = (weight[r] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }
  const rows = first.length;
  const pick = (values: Float64Array | Int32Array, into: Float64Array | Int32Array) => {
    for (let r = 0; r < rows; r++) into[r] = values[first[r] as number] as number;
    return into;
  };
  const xIndex = pick(xs.index, new Int32Array(rows)) as Int32Array;
  const xWeights = new Float64Array(nx);
  let total = 0;
  const weightColumn = weight;
  for (let r = 0; r < rows; r++) {
    const w = weightColumn[r] as number;
    xWeights[xIndex[r] as number] = (xWeights[xIndex[r] as number] as number) + w;
    total += w;
  }
  return {
    x: pick(x, new Float64Array(rows)) as Float64Array,
    tx: pick(tx, new Float64Array(rows)) as Float64Array,
    T: pick(T, new Float64Array(rows)) as Float64Array,
    weight: weightColumn,
    xIndex,
    TIndex: pick(Ts.index, new Int32Array(rows)) as Int32Array,
    TValues: Ts.values,
    txIndex: pick(txs.index, new Int32Array(rows)) as Int32Array,
    txValues: txs.values,
    xValues: xs.values,
    xWeights,
    total,
    rowOf,
  };
}

/**
 * The distinct values of a column, ascending, and the index of each entry's value among them: a
 * native sort of a copy and a binary search per entry (no map of doubles).
 */
export function distinctValues(column: Float64Array): { values: Float64Array; index: Int32Array } {
  const sorted = Float64Array.from(column).sort();
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    // −0 and 0 are one value (as a map's keys are).
    if (count === 0 || (sorted[i] as number) !== (sorted[count - 1] as number))
      sorted[count++] = sorted[i] as number;
  }
  const values = sorted.slice(0, count);
  const index = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    index[i] = lo;
  }
  return { values, index };
}

/** Accepts raw rows or an already compressed summary. */
export function asCompressed(data: readonly PurchaseHistory[] | CompressedSummary): CompressedSummary {
  return 'xIndex' in data ? data : compressSummaries(data);
}
