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
  rows.forEach((row, i) => {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (!Number.isFinite(row.x) || row.x < 0)
      throw new InputError(`x = ${row.x}`, { line: i + 1, field: 'x' });
    if (!Number.isFinite(row.tx) || row.tx < 0)
      throw new InputError(`t_x = ${row.tx}`, { line: i + 1, field: 'tx' });
    if (!Number.isFinite(row.T) || row.T < row.tx) {
      throw new InputError(`T = ${row.T} < t_x = ${row.tx}`, { line: i + 1, field: 'T' });
    }
    if (!(w >= 0) || !Number.isFinite(w))
      throw new InputError(`weight = ${w}`, { line: i + 1, field: 'weight' });
  });
  // Merge equal (x, t_x, T) through nested maps keyed by number (no string keys, no sort).
  const index = new Map<number, Map<number, Map<number, number>>>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as PurchaseHistory;
    const w = weights === undefined ? 1 : (weights[i] as number);
    let byTx = index.get(row.x);
    if (!byTx) {
      byTx = new Map();
      index.set(row.x, byTx);
    }
    let byT = byTx.get(row.tx);
    if (!byT) {
      byT = new Map();
      byTx.set(row.tx, byT);
    }
    const at = byT.get(row.T);
    if (at === undefined) {
      byT.set(row.T, x.length);
      x.push(row.x);
      tx.push(row.tx);
      T.push(row.T);
      weight.push(w);
    } else weight[at] = (weight[at] as number) + w;
  }
  const xValues = [...index.keys()].sort((a, b) => a - b);
  const xPosition = new Map(xValues.map((v, i) => [v, i]));
  const xWeights = new Float64Array(xValues.length);
  const xIndex = new Int32Array(x.length);
  x.forEach((v, i) => {
    const k = xPosition.get(v) as number;
    xIndex[i] = k;
    xWeights[k] = (xWeights[k] as number) + (weight[i] as number);
  });
  const TValues = [...new Set(T)].sort((a, b) => a - b);
  const TPosition = new Map(TValues.map((v, i) => [v, i]));
  const TIndex = Int32Array.from(T, (v) => TPosition.get(v) as number);
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
    xIndex,
    TIndex,
    TValues: Float64Array.from(TValues),
    xValues: Float64Array.from(xValues),
    xWeights,
    total: weight.reduce((s, w) => s + w, 0),
  };
}

/** Accepts raw rows or an already compressed summary. */
export function asCompressed(data: readonly PurchaseHistory[] | CompressedSummary): CompressedSummary {
  return 'xIndex' in data ? data : compressSummaries(data);
}
