import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useRouter } from '../app/router';
import type { Session } from '../auth/api';
import { can } from '../auth/permissions';
import { fetchUsers } from '../customers/customer-api';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { type VirtualColumn, VirtualTable } from '../ui/VirtualTable';
import { BulkBar } from './BulkBar';
import { type CellContext, columnsFor, type ListColumn, visibleColumns } from './columns';
import { FilterBar } from './FilterBar';
import {
  fetchAttributes,
  fetchListCount,
  fetchListPage,
  fetchTags,
  type ListRow,
  listKeys,
} from './list-api';
import {
  countText,
  exportUrl,
  type ListKind,
  type ListState,
  nextSort,
  searchFromState,
  sortDirection,
  stateFromSearch,
  toCsv,
} from './list-query';
import { ColumnsDialog, ViewControls } from './ViewControls';

/** The most rows an export assembled in the browser holds. */
const EXPORT_LIMIT = 50_000;

interface ListPageProps {
  kind: ListKind;
  session: Session;
  title: string;
  description: string;
}

/** A back-office list (people or accounts): filters, sort, columns and saved views in the address; a virtual table paged by cursor; bulk actions. */
export function ListPage({ kind, session, title, description }: ListPageProps) {
  const { location, navigate } = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const state = useMemo(() => stateFromSearch(location.search), [location.search]);
  const viewId = new URLSearchParams(location.search).get('view');
  const base = kind === 'people' ? '/customers' : '/accounts';
  const show = (next: ListState, view: string | null = viewId) =>
    navigate(`${base}${searchFromState(next, view)}`, { replace: true });

  const attributes = useQuery({
    queryKey: listKeys.attributes(kind),
    queryFn: ({ signal }) => fetchAttributes(kind, signal),
  });
  const users = useQuery({ queryKey: ['users'], queryFn: ({ signal }) => fetchUsers(signal) });
  const tags = useQuery({
    queryKey: listKeys.tags(kind),
    queryFn: ({ signal }) => fetchTags(kind, signal),
  });
  // Its own request, so the first page never waits for the count (capped on the server).
  const count = useQuery({
    queryKey: listKeys.count(kind, state),
    queryFn: ({ signal }) => fetchListCount(kind, state, signal),
  });
  const pages = useInfiniteQuery({
    queryKey: listKeys.pages(kind, state),
    queryFn: ({ pageParam, signal }) => fetchListPage(kind, state, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);

  const [selected, setSelected] = useState<Map<string, ListRow>>(() => new Map());
  const [allMatching, setAllMatching] = useState(false);
  const [choosingColumns, setChoosingColumns] = useState(false);
  const filterKey = JSON.stringify(state.filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts a new selection
  useEffect(() => {
    setSelected(new Map());
    setAllMatching(false);
  }, [filterKey]);

  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const ctx: CellContext = { userName: (id) => (id ? (userNames.get(id) ?? '') : '') };
  const allColumns = columnsFor(kind, attributes.data ?? []);
  const shown = visibleColumns(allColumns, state.columns);
  const columns: VirtualColumn<ListRow>[] = shown.map((c) => ({
    id: c.id,
    header: c.label,
    width: c.width,
    render: (row) => c.render(row, ctx),
    ...(c.sortField
      ? {
          sort: sortDirection(state.sort, c.sortField),
          onSort: () => show({ ...state, sort: nextSort(state.sort, c.sortField ?? '') }),
        }
      : {}),
  }));

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const allLoadedSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const selection = {
    isSelected: (row: ListRow) => allMatching || selected.has(row.id),
    toggle: (row: ListRow) => {
      setAllMatching(false);
      const next = new Map(selected);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      setSelected(next);
    },
    all: allMatching || allLoadedSelected ? true : selected.size > 0 ? null : false,
    toggleAll: () => {
      setAllMatching(false);
      setSelected(allLoadedSelected || allMatching ? new Map() : new Map(rows.map((r) => [r.id, r])));
    },
    label: (row: ListRow) => `Select ${String(row.displayName ?? row.name ?? row.id)}`,
  };

  const download = (name: string, list: readonly ListRow[], cols: readonly ListColumn[]) => {
    const csv = toCsv([cols.map((c) => c.label), ...list.map((r) => cols.map((c) => c.text(r, ctx)))]);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const [exporting, setExporting] = useState(false);
  /** Every row the filters match as CSV: the server's export when it can apply the filters, else page by page here. */
  const exportMatching = async () => {
    const server = exportUrl(state);
    if (kind === 'people' && server.unsupported.length === 0) {
      window.location.assign(server.url);
      return;
    }
    setExporting(true);
    try {
      const all = [...rows];
      let cursor = pages.data?.pages.at(-1)?.nextCursor ?? null;
      while (cursor && all.length < EXPORT_LIMIT) {
        const page = await fetchListPage(kind, state, cursor);
        all.push(...page.items);
        cursor = page.nextCursor;
      }
      download(`${kind}.csv`, all.slice(0, EXPORT_LIMIT), shown);
      if (cursor) toast.show(`Exported the first ${EXPORT_LIMIT.toLocaleString()} rows`, 'info');
    } catch (error) {
      toast.show(errorMessage(error), 'error');
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader title={title} description={description} />
      <div className="toolbar">
        <ViewControls
          kind={kind}
          state={state}
          viewId={viewId}
          onOpen={(view) =>
            view
              ? show(
                  {
                    filters: view.definition.filters,
                    sort: view.definition.sort ?? null,
                    columns: view.definition.columns ?? null,
                  },
                  view.id,
                )
              : show({ filters: {}, sort: null, columns: null }, null)
          }
        />
        <span className="toolbar__spacer" />
        <Button onClick={() => setChoosingColumns(true)}>Columns</Button>
        <Button busy={exporting} onClick={() => void exportMatching()}>
          Export all as CSV
        </Button>
      </div>
      <FilterBar
        kind={kind}
        filters={state.filters}
        onChange={(filters) => show({ ...state, filters })}
        attributes={attributes.data ?? []}
        users={users.data ?? []}
        tags={tags.data ?? []}
      />
      {selected.size > 0 || allMatching ? (
        <BulkBar
          kind={kind}
          target={allMatching ? { filter: state.filters } : { ids: [...selected.keys()] }}
          summary={allMatching ? 'All matching the filters' : `${selected.size} selected`}
          users={users.data ?? []}
          mayUpdate={can(session.permissions, kind, 'update')}
          onExport={() =>
            allMatching
              ? void exportMatching()
              : download(`${kind}-selection.csv`, [...selected.values()], shown)
          }
          onClear={() => {
            setSelected(new Map());
            setAllMatching(false);
          }}
          onDone={() => {
            setSelected(new Map());
            setAllMatching(false);
            void queryClient.resetQueries({ queryKey: listKeys.all(kind) });
          }}
        />
      ) : null}
      {allLoadedSelected && hasNextPage && !allMatching ? (
        <p className="list-status">
          All {rows.length} loaded rows are selected.{' '}
          <Button size="sm" variant="ghost" onClick={() => setAllMatching(true)}>
            Select all matching the filters (up to 10,000)
          </Button>
        </p>
      ) : null}
      <p className="list-status list-count" aria-live="polite" data-testid="list-count">
        {count.data ? countText(kind, count.data) : count.isError ? '' : `Counting ${kind}…`}
      </p>
      {pages.isPending ? (
        <Spinner label={`Loading ${kind}…`} />
      ) : pages.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(pages.error)}
        </p>
      ) : rows.length === 0 && Object.keys(state.filters).length === 0 ? (
        <EmptyState title={kind === 'people' ? 'No customers yet' : 'No accounts yet'}>
          <p>
            {kind === 'people' ? 'People' : 'Companies'} you work with will be listed here.{' '}
            <Link to="/import">Import a CSV file</Link>
          </p>
        </EmptyState>
      ) : (
        <VirtualTable
          caption={title}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.id}
          hasMore={hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          selection={selection}
          empty={`No ${kind} match these filters.`}
          testId="list"
        />
      )}
      <p className="list-status" aria-live="polite" data-testid="list-status">
        {pages.data ? `${rows.length.toLocaleString()} loaded${hasNextPage ? ' — scroll for more' : ''}` : ''}
      </p>
      {choosingColumns ? (
        <ColumnsDialog
          open
          all={allColumns}
          shown={shown}
          onClose={() => setChoosingColumns(false)}
          onApply={(ids) => {
            setChoosingColumns(false);
            show({ ...state, columns: ids });
          }}
        />
      ) : null}
    </>
  );
}
