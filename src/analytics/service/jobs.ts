import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { withSystem, withTenant } from '../../db/index';
import {
  authorize,
  enqueueJob,
  type Job,
  type JobHandler,
  type Principal,
  SYSTEM_PRINCIPAL,
} from '../../platform/index';
import { dayOf } from '../reports/options';
import { computeCustomerScores, writeCustomerScores } from './scores';

/**
 * Background work of the analytics slice: the score recompute job and its daily schedule.
 *
 * Schedule: every workspace's scores are recomputed once a day, at 02:00 UTC (`SCORES_HOUR_UTC`).
 * Each server process checks every 10 minutes; a workspace that has had no recompute queued since
 * the last 02:00 UTC gets one (so a server started after 02:00 catches up at once, and several
 * servers queue one job between them, under an advisory lock). The hour is fixed here, not a
 * setting: configuration is read only in src/config.ts.
 */

/** Kind of the job that recomputes and writes back every customer score of a workspace. */
export const RECOMPUTE_SCORES = 'analytics.recompute_scores';

/** Hour (UTC) of the daily recompute. */
export const SCORES_HOUR_UTC = 2;

const CHECK_EVERY_MS = 10 * 60_000;

/** The job handlers of the analytics slice, for the server's job runner. */
export function analyticsJobHandlers(): Map<string, JobHandler> {
  return new Map([[RECOMPUTE_SCORES, recomputeScores]]);
}

/**
 * Recomputes every score of the job's workspace as of today (UTC) and writes them back in one
 * transaction. Progress: 0 while reading and fitting (once per feed), then 0 of the customers,
 * then all of them once written. Skips the work
 * when another recompute of the workspace finished after this job was queued.
 */
export const recomputeScores: JobHandler = async (ctx) => {
  const started = performance.now();
  const { rows: newer } = await withTenant(ctx.db, ctx.workspaceId, (trx) =>
    sql<{ id: string }>`
      select later.id from jobs later, jobs me
      where me.workspace_id = ${ctx.workspaceId} and me.id = ${ctx.jobId}
        and later.workspace_id = me.workspace_id and later.kind = ${RECOMPUTE_SCORES}
        and later.state = 'succeeded' and later.finished_at > me.created_at
      limit 1`.execute(trx),
  );
  if (newer[0]) return { skipped: `recompute ${newer[0].id} finished after this one was queued` };
  await ctx.progress(0);
  const asOf = dayOf(new Date());
  const computed = await computeCustomerScores(ctx.db, ctx.workspaceId, asOf, () => ctx.progress(0));
  const computedMs = performance.now() - started;
  const total = computed.rows.length;
  await ctx.progress(0, total);
  const written = await writeCustomerScores(ctx.db, ctx.workspaceId, computed.rows);
  await ctx.progress(total, total);
  const model = computed.model;
  return {
    asOf: asOf.iso,
    customers: total,
    written,
    bgnbd: model?.bgnbd ?? null,
    gammaGamma: model?.gammaGamma ?? null,
    modelError: computed.modelError,
    computeMs: Math.round(computedMs),
    totalMs: Math.round(performance.now() - started),
  };
};

/** Queues a score recompute for the caller's workspace (analytics update permission). */
export async function queueScoreRecompute(db: Db, actor: Principal): Promise<Job> {
  authorize(actor, 'analytics', 'update');
  return withTenant(db, actor.workspaceId, (trx) => enqueueJob(trx, actor, { kind: RECOMPUTE_SCORES }));
}

/** The start of the most recent daily slot at or before `now`. */
export function lastScoreSlot(now: Date): Date {
  const slot = new Date(now);
  slot.setUTCHours(SCORES_HOUR_UTC, 0, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot;
}

/**
 * Queues the daily recompute of every workspace that has had none queued since the last slot.
 * Returns the workspaces queued. Safe to run from several processes at once.
 */
export async function queueDueScoreRecomputes(db: Db, now = new Date()): Promise<string[]> {
  const slot = lastScoreSlot(now);
  const { rows: workspaces } = await withSystem(db, (trx) =>
    sql<{ id: string }>`select id from workspaces order by id`.execute(trx),
  );
  const queued: string[] = [];
  for (const { id } of workspaces) {
    const done = await withTenant(db, id, async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${RECOMPUTE_SCORES}), hashtext(${id}))`.execute(trx);
      const { rows } = await sql<{ id: string }>`
        select id from jobs where workspace_id = ${id} and kind = ${RECOMPUTE_SCORES} and created_at >= ${slot}
        limit 1`.execute(trx);
      if (rows[0]) return false;
      await enqueueJob(trx, SYSTEM_PRINCIPAL(id), {
        kind: RECOMPUTE_SCORES,
        payload: { scheduled: slot.toISOString() },
      });
      return true;
    });
    if (done) queued.push(id);
  }
  return queued;
}

/**
 * Starts the daily schedule in this process: checks at once, then every 10 minutes. The timer
 * does not keep the process alive; `stop` ends it.
 */
export function startScoreSchedule(db: Db, onError: (err: unknown) => void = () => {}): { stop(): void } {
  const check = () => {
    queueDueScoreRecomputes(db).catch(onError);
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  check();
  return { stop: () => clearInterval(timer) };
}
