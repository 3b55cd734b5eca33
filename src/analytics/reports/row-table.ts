/**
 * Per-customer results kept as columns (a million customers are a few typed arrays, not a million
 * objects), read as rows. A report holding one serialises it as an array of objects
 * (`toJSON`); a streaming writer can read the columns directly.
 */

/** A text column: the text of record i. */
export interface TextColumn {
  readonly name: string;
  readonly text: (record: number) => string;
}

/**
 * A number column: record i's value is `values[at[i]]` (or `values[i]` without `at`, e.g. one value
 * per distinct purchase history shared by its customers); NaN, or `values` null, is null.
 */
export interface NumberColumn {
  readonly name: string;
  readonly values: ArrayLike<number> | null;
  readonly at?: ArrayLike<number>;
  /**
   * The number is computed (a prediction, a sum) rather than read: writers may round it to 12
   * significant digits. Inputs echoed back are written exactly.
   */
  readonly computed?: boolean;
}

export type RowColumn = TextColumn | NumberColumn;

/** Rows of `columns`; row k is record `order[k]` (or record k without an order). */
export class RowTable<Row extends object> {
  constructor(
    readonly length: number,
    readonly columns: readonly RowColumn[],
    readonly order: ArrayLike<number> | null = null,
  ) {}

  /** The record shown in row k. */
  record(k: number): number {
    return this.order === null ? k : (this.order[k] as number);
  }

  /** The value of a column for record i. */
  static value(column: RowColumn, record: number): string | number | null {
    if ('text' in column) return column.text(record);
    if (column.values === null) return null;
    const v = column.values[column.at === undefined ? record : (column.at[record] as number)] as number;
    return Number.isNaN(v) ? null : v;
  }

  /** Row k as an object. */
  row(k: number): Row {
    const record = this.record(k);
    const out: Record<string, string | number | null> = {};
    for (const column of this.columns) out[column.name] = RowTable.value(column, record);
    return out as Row;
  }

  /** Rows start … end − 1 as objects. */
  rows(start = 0, end = this.length): Row[] {
    const out: Row[] = [];
    for (let k = start; k < Math.min(end, this.length); k++) out.push(this.row(k));
    return out;
  }

  toJSON(): Row[] {
    return this.rows();
  }
}
