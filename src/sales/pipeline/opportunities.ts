import { sql } from 'kysely';
import { advanceLifecycle } from '../../customers/index';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { AppError, authorize, conflict, invalid, type Principal, recordAudit } from '../../platform/index';
import { type Cents, fromCents, hasCents, toCents } from '../money';
import { missingReference, ownerOf, ownership, readableBy } from './access';
import {
  loadOpportunityLines,
  priceLines,
  type PricedLine,
  toLineView,
  totalsOf,
  writeOpportunityLines,
} from './lines';
import {
  loadOpportunityRow,
  loadStageHistory,
  type OpportunityRow,
  recordStageChange,
  toOpportunityView,
} from './opportunity-view';
import { ensureCloseReasons, ensureDefaultPipeline, loadPipeline, stageOf } from './pipelines';
import type {
  LineInput,
  OpportunityCreate,
  OpportunityDetail,
  OpportunityQuery,
  OpportunityUpdate,
  OpportunityView,
} from './schema';
import { type CloseKind, deals } from './tables';

const FOREIGN_KEYS = {
  person_id: 'personId',
  account_id: 'accountId',
  owner_id: 'ownerId',
  lead_id: 'leadId',
};
const DAY_MS = 86_400_000;

/** What a new opportunity is made of, its owner already checked (see `ownerOf`). */
export interface NewOpportunity {
  name: string;
  personId: string | null;
  accountId: string | null;
  leadId?: string | null;
  pipelineId?: string;
  stageId?: string;
  amount?: number;
  currency?: string;
  expectedClose?: string;
  ownerId: string | null;
  teamId: string | null;
  nextStep?: string | null;
  lines?: readonly LineInput[];
}

/**
 * Opens an opportunity for a person and/or an account: in the pipeline given (default: the workspace's
 * default, made on first use), at the stage given (which must be that pipeline's) or its first; owned
 * by the actor unless another owner is named. With lines, its amount is their total. Its person moves
 * to the pre-sales lifecycle stage.
 */
export async function createOpportunity(
  db: Db,
  actor: Principal,
  input: OpportunityCreate,
): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'create');
  const owner = await ownerOf(db, actor, input.ownerId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const id = await insertOpportunity(trx, actor, {
      ...input,
      personId: input.personId ?? null,
      accountId: input.accountId ?? null,
      ...owner,
    });
    return loadDetail(trx, actor.workspaceId, id);
  }).catch((err: unknown) => {
    throw missingReference(err, FOREIGN_KEYS);
  });
}

