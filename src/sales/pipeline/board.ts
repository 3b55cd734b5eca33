import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { authorize, invalid, type Principal } from '../../platform/index';
import { fromCents, toCents } from '../money';
import { readableBy } from './access';
import { loadPipeline } from './pipelines';
import type { Board, BoardColumn, BoardQuery, Card, ColumnQuery, ColumnTotal, StageView } from './schema';

export const BOARD_PAGE = 20;

interface CardRow {
  stage_id: string;
  id: string;
  name: string;
  amount: number;
  currency: string;
  expected_close: string;
  owner_id: string | null;
  person_id: string | null;
  account_id: string | null;
  next_step: string | null;
  stage_entered_at: Date;
}

/**
 * A pipeline's board: a column per stage with the count of its open opportunities, their amounts summed
 * per currency (and weighted by the stage's probability), and its first screen of cards, soonest
 * expected close first. Filters: an owner, a close month (YYYY-MM). Two statements whatever the size:
 * the totals from one index-only scan, each column's first cards by a keyset probe of the board index.
 */
export async function getBoard(
  db: Db,
  actor: Principal,
  pipelineId: string,
  query: BoardQuery,
): Promise<Board> {
  authorize(actor, 'opportunities', 'read');
  const limit = query.limit ?? BOARD_PAGE;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const pipeline = await loadPipeline(trx, ws, pipelineId);
    const filters = boardFilters(actor, query);
    const stageIds = pipeline.stages.map((s) => s.id);
    const [totals, cards] = await Promise.all([
      sql<{ stage_id: string; currency: string; n: number; amount: number }>`
        select o.stage_id, o.currency, count(*)::int as n, sum(o.amount) as amount
        from opportunities o
        where o.workspace_id = ${ws} and o.pipeline_id = ${pipelineId} and o.status = 'open' and ${filters}
        group by o.stage_id, o.currency
        order by o.currency`.execute(trx),
      loadCards(trx, ws, stageIds, filters, limit, null),
    ]);
    const columns: BoardColumn[] = pipeline.stages.map((stage) => {
      const stageTotals = totals.rows.filter((t) => t.stage_id === stage.id);
      const stageCards = cards.filter((c) => c.stage_id === stage.id);
      return {
        stage,
        count: stageTotals.reduce((n, t) => n + t.n, 0),
        totals: stageTotals.map((t) => columnTotal(t, stage)),
        ...pageOf(stageCards, limit),
      };
    });
    return { pipeline: { id: pipeline.id, name: pipeline.name, isDefault: pipeline.isDefault }, columns };
  });
}

/** The next cards of one column of the board, after `cursor` (the column's nextCursor). */
export async function getBoardColumn(
  db: Db,
  actor: Principal,
  pipelineId: string,
  stageId: string,
  query: ColumnQuery,
): Promise<{ items: Card[]; nextCursor: string | null }> {
  authorize(actor, 'opportunities', 'read');
  const limit = query.limit ?? BOARD_PAGE;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const pipeline = await loadPipeline(trx, actor.workspaceId, pipelineId);
    if (!pipeline.stages.some((s) => s.id === stageId))
      throw invalid('stageId', 'is not a stage of this pipeline');
    const cards = await loadCards(
      trx,
      actor.workspaceId,
      [stageId],
      boardFilters(actor, query),
      limit,
      after,
    );
    return pageOf(cards, limit);
  });
}

function boardFilters(actor: Principal, query: BoardQuery): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [readableBy(actor, 'opportunities', 'o')];
  if (query.ownerId) parts.push(sql<boolean>`o.owner_id = ${query.ownerId}`);
  if (query.closeMonth) {
    const from = `${query.closeMonth}-01`;
    parts.push(
      sql<boolean>`o.expected_close >= ${from}::date and o.expected_close < (${from}::date + interval '1 month')::date`,
    );
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** Up to limit + 1 cards of each stage (the extra one says there is a next page), by (close, id). */
async function loadCards(
  trx: Tx,
  ws: string,
  stageIds: readonly string[],
  filters: RawBuilder<boolean>,
  limit: number,
  after: { close: string; id: string } | null,
): Promise<CardRow[]> {
  if (stageIds.length === 0) return [];
  const { rows } = await sql<CardRow>`
    select s.id as stage_id, c.*
    from unnest(${stageIds}::uuid[]) as s(id)
    cross join lateral (
      select o.id, o.name, o.amount, o.currency, o.expected_close, o.owner_id, o.person_id, o.account_id,
        o.next_step, o.stage_entered_at
      from opportunities o
      where o.workspace_id = ${ws} and o.stage_id = s.id and o.status = 'open' and ${filters}
        ${after ? sql`and (o.expected_close, o.id) > (${after.close}::date, ${after.id}::uuid)` : sql``}
      order by o.expected_close, o.id
      limit ${limit + 1}
    ) c`.execute(trx);
  return rows;
}

function pageOf(rows: CardRow[], limit: number): { items: Card[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toCard),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

function toCard(r: CardRow): Card {
  return {
    id: r.id,
    name: r.name,
    amount: r.amount,
    currency: r.currency,
    expectedClose: r.expected_close,
    ownerId: r.owner_id,
    personId: r.person_id,
    accountId: r.account_id,
    nextStep: r.next_step,
    stageEnteredAt: r.stage_entered_at.toISOString(),
  };
}

function columnTotal(t: { currency: string; n: number; amount: number }, stage: StageView): ColumnTotal {
  const amount = Number(t.amount);
  return {
    currency: t.currency,
    count: t.n,
    amount,
    weightedAmount: fromCents(Math.round((toCents(amount) * stage.probability) / 100)),
  };
}

const encodeCursor = (r: { expected_close: string; id: string }) =>
  Buffer.from(`${r.expected_close}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string): { close: string; id: string } {
  const [close, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!close || !/^\d{4}-\d{2}-\d{2}$/.test(close) || !id || !/^[0-9a-f-]{36}$/.test(id))
    throw invalid('cursor', 'is not a cursor of this board');
  return { close, id };
}
