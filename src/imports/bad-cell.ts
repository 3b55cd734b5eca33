import type { ChunkContext, ChunkResult, Checked, LoadRejection } from './kind';

/** A cell (or the whole line, key `line`) a kind's reader refuses: thrown while a line is read. */
export class BadCell<Key extends string> {
  constructor(
    readonly key: Key | 'line',
    readonly reason: string,
  ) {}
}

/** How a refusal names a cell: the file's column and the key it was mapped to, e.g. `E-mail (email)`. */
export function cellField<Key extends string>(
  columns: Readonly<Partial<Record<Key, string>>>,
  key: Key | 'line',
): string {
  return key === 'line' ? 'line' : `${columns[key]} (${key})`;
}

/** Reads one line; a BadCell thrown by `read` becomes the line's refusal, naming the cell. */
export function checkLine<Key extends string, Row>(
  columns: Readonly<Partial<Record<Key, string>>>,
  read: () => Row,
): Checked<Row> {
  try {
    return { ok: true, row: read() };
  } catch (err) {
    if (!(err instanceof BadCell)) throw err;
    return { ok: false, field: cellField(columns, err.key as Key | 'line'), reason: err.reason };
  }
}

/** The outcome of one item of an owner's bulk upsert (accounts, products). */
export type UpsertOutcome =
  | { status: 'created' | 'updated' | 'unchanged' }
  | { status: 'rejected'; field: string; reason: string };

/** A chunk's counts and refused lines from the outcomes of a bulk upsert, in the chunk's order. */
export function tallyUpserts(outcomes: readonly UpsertOutcome[], ctx: ChunkContext): ChunkResult {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejected: LoadRejection[] = [];
  outcomes.forEach((o, index) => {
    counts[o.status]++;
    if (o.status === 'rejected') {
      const column = ctx.columns[o.field];
      rejected.push({ index, field: column ? `${column} (${o.field})` : o.field, reason: o.reason });
    }
  });
  return { counts, rejected };
}
