import { InputError } from '../input-error';

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
  const indexOf = (values: Float64Array) => {
    const map = new Map<number, number>();
    const index = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      let k = map.get(v);
      if (k === undefined) {
        k = map.size;
        map.set(v, k);
      }
      index[i] = k;
    }
    return { index, size: map.size };
  };
  const xs = indexOf(x);
  const txs = indexOf(tx);
  const Ts = indexOf(T);
  const rowOf = new Int32Array(n);
  const first: number[] = [];
  const weight: number[] = [];
  if (xs.size * txs.size * Ts.size < 2 ** 53) {
    const key = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k =
        ((xs.index[i] as number) * txs.size + (txs.index[i] as number)) * Ts.size + (Ts.index[i] as number);
      let row = key.get(k);
      if (row === undefined) {
        row = first.length;
        key.set(k, row);
        first.push(i);
        weight.push(0);
      }
      rowOf[i] = row;
      weight[row] = (weight[row] as number) + (weights === undefined ? 1 : (weights[i] as number));
    }
  } else {
    const key = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = `${xs.index[i]}|${txs.index[i]}|${Ts.index[i]}`;
      let row = key.get(k);
      if (row === undefined) {
        row = first.length;
        key.set(k, row);
        first.push(i);
        weight.push(0);
      }
      rowOf[i] = row;
      weight[row] = (weight[row] as number) + (weights === undefined ? 1 : (weights[i] as number));
    }
  }
  const rows = first.length;
  const out = {
    x: Float64Array.from(first, (i) => x[i] as number),
    tx: Float64Array.from(first, (i) => tx[i] as number),
    T: Float64Array.from(first, (i) => T[i] as number),
    weight: Float64Array.from(weight),
  };
  const xValues = [...new Set(out.x)].sort((a, b) => a - b);
  const xPosition = new Map(xValues.map((v, i) => [v, i]));
  const xWeights = new Float64Array(xValues.length);
  const xIndex = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = xPosition.get(out.x[r] as number) as number;
    xIndex[r] = k;
    xWeights[k] = (xWeights[k] as number) + (out.weight[r] as number);
  }
  const TValues = [...new Set(out.T)].sort((a, b) => a - b);
  const TPosition = new Map(TValues.map((v, i) => [v, i]));
  const TIndex = Int32Array.from(out.T, (v) => TPosition.get(v) as number);
  let total = 0;
  for (let r = 0; r < rows; r++) total += out.weight[r] as number;
  return {
    ...out,
    xIndex,
    TIndex,
    TValues: Float64Array.from(TValues),
    xValues: Float64Array.from(xValues),
    xWeights,
    total,
    rowOf,
  };
}

/** Accepts raw rows or an already compressed summary. */
export function asCompressed(data: readonly PurchaseHistory[] | CompressedSummary): CompressedSummary {
  return 'xIndex' in data ? data : compressSummaries(data);
}
