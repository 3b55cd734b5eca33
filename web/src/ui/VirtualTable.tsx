import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import './data.css';

export interface VirtualColumn<Row> {
  id: string;
  header: ReactNode;
  width: string;
  render(row: Row): ReactNode;
  /** The column's aria-sort; with onSort the header is a button that changes the sort. */
  sort?: 'ascending' | 'descending' | 'none';
  onSort?(): void;
}

export interface RowSelection<Row> {
  isSelected(row: Row): boolean;
  toggle(row: Row): void;
  /** All loaded rows selected (true), some (null), none (false). */
  all: boolean | null;
  toggleAll(): void;
  /** The label of a row's checkbox, e.g. "Select Ann Example". */
  label(row: Row): string;
}

interface VirtualTableProps<Row> {
  caption: string;
  columns: readonly VirtualColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** More rows exist on the server: the table asks for them as the end comes into view. */
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  selection?: RowSelection<Row>;
  empty: ReactNode;
  rowHeight?: number;
  testId?: string;
}

/**
 * A data table for long lists: only the rows in view (and a few around them) are in the page, the
 * rest stand in as spacer height, and the next server page is requested before the end is reached.
 * Rows have one fixed height (cells do not wrap). The scroll box is focusable, so the keyboard
 * scrolls it; the header stays in view.
 */
export function VirtualTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  hasMore,
  loadingMore,
  onLoadMore,
  selection,
  empty,
  rowHeight = 40,
  testId,
}: VirtualTableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 40) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const span = columns.length + (selection ? 1 : 0);

  return (
    <section
      ref={scrollRef}
      className="vtable"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must be focusable to scroll by keyboard
      tabIndex={0}
      aria-label={caption}
      data-testid={testId}
    >
      <table className="table vtable__table" aria-rowcount={hasMore ? -1 : rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          {selection ? <col style={{ width: '2.75rem' }} /> : null}
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead className="vtable__head">
          <tr aria-rowindex={1}>
            {selection ? (
              <th scope="col" className="vtable__check">
                <input
                  type="checkbox"
                  aria-label="Select all loaded rows"
                  checked={selection.all === true}
                  ref={(el) => {
                    if (el) el.indeterminate = selection.all === null;
                  }}
                  onChange={selection.toggleAll}
                  disabled={rows.length === 0}
                />
              </th>
            ) : null}
            {columns.map((c) => (
              <th key={c.id} scope="col" aria-sort={c.onSort ? c.sort : undefined}>
                {c.onSort ? (
                  <button type="button" className="vtable__sort" onClick={c.onSort}>
                    {c.header}
                    <span aria-hidden="true" className="vtable__arrow">
                      {c.sort === 'ascending' ? '▲' : c.sort === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && !hasMore ? (
            <tr>
              <td colSpan={span} className="table__empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {paddingTop > 0 ? (
            <tr style={{ height: paddingTop }}>
              <td colSpan={span} className="vtable__spacer" />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined)
              return (
                <tr key="more" style={{ height: rowHeight }} className="vtable__more">
                  <td colSpan={span}>Loading more…</td>
                </tr>
              );
            const selected = selection?.isSelected(row) ?? false;
            return (
              <tr
                key={rowKey(row)}
                aria-rowindex={item.index + 2}
                aria-selected={selection ? selected : undefined}
                data-testid="list-row"
                style={{ height: rowHeight }}
                className={selected ? 'vtable__row--selected' : undefined}
              >
                {selection ? (
                  <td className="vtable__check">
                    <input
                      type="checkbox"
                      aria-label={selection.label(row)}
                      checked={selected}
                      onChange={() => selection.toggle(row)}
                    />
                  </td>
                ) : null}
                {columns.map((c) => (
                  <td key={c.id}>{c.render(row)}</td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr style={{ height: paddingBottom }}>
              <td colSpan={span} className="vtable__spacer" />
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
