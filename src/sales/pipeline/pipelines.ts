import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { authorize, conflict, invalid, notFound, type Principal, recordAudit } from '../../platform/index';
import { authorizeSalesSettings } from './access';
import type {
  CloseReasonCreate,
  CloseReasonView,
  PipelineCreate,
  PipelineUpdate,
  PipelineView,
  StagesInput,
  StageView,
} from './schema';
import { type CloseKind, deals } from './tables';

/** The pipeline a workspace gets on first use: a B2B sale's usual stages and win probabilities. */
export const DEFAULT_PIPELINE = {
  name: 'Sales',
  stages: [
    { name: 'Qualification', probability: 10 },
    { name: 'Needs analysis', probability: 25 },
    { name: 'Proposal', probability: 50 },
    { name: 'Negotiation', probability: 75 },
    { name: 'Commit', probability: 90 },
  ],
} as const;

export const DEFAULT_CLOSE_REASONS: Record<CloseKind, readonly string[]> = {
  won: ['Best fit', 'Price', 'Relationship', 'Timing', 'Other'],
  lost: ['Price', 'Competitor', 'No budget', 'No decision', 'Timing', 'Other'],
};

/**
 * The workspace's default pipeline, made on first use (with DEFAULT_PIPELINE's stages) when it has
 * none; when pipelines exist but none is the default, the first becomes it. Two first uses at once
 * meet on the one-default index and both answer the same pipeline.
 */
export async function ensureDefaultPipeline(trx: Tx, workspaceId: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await deals(trx)
      .selectFrom('pipelines')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('is_default', '=', true)
      .executeTakeFirst();
    if (current) return current.id;
    const first = await deals(trx)
      .selectFrom('pipelines')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .orderBy('created_at')
      .executeTakeFirst();
    if (first) {
      const { rows } = await sql<{ id: string }>`
        update pipelines set is_default = true
        where workspace_id = ${workspaceId} and id = ${first.id}
          and not exists (select 1 from pipelines where workspace_id = ${workspaceId} and is_default)
        returning id`.execute(trx);
      if (rows[0]) return rows[0].id;
      continue;
    }
    const { rows } = await sql<{ id: string }>`
      insert into pipelines (workspace_id, name, is_default, position)
      values (${workspaceId}, ${DEFAULT_PIPELINE.name}, true, 0)
      on conflict do nothing returning id`.execute(trx);
    const id = rows[0]?.id;
    if (!id) continue;
    await insertStages(trx, workspaceId, id, DEFAULT_PIPELINE.stages);
    return id;
  }
  throw conflict('The default pipeline is being changed; try again');
}

async function insertStages(
  trx: Tx,
  workspaceId: string,
  pipelineId: string,
  stages: readonly { name: string; probability: number }[],
): Promise<void> {
  await deals(trx)
    .insertInto('pipeline_stages')
    .values(
      stages.map((s, position) => ({
        workspace_id: workspaceId,
        pipeline_id: pipelineId,
        name: s.name.trim(),
        position,
        probability: s.probability,
      })),
    )
    .execute();
}

/** Every pipeline with its stages in board order, the default first; the default is made on first use. */
export async function listPipelines(db: Db, actor: Principal): Promise<{ items: PipelineView[] }> {
  authorize(actor, 'opportunities', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    await ensureDefaultPipeline(trx, actor.workspaceId);
    return { items: await loadPipelines(trx, actor.workspaceId) };
  });
}

export async function loadPipelines(
  trx: Tx,
  workspaceId: string,
  pipelineId?: string,
): Promise<PipelineView[]> {
  let query = deals(trx)
    .selectFrom('pipelines')
    .select(['id', 'name', 'is_default', 'position'])
    .where('workspace_id', '=', workspaceId);
  if (pipelineId) query = query.where('id', '=', pipelineId);
  const pipelines = await query.orderBy('is_default', 'desc').orderBy('position').orderBy('name').execute();
  if (pipelines.length === 0) return [];
  const stages = await deals(trx)
    .selectFrom('pipeline_stages')
    .select(['id', 'pipeline_id', 'name', 'position', 'probability'])
    .where('workspace_id', '=', workspaceId)
    .where(
      'pipeline_id',
      'in',
      pipelines.map((p) => p.id),
    )
    .orderBy('position')
    .orderBy('name')
    .execute();
  return pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    isDefault: p.is_default,
    position: p.position,
    stages: stages
      .filter((s) => s.pipeline_id === p.id)
      .map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability })),
  }));
}