/** `createOpportunity` inside the caller's transaction (a lead's conversion); answers the new id. */
export async function insertOpportunity(
  trx: Tx,
  actor: Principal,
  input: NewOpportunity,
  prefix = '',
): Promise<string> {
  const ws = actor.workspaceId;
  const field = (name: string) => `${prefix}${name}`;
  if (!input.personId && !input.accountId)
    throw invalid(field('personId'), 'give a personId, an accountId, or both');
  const name = input.name.trim();
  if (!name) throw invalid(field('name'), 'must not be empty');
  const currency = input.currency ?? 'USD';
  const pipelineId = input.pipelineId ?? (await ensureDefaultPipeline(trx, ws));
  const pipeline = await loadPipeline(trx, ws, pipelineId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found'
      ? invalid(field('pipelineId'), 'no such pipeline')
      : err;
  });
  const stage = input.stageId
    ? await stageOf(trx, ws, pipelineId, input.stageId, field('stageId'))
    : pipeline.stages[0];
  if (!stage) throw invalid(field('pipelineId'), 'the pipeline has no stages');
  const lines = input.lines ? await priceLines(trx, ws, input.lines, currency, field('lines')) : [];
  if (lines.length > 0 && input.amount !== undefined)
    throw invalid(field('amount'), 'is the total of the lines: give lines or an amount, not both');
  const amount = lines.length > 0 ? totalsOf(lines).total : checkAmount(input.amount ?? 0, field('amount'));
  const expectedClose = input.expectedClose ?? dayAfter(new Date(), 30);
  checkDay(expectedClose, field('expectedClose'));
  const row = await deals(trx)
    .insertInto('opportunities')
    .values({
      workspace_id: ws,
      name,
      person_id: input.personId,
      account_id: input.accountId,
      lead_id: input.leadId ?? null,
      pipeline_id: pipelineId,
      stage_id: stage.id,
      amount: fromCents(amount),
      currency,
      expected_close: expectedClose,
      owner_id: input.ownerId,
      team_id: input.teamId,
      next_step: input.nextStep?.trim() || null,
      created_by: actor.via === 'system' ? null : actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeOpportunityLines(trx, ws, row.id, lines);
  await recordStageChange(trx, ws, {
    opportunityId: row.id,
    pipelineId,
    fromStageId: null,
    toStageId: stage.id,
    status: 'open',
    by: actorId(actor),
  });
  if (input.personId) await advanceLifecycle(trx, actor, [{ personId: input.personId, stage: 'pre_sales' }]);
  await recordAudit(trx, actor, {
    action: 'create',
    objectType: 'opportunities',
    objectId: row.id,
    after: auditable(await loadOpportunityRow(trx, ws, row.id)),
  });
  return row.id;
}

/** An opportunity with its lines and its stage history (time in each stage). */
export async function getOpportunity(db: Db, actor: Principal, id: string): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const detail = await loadDetail(trx, actor.workspaceId, id);
    authorize(actor, 'opportunities', 'read', { ownerId: detail.ownerId, ownerTeamId: detail.teamId });
    return detail;
  });
}

export async function loadDetail(trx: Tx, ws: string, id: string): Promise<OpportunityDetail> {
  const row = await loadOpportunityRow(trx, ws, id);
  const lines = await loadOpportunityLines(trx, ws, id);
  return {
    ...toOpportunityView(row),
    lines: lines.map(toLineView),
    stageHistory: await loadStageHistory(trx, ws, id),
  };
}

/** A person's or an account's opportunities (or all the actor may read), newest first, a page at a time. */
export async function listOpportunities(
  db: Db,
  actor: Principal,
  query: OpportunityQuery,
): Promise<{ items: OpportunityView[]; nextCursor: string | null }> {
  authorize(actor, 'opportunities', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeListCursor(query.cursor) : null;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const { rows } = await sql<OpportunityRow & { cursor_at: string }>`
      select o.id, o.name, o.person_id, o.account_id, o.lead_id, o.pipeline_id, p.name as pipeline_name,
        o.stage_id, s.name as stage_name, s.probability as stage_probability, o.status, o.amount, o.currency,
        o.expected_close, o.owner_id, o.team_id, o.next_step, o.close_reason_id, r.name as close_reason,
        o.close_note, o.closed_at, o.order_id, o.stage_entered_at, o.created_at, o.updated_at,
        to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
      from opportunities o
      join pipelines p on p.workspace_id = o.workspace_id and p.id = o.pipeline_id
      join pipeline_stages s on s.workspace_id = o.workspace_id and s.id = o.stage_id
      left join close_reasons r on r.workspace_id = o.workspace_id and r.id = o.close_reason_id
      where o.workspace_id = ${ws}
        and ${readableBy(actor, 'opportunities', 'o')}
        ${query.personId ? sql`and o.person_id = ${query.personId}` : sql``}
        ${query.accountId ? sql`and o.account_id = ${query.accountId}` : sql``}
        ${query.status ? sql`and o.status = ${query.status}` : sql``}
        ${after ? sql`and (o.created_at, o.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by o.created_at desc, o.id desc
      limit ${limit + 1}`.execute(trx);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toOpportunityView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.cursor_at}|${last.id}`).toString('base64url')
          : null,
    };
  });
}

function decodeListCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || !at || Number.isNaN(Date.parse(at)))
    throw invalid('cursor', 'is not a cursor of this list');
  return { at, id };
}

