import type { ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  render(row: Row): ReactNode;
  /** Right-align numbers and actions. */
  align?: 'start' | 'end';
  /** A narrow column that never wraps (dates, buttons). */
  nowrap?: boolean;
}

interface TableProps<Row> {
  caption: string;
  /** Hide the caption visually (it still names the table for screen readers). */
  captionHidden?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  empty?: ReactNode;
}

/** A plain, accessible data table; scrolls sideways inside its box on narrow screens. */
export function Table<Row>({ caption, captionHidden, columns, rows, rowKey, empty }: TableProps<Row>) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : 'table__caption'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cellClass(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="table__empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={cellClass(c)}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function cellClass<Row>(c: Column<Row>): string | undefined {
  const classes = [c.align === 'end' ? 'table__cell--end' : '', c.nowrap ? 'table__cell--nowrap' : '']
    .filter(Boolean)
    .join(' ');
  return classes || undefined;
}