export async function loadPipeline(trx: Tx, workspaceId: string, pipelineId: string): Promise<PipelineView> {
  const [pipeline] = await loadPipelines(trx, workspaceId, pipelineId);
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}

export async function getPipeline(db: Db, actor: Principal, pipelineId: string): Promise<PipelineView> {
  authorize(actor, 'opportunities', 'read');
  return withTenant(db, actor.workspaceId, (trx) => loadPipeline(trx, actor.workspaceId, pipelineId));
}

export async function createPipeline(db: Db, actor: Principal, input: PipelineCreate): Promise<PipelineView> {
  authorizeSalesSettings(actor);
  const stages = checkStages(input.stages);
  const name = checkName(input.name, 'name');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    await ensureDefaultPipeline(trx, ws);
    await assertNameFree(trx, ws, name, null);
    const { rows } = await sql<{ n: number }>`
      select coalesce(max(position), 0) + 1 as n from pipelines where workspace_id = ${ws}`.execute(trx);
    const row = await deals(trx)
      .insertInto('pipelines')
      .values({ workspace_id: ws, name, position: Number(rows[0]?.n ?? 1) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertStages(trx, ws, row.id, stages);
    if (input.isDefault) await makeDefault(trx, ws, row.id);
    const view = await loadPipeline(trx, ws, row.id);
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'pipelines',
      objectId: row.id,
      after: { pipeline: view },
    });
    return view;
  });
}

export async function updatePipeline(
  db: Db,
  actor: Principal,
  pipelineId: string,
  input: PipelineUpdate,
): Promise<PipelineView> {
  authorizeSalesSettings(actor);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadPipeline(trx, ws, pipelineId);
    if (input.name !== undefined) {
      const name = checkName(input.name, 'name');
      await assertNameFree(trx, ws, name, pipelineId);
      await deals(trx)
        .updateTable('pipelines')
        .set({ name })
        .where('workspace_id', '=', ws)
        .where('id', '=', pipelineId)
        .execute();
    }
    if (input.isDefault) await makeDefault(trx, ws, pipelineId);
    const after = await loadPipeline(trx, ws, pipelineId);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'pipelines',
      objectId: pipelineId,
      before: { pipeline: { name: before.name, isDefault: before.isDefault } },
      after: { pipeline: { name: after.name, isDefault: after.isDefault } },
    });
    return after;
  });
}

/**
 * Sets a pipeline's stages in board order: a stage with an id is kept (renamed, re-weighted, moved),
 * one without is added, and a stage left out is removed, unless opportunities are in it (409 naming
 * the stage). An id of another pipeline's stage is a 400.
 */
export async function replaceStages(
  db: Db,
  actor: Principal,
  pipelineId: string,
  input: StagesInput,
): Promise<PipelineView> {
  authorizeSalesSettings(actor);
  const stages = checkStages(input.stages);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadPipeline(trx, ws, pipelineId);
    const known = new Set(before.stages.map((s) => s.id));
    for (const [i, s] of stages.entries())
      if (s.id !== undefined && !known.has(s.id))
        throw invalid(`stages.${i}.id`, 'is not a stage of this pipeline');
    const kept = new Set(stages.flatMap((s) => (s.id ? [s.id] : [])));
    const removed = before.stages.filter((s) => !kept.has(s.id));
    if (removed.length > 0) {
      const { rows } = await sql<{ stage_id: string; n: number }>`
        select stage_id, count(*)::int as n from opportunities
        where workspace_id = ${ws} and pipeline_id = ${pipelineId} and stage_id = any(${removed.map((s) => s.id)}::uuid[])
        group by stage_id`.execute(trx);
      const used = rows[0];
      if (used) {
        const stage = removed.find((s) => s.id === used.stage_id);
        throw conflict(`Stage "${stage?.name}" holds ${used.n} opportunities: move them first`, 'stages');
      }
      // Their history stays: it names the stage by id, and the name is kept in the audit log.
      await deals(trx)
        .deleteFrom('pipeline_stages')
        .where('workspace_id', '=', ws)
        .where(
          'id',
          'in',
          removed.map((s) => s.id),
        )
        .execute();
    }
    // Names are unique per pipeline: move the kept ones out of the way first.
    await sql`update pipeline_stages set name = id::text where workspace_id = ${ws} and pipeline_id = ${pipelineId}`.execute(
      trx,
    );
    for (const [position, s] of stages.entries()) {
      if (s.id)
        await deals(trx)
          .updateTable('pipeline_stages')
          .set({ name: s.name, probability: s.probability, position })
          .where('workspace_id', '=', ws)
          .where('id', '=', s.id)
          .execute();
      else
        await deals(trx)
          .insertInto('pipeline_stages')
          .values({
            workspace_id: ws,
            pipeline_id: pipelineId,
            name: s.name,
            probability: s.probability,
            position,
          })
          .execute();
    }
    const after = await loadPipeline(trx, ws, pipelineId);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'pipelines',
      objectId: pipelineId,
      before: { stages: before.stages },
      after: { stages: after.stages },
    });
    return after;
  });
}