/**
 * Changes an opportunity's fields. A stage must be the opportunity's pipeline's (or, with a new
 * pipelineId, the new one's: then the stage is required); only an open opportunity changes stage. The
 * amount of an opportunity with lines is their total, and its currency theirs: both are 400s here.
 */
export async function updateOpportunity(
  db: Db,
  actor: Principal,
  id: string,
  input: OpportunityUpdate,
): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'update');
  const owner = input.ownerId === undefined ? undefined : await ownerOf(db, actor, input.ownerId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadOpportunityRow(trx, ws, id, true);
    authorize(actor, 'opportunities', 'update', ownership(before));
    const lines = await loadOpportunityLines(trx, ws, id);
    if (input.amount !== undefined && lines.length > 0 && toCents(input.amount) !== toCents(before.amount))
      throw invalid('amount', 'is the total of the lines: change the lines');
    if (input.currency !== undefined && input.currency !== before.currency && lines.length > 0)
      throw invalid('currency', `the lines are in ${before.currency}: remove them to change the currency`);
    const personId = input.personId === undefined ? before.person_id : input.personId;
    const accountId = input.accountId === undefined ? before.account_id : input.accountId;
    if (!personId && !accountId) throw invalid('personId', 'an opportunity needs a person or an account');
    const pipelineId = input.pipelineId ?? before.pipeline_id;
    let stageId = before.stage_id;
    if (pipelineId !== before.pipeline_id && input.stageId === undefined)
      throw invalid('stageId', 'is required with a new pipelineId');
    if (input.stageId !== undefined && input.stageId !== before.stage_id) {
      if (before.status !== 'open')
        throw conflict(`The opportunity is ${before.status}: reopen it first`, 'status');
      if (pipelineId !== before.pipeline_id)
        await loadPipeline(trx, ws, pipelineId).catch(() => {
          throw invalid('pipelineId', 'no such pipeline');
        });
      stageId = (await stageOf(trx, ws, pipelineId, input.stageId)).id;
    }
    if (input.expectedClose !== undefined) checkDay(input.expectedClose, 'expectedClose');
    const stageChanged = stageId !== before.stage_id;
    await deals(trx)
      .updateTable('opportunities')
      .set({
        ...(input.name !== undefined && { name: checkName(input.name) }),
        person_id: personId,
        account_id: accountId,
        pipeline_id: pipelineId,
        stage_id: stageId,
        ...(input.amount !== undefined &&
          lines.length === 0 && { amount: fromCents(checkAmount(input.amount, 'amount')) }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.expectedClose !== undefined && { expected_close: input.expectedClose }),
        ...(owner !== undefined && { owner_id: owner.ownerId, team_id: owner.teamId }),
        ...(input.nextStep !== undefined && { next_step: input.nextStep?.trim() || null }),
        ...(stageChanged && { stage_entered_at: new Date() }),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    if (stageChanged)
      await recordStageChange(trx, ws, {
        opportunityId: id,
        pipelineId,
        fromStageId: before.stage_id,
        toStageId: stageId,
        status: 'open',
        by: actorId(actor),
      });
    if (personId && personId !== before.person_id && before.status === 'open')
      await advanceLifecycle(trx, actor, [{ personId, stage: 'pre_sales' }]);
    const after = await loadOpportunityRow(trx, ws, id);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'opportunities',
      objectId: id,
      before: auditable(before),
      after: auditable(after),
    });
    return loadDetail(trx, ws, id);
  }).catch((err: unknown) => {
    throw missingReference(err, FOREIGN_KEYS);
  });
}

/**
 * A card dragged to another column of its board: the stage must be one of the opportunity's pipeline
 * (a 400 naming `stageId` otherwise) and the opportunity open (409). The same stage changes nothing.
 */
