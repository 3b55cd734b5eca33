import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { Link, useRouter } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { fetchUsers } from '../customers/customer-api';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { moveCard } from './board-cache';
import { formatAmount, formatDay } from './format';
import {
  type Board,
  type BoardFilters,
  type Card,
  fetchBoard,
  fetchColumnPage,
  fetchPipelines,
  moveOpportunity,
  salesKeys,
} from './sales-api';
import '../ui/data.css';
import './sales.css';

type Column = Board['columns'][number];

/** /pipeline: a pipeline's open opportunities in columns by stage; drag a card (or pick its stage) to move it. */
export function PipelineBoardPage({ session }: PageProps) {
  const { location, navigate } = useRouter();
  const search = new URLSearchParams(location.search);
  const filters: BoardFilters = {
    ...(search.get('owner') ? { ownerId: search.get('owner') ?? '' } : {}),
    ...(search.get('month') ? { closeMonth: search.get('month') ?? '' } : {}),
  };
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: ({ signal }) => fetchPipelines(signal),
  });
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 300_000,
  });
  const pipelineId = search.get('pipeline') ?? pipelines.data?.find((p) => p.isDefault)?.id ?? '';
  const board = useQuery({
    queryKey: salesKeys.board(pipelineId, filters),
    queryFn: ({ signal }) => fetchBoard(pipelineId, filters, signal),
    enabled: pipelineId !== '',
  });
  const mayMove = can(session.permissions, 'opportunities', 'update');
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`${location.pathname}${text ? `?${text}` : ''}`, { replace: true });
  };

  return (
    <>
      <PageHeader title="Pipeline" description="Open opportunities by stage, soonest expected close first." />
      <form className="toolbar" aria-label="Board filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field__label" htmlFor="board-pipeline">
            Pipeline
          </label>
          <select
            id="board-pipeline"
            className="field__input"
            value={pipelineId}
            onChange={(e) => setParam('pipeline', e.target.value)}
          >
            {(pipelines.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="board-owner">
            Owner
          </label>
          <select
            id="board-owner"
            className="field__input"
            value={filters.ownerId ?? ''}
            onChange={(e) => setParam('owner', e.target.value)}
          >
            <option value="">Anyone</option>
            <option value={session.user.id}>Me</option>
            {(users.data ?? [])
              .filter((u) => u.id !== session.user.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="board-month">
            Expected close
          </label>
          <input
            id="board-month"
            type="month"
            className="field__input"
            value={filters.closeMonth ?? ''}
            onChange={(e) => setParam('month', e.target.value)}
          />
        </div>
      </form>
      {pipelines.isError || board.isError ? (
        <p className="alert alert--error" role="alert">
          Could not load the board: {errorMessage(pipelines.error ?? board.error)}
        </p>
      ) : null}
      {board.data ? (
        <BoardColumns
          board={board.data}
          filters={filters}
          names={names}
          mayMove={mayMove}
          queryKey={salesKeys.board(pipelineId, filters)}
        />
      ) : board.isError ? null : (
        <Spinner label="Loading the board…" />
      )}
    </>
  );
}

function BoardColumns({
  board,
  filters,
  names,
  mayMove,
  queryKey,
}: {
  board: Board;
  filters: BoardFilters;
  names: Map<string, string>;
  mayMove: boolean;
  queryKey: ReturnType<typeof salesKeys.board>;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dragging, setDragging] = useState<Card | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: ({ card, stageId }: { card: Card; stageId: string; from: string }) =>
      moveOpportunity(card.id, stageId),
    onMutate: async ({ card, stageId, from }) => {
      await queryClient.cancelQueries({ queryKey });
      const before = queryClient.getQueryData<Board>(queryKey);
      queryClient.setQueryData<Board>(queryKey, (b) => (b ? moveCard(b, card, from, stageId) : b));
      return { before };
    },
    onError: (error, { card }, context) => {
      queryClient.setQueryData(queryKey, context?.before);
      toast.show(`Could not move ${card.name}: ${errorMessage(error)}`, 'error');
    },
    onSuccess: (moved) => toast.show(`${moved.name} moved to ${moved.stageName}`),
    onSettled: (_data, _error, { card }) => {
      void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
      void queryClient.invalidateQueries({ queryKey: salesKeys.opportunity(card.id) });
    },
  });
  const stages = board.columns.map((c) => c.stage);
  const columnOf = (cardId: string) =>
    board.columns.find((c) => c.items.some((i) => i.id === cardId))?.stage.id;

  if (board.columns.length === 0)
    return (
      <EmptyState title="This pipeline has no stages">
        <p>Add stages to it first.</p>
      </EmptyState>
    );

  const drop = (event: DragEvent, stageId: string) => {
    event.preventDefault();
    setOver(null);
    const card = dragging;
    setDragging(null);
    const from = card ? columnOf(card.id) : undefined;
    if (card && from && from !== stageId) move.mutate({ card, stageId, from });
  };

  return (
    <div className="board" data-testid="board">
      {board.columns.map((column) => (
        <BoardColumn
          key={column.stage.id}
          column={column}
          filters={filters}
          pipelineId={board.pipeline.id}
          names={names}
          stages={stages}
          mayMove={mayMove}
          over={over === column.stage.id}
          movingId={move.isPending ? move.variables?.card.id : undefined}
          onDragStart={setDragging}
          onDragOver={(event) => {
            if (!dragging) return;
            event.preventDefault();
            setOver(column.stage.id);
          }}
          onDragLeave={() => setOver((o) => (o === column.stage.id ? null : o))}
          onDrop={(event) => drop(event, column.stage.id)}
          onMove={(card, stageId) => move.mutate({ card, stageId, from: column.stage.id })}
        />
      ))}
    </div>
  );
}

function BoardColumn({
  column,
  filters,
  pipelineId,
  names,
  stages,
  mayMove,
  over,
  movingId,
  onDragStart,
  onDragOver,
  onDragLeave,
  onDrop,
  onMove,
}: {
  column: Column;
  filters: BoardFilters;
  pipelineId: string;
  names: Map<string, string>;
  stages: Column['stage'][];
  mayMove: boolean;
  over: boolean;
  movingId: string | undefined;
  onDragStart(card: Card): void;
  onDragOver(event: DragEvent): void;
  onDragLeave(): void;
  onDrop(event: DragEvent): void;
  onMove(card: Card, stageId: string): void;
}) {
  // Later pages of this column; a fresh first page (after a move, a filter) starts the column again.
  const [pages, setPages] = useState<{ of: Column; items: Card[]; nextCursor: string | null } | null>(null);
  const more = pages?.of === column ? pages : null;
  const [loading, setLoading] = useState(false);
  const toast = useToast();
  const items = [...column.items, ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : column.nextCursor;
  const headingId = `column-${column.stage.id}`;
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoading(true);
    try {
      const page = await fetchColumnPage(pipelineId, column.stage.id, filters, nextCursor);
      setPages({ of: column, items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (error) {
      toast.show(`Could not load more: ${errorMessage(error)}`, 'error');
    } finally {
      setLoading(false);
    }
  };
  return (
    <section
      className={`board__column${over ? ' board__column--over' : ''}`}
      aria-labelledby={headingId}
      data-testid={`column-${column.stage.name}`}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <header className="board__head">
        <h2 className="board__title" id={headingId}>
          {column.stage.name}
        </h2>
        <p className="board__count">
          {column.count} open · {column.stage.probability} % likely
        </p>
        <p className="board__totals" data-testid="column-totals">
          {column.totals.length === 0
            ? 'Nothing here'
            : column.totals.map((t, i) => (
                <span key={t.currency}>
                  {i > 0 ? ' · ' : ''}
                  <strong>{formatAmount(t.amount, t.currency)}</strong> (weighted{' '}
                  {formatAmount(t.weightedAmount, t.currency)})
                </span>
              ))}
        </p>
      </header>
      <ul className="board__cards" aria-label={`Opportunities in ${column.stage.name}`}>
        {items.map((card) => (
          <li
            key={card.id}
            className="deal-card"
            draggable={mayMove}
            aria-busy={movingId === card.id || undefined}
            data-testid="deal-card"
            onDragStart={(event) => {
              event.dataTransfer.setData('text/plain', card.id);
              event.dataTransfer.effectAllowed = 'move';
              onDragStart(card);
            }}
          >
            <Link to={paths.opportunity(card.id)} className="deal-card__name" draggable={false}>
              {card.name}
            </Link>
            <div className="deal-card__meta">
              <span className="deal-card__amount">{formatAmount(card.amount, card.currency)}</span>
              <span>Close {formatDay(card.expectedClose)}</span>
            </div>
            <div className="deal-card__meta">
              <span>{card.ownerId ? (names.get(card.ownerId) ?? 'Someone') : 'No owner'}</span>
              {mayMove ? (
                <select
                  className="field__input deal-card__move"
                  aria-label={`Stage of ${card.name}`}
                  value={column.stage.id}
                  onChange={(e) => onMove(card, e.target.value)}
                >
                  {stages.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {nextCursor ? (
        <Button
          size="sm"
          variant="ghost"
          className="board__more"
          busy={loading}
          onClick={() => void loadMore()}
        >
          Show more in {column.stage.name}
        </Button>
      ) : null}
    </section>
  );
}