function checkStages(stages: StagesInput['stages']): StagesInput['stages'] {
  const seen = new Set<string>();
  return stages.map((s, i) => {
    const name = checkName(s.name, `stages.${i}.name`);
    const key = name.toLowerCase();
    if (seen.has(key)) throw invalid(`stages.${i}.name`, `"${name}" is given twice`);
    seen.add(key);
    return { ...s, name };
  });
}

function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid(field, 'must not be empty');
  return trimmed;
}

async function assertNameFree(trx: Tx, ws: string, name: string, except: string | null) {
  const { rows } = await sql<{ id: string }>`
    select id from pipelines where workspace_id = ${ws} and lower(name) = lower(${name})`.execute(trx);
  if (rows.some((r) => r.id !== except)) throw conflict(`A pipeline named "${name}" already exists`, 'name');
}

async function makeDefault(trx: Tx, ws: string, pipelineId: string) {
  await sql`update pipelines set is_default = false where workspace_id = ${ws} and is_default and id <> ${pipelineId}`.execute(
    trx,
  );
  await sql`update pipelines set is_default = true where workspace_id = ${ws} and id = ${pipelineId}`.execute(
    trx,
  );
}

/** The stage, which must be one of the pipeline's: a 400 naming `field` otherwise. */
export async function stageOf(
  trx: Tx,
  ws: string,
  pipelineId: string,
  stageId: string,
  field = 'stageId',
): Promise<StageView> {
  const stage = await deals(trx)
    .selectFrom('pipeline_stages')
    .select(['id', 'pipeline_id', 'name', 'position', 'probability'])
    .where('workspace_id', '=', ws)
    .where('id', '=', stageId)
    .executeTakeFirst();
  if (!stage) throw invalid(field, 'no such stage');
  if (stage.pipeline_id !== pipelineId) throw invalid(field, 'is a stage of another pipeline');
  return { id: stage.id, name: stage.name, position: stage.position, probability: stage.probability };
}

/** The close reasons of a kind (or both), made from DEFAULT_CLOSE_REASONS on first use. */
export async function listCloseReasons(db: Db, actor: Principal): Promise<{ items: CloseReasonView[] }> {
  authorize(actor, 'opportunities', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    await ensureCloseReasons(trx, actor.workspaceId);
    const rows = await deals(trx)
      .selectFrom('close_reasons')
      .select(['id', 'kind', 'name', 'active'])
      .where('workspace_id', '=', actor.workspaceId)
      .orderBy('kind', 'desc')
      .orderBy('position')
      .orderBy('name')
      .execute();
    return { items: rows };
  });
}

export async function ensureCloseReasons(trx: Tx, ws: string): Promise<void> {
  const any = await deals(trx)
    .selectFrom('close_reasons')
    .select('id')
    .where('workspace_id', '=', ws)
    .executeTakeFirst();
  if (any) return;
  const rows = Object.entries(DEFAULT_CLOSE_REASONS).flatMap(([kind, names]) =>
    names.map((name, position) => ({ workspace_id: ws, kind: kind as CloseKind, name, position })),
  );
  await deals(trx)
    .insertInto('close_reasons')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function addCloseReason(
  db: Db,
  actor: Principal,
  input: CloseReasonCreate,
): Promise<CloseReasonView> {
  authorizeSalesSettings(actor);
  const name = checkName(input.name, 'name');
  return withTenant(db, actor.workspaceId, async (trx) => {
    await ensureCloseReasons(trx, actor.workspaceId);
    const row = await deals(trx)
      .insertInto('close_reasons')
      .values({ workspace_id: actor.workspaceId, kind: input.kind, name, position: 1000 })
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'kind', 'name', 'active'])
      .executeTakeFirst();
    if (!row) throw conflict(`A ${input.kind} reason named "${name}" already exists`, 'name');
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'close_reasons',
      objectId: row.id,
      after: { closeReason: row },
    });
    return row;
  });
}