export async function moveOpportunity(
  db: Db,
  actor: Principal,
  id: string,
  stageId: string,
): Promise<OpportunityView> {
  authorize(actor, 'opportunities', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const { rows } = await sql<{
      owner_id: string | null;
      team_id: string | null;
      status: string;
      pipeline_id: string;
      stage_id: string;
      target_pipeline: string | null;
    }>`
      select o.owner_id, o.team_id, o.status, o.pipeline_id, o.stage_id,
        (select s.pipeline_id from pipeline_stages s where s.workspace_id = o.workspace_id and s.id = ${stageId}) as target_pipeline
      from opportunities o where o.workspace_id = ${ws} and o.id = ${id} for update`.execute(trx);
    const row = rows[0];
    if (!row) throw new AppError('not_found', 'Opportunity not found');
    authorize(actor, 'opportunities', 'update', ownership(row));
    if (row.target_pipeline === null) throw invalid('stageId', 'no such stage');
    if (row.target_pipeline !== row.pipeline_id) throw invalid('stageId', 'is a stage of another pipeline');
    if (row.status !== 'open') throw conflict(`The opportunity is ${row.status}: reopen it first`, 'status');
    if (row.stage_id !== stageId) {
      await sql`
        update opportunities set stage_id = ${stageId}, stage_entered_at = now(), updated_at = now()
        where workspace_id = ${ws} and id = ${id}`.execute(trx);
      await recordStageChange(trx, ws, {
        opportunityId: id,
        pipelineId: row.pipeline_id,
        fromStageId: row.stage_id,
        toStageId: stageId,
        status: 'open',
        by: actorId(actor),
      });
      await recordAudit(trx, actor, {
        action: 'update',
        objectType: 'opportunities',
        objectId: id,
        before: { stage_id: row.stage_id },
        after: { stage_id: stageId },
      });
    }
    return toOpportunityView(await loadOpportunityRow(trx, ws, id));
  });
}

/**
 * Closes an open opportunity as won or lost with a reason from the workspace's list (required when
 * lost; a reason of the other kind is a 400 naming `reasonId`). Won moves its person to customer.
 */
export async function closeOpportunity(
  db: Db,
  actor: Principal,
  id: string,
  kind: CloseKind,
  input: { reasonId?: string; note?: string },
): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const row = await loadOpportunityRow(trx, ws, id, true);
    authorize(actor, 'opportunities', 'update', ownership(row));
    if (row.status !== 'open') throw conflict(`The opportunity is already ${row.status}`, 'status');
    if (kind === 'lost' && !input.reasonId) throw invalid('reasonId', 'is required to close as lost');
    if (input.reasonId) {
      await ensureCloseReasons(trx, ws);
      const reason = await deals(trx)
        .selectFrom('close_reasons')
        .select(['kind', 'active'])
        .where('workspace_id', '=', ws)
        .where('id', '=', input.reasonId)
        .executeTakeFirst();
      if (!reason) throw invalid('reasonId', 'no such reason');
      if (reason.kind !== kind) throw invalid('reasonId', `is a reason for ${reason.kind} opportunities`);
    }
    await markClosed(trx, actor, row, kind, { reasonId: input.reasonId ?? null, note: input.note ?? null });
    return loadDetail(trx, ws, id);
  });
}

/** Closes the (locked, open) opportunity `row` inside the caller's transaction. */
export async function markClosed(
  trx: Tx,
  actor: Principal,
  row: OpportunityRow,
  kind: CloseKind,
  close: { reasonId: string | null; note: string | null; orderId?: string; lines?: readonly PricedLine[] },
): Promise<void> {
  const ws = actor.workspaceId;
  const now = new Date();
  if (close.lines && close.lines.length > 0) await writeOpportunityLines(trx, ws, row.id, close.lines);
  await deals(trx)
    .updateTable('opportunities')
    .set({
      status: kind,
      close_reason_id: close.reasonId,
      close_note: close.note?.trim() || null,
      closed_at: now,
      ...(close.orderId && { order_id: close.orderId }),
      ...(close.lines && close.lines.length > 0 && { amount: fromCents(totalsOf(close.lines).total) }),
      updated_at: now,
    })
    .where('workspace_id', '=', ws)
    .where('id', '=', row.id)
    .execute();
  await recordStageChange(trx, ws, {
    opportunityId: row.id,
    pipelineId: row.pipeline_id,
    fromStageId: row.stage_id,
    toStageId: row.stage_id,
    status: kind,
    by: actorId(actor),
  });
  if (kind === 'won' && row.person_id)
    await advanceLifecycle(trx, actor, [{ personId: row.person_id, stage: 'customer' }]);
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'opportunities',
    objectId: row.id,
    before: { status: row.status },
    after: { status: kind, close_reason_id: close.reasonId, order_id: close.orderId ?? null },
  });
}

