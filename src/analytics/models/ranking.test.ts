import { describe, expect, it } from 'vitest';
import { bucketOfRank, bucketsByValue, rankIndices } from './ranking';

/** The buckets `rankIndices` and `bucketOfRank` give items whose ids are in input order. */
function reference(values: readonly number[], buckets: number, descending: boolean): number[] {
  const items = values.map((v, i) => ({ v, id: String(i).padStart(8, '0') }));
  const out = new Array<number>(values.length);
  rankIndices(
    items,
    (x) => x.v,
    (x) => x.id,
    descending,
  ).forEach((index, rank) => {
    out[index] = bucketOfRank(rank, values.length, buckets);
  });
  return out;
}

describe('bucketsByValue', () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  it('gives the buckets of rankIndices, ties by position, for integers and fractions both ways', () => {
    for (const n of [1, 2, 7, 1000]) {
      const integers = Array.from({ length: n }, () => Math.floor(random() * 12) - 3);
      const fractions = Array.from({ length: n }, () => Math.round(random() * 400) / 100 - 1);
      for (const descending of [false, true]) {
        for (const buckets of [5, 10]) {
          expect([...bucketsByValue(Int32Array.from(integers), buckets, descending)]).toEqual(
            reference(integers, buckets, descending),
          );
          expect([...bucketsByValue(Float64Array.from(fractions), buckets, descending)]).toEqual(
            reference(fractions, buckets, descending),
          );
        }
      }
    }
  });

  it('splits equal values by position into adjacent buckets', () => {
    expect([...bucketsByValue(new Int32Array(10), 5)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...bucketsByValue(Float64Array.from([3, 1, 2, 1, 3]), 5, true)]).toEqual([1, 4, 3, 5, 2]);
  });
});