/** Opens a won or lost opportunity again (not one won by an accepted quote: it has an order). */
export async function reopenOpportunity(
  db: Db,
  actor: Principal,
  id: string,
  input: { stageId?: string },
): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const row = await loadOpportunityRow(trx, ws, id, true);
    authorize(actor, 'opportunities', 'update', ownership(row));
    if (row.status === 'open') throw conflict('The opportunity is open', 'status');
    if (row.order_id)
      throw conflict('The opportunity was won by an accepted quote and has an order', 'status');
    const stage = input.stageId
      ? await stageOf(trx, ws, row.pipeline_id, input.stageId)
      : { id: row.stage_id };
    await deals(trx)
      .updateTable('opportunities')
      .set({
        status: 'open',
        stage_id: stage.id,
        close_reason_id: null,
        close_note: null,
        closed_at: null,
        stage_entered_at: new Date(),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    await recordStageChange(trx, ws, {
      opportunityId: id,
      pipelineId: row.pipeline_id,
      fromStageId: row.stage_id,
      toStageId: stage.id,
      status: 'open',
      by: actorId(actor),
    });
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'opportunities',
      objectId: id,
      before: { status: row.status },
      after: { status: 'open', stage_id: stage.id },
    });
    return loadDetail(trx, ws, id);
  });
}

/**
 * Replaces an open opportunity's lines; with lines, its amount becomes their total. A line in another
 * currency than the opportunity's, a negative quantity or an unknown product is a 400 naming the line.
 */
export async function replaceOpportunityLines(
  db: Db,
  actor: Principal,
  id: string,
  lines: readonly LineInput[],
): Promise<OpportunityDetail> {
  authorize(actor, 'opportunities', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const row = await loadOpportunityRow(trx, ws, id, true);
    authorize(actor, 'opportunities', 'update', ownership(row));
    if (row.status !== 'open')
      throw conflict(`The opportunity is ${row.status}: its lines are kept as they were`, 'status');
    const before = await loadOpportunityLines(trx, ws, id);
    const priced = await priceLines(trx, ws, lines, row.currency);
    await writeOpportunityLines(trx, ws, id, priced);
    if (priced.length > 0)
      await deals(trx)
        .updateTable('opportunities')
        .set({ amount: fromCents(totalsOf(priced).total), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'opportunities',
      objectId: id,
      before: { lines: before.map(toLineView) },
      after: { lines: priced.map(toLineView) },
    });
    return loadDetail(trx, ws, id);
  });
}

export const actorId = (actor: Principal) => (actor.via === 'system' ? null : actor.userId);

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'must not be empty');
  return trimmed;
}

function checkAmount(amount: number, field: string): Cents {
  if (!(amount >= 0) || !hasCents(amount))
    throw invalid(field, 'must be an amount of at least 0 with at most two decimals');
  return toCents(amount);
}

/** A real calendar day between 2000 and 2100. */
export function checkDay(day: string, field: string): void {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day)
    throw invalid(field, 'must be a day, YYYY-MM-DD');
  const year = Number(day.slice(0, 4));
  if (year < 2000 || year > 2100) throw invalid(field, 'must be a day between 2000 and 2100');
}

export function dayAfter(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

function auditable(row: OpportunityRow): Record<string, unknown> {
  return {
    name: row.name,
    person_id: row.person_id,
    account_id: row.account_id,
    pipeline_id: row.pipeline_id,
    stage_id: row.stage_id,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    expected_close: row.expected_close,
    owner_id: row.owner_id,
    team_id: row.team_id,
    next_step: row.next_step,
  };
}
