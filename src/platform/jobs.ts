import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withSystem, withTenant } from '../db/index';
import { mentionsPerson, type PersonTraces } from './erasure';
import { AppError, notFound } from './errors';
import { authorize, isAllowed, type Principal } from './permissions';
import { type JobState, platform } from './tables';

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  payload: Record<string, unknown>;
  result: unknown;
  error: string | null;
  progress: { done: number; total: number | null };
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type JobRow = {
  workspace_id: string;
  id: string;
  kind: string;
  state: JobState;
  payload: Record<string, unknown>;
  result: unknown;
  error: string | null;
  progress_done: number;
  progress_total: number | null;
  attempts: number;
  max_attempts: number;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

/** Queues a job inside the caller's transaction: it exists only if the work that asked for it commits. */
export async function enqueueJob(
  trx: Tx,
  actor: Principal,
  input: { kind: string; payload?: Record<string, unknown>; maxAttempts?: number },
): Promise<Job> {
  authorize(actor, 'jobs', 'create');
  const row = await platform(trx)
    .insertInto('jobs')
    .values({
      workspace_id: actor.workspaceId,
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? {}),
      max_attempts: input.maxAttempts ?? 3,
      created_by: actor.via === 'system' ? null : actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toJob(row as JobRow);
}

export async function getJob(db: Db, actor: Principal, jobId: string): Promise<Job> {
  authorize(actor, 'jobs', 'read');
  const row = await withTenant(db, actor.workspaceId, (trx) =>
    platform(trx)
      .selectFrom('jobs')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', jobId)
      .executeTakeFirst(),
  );
  if (!row || !isAllowed(actor, 'jobs', 'read', { ownerId: row.created_by, ownerTeamId: null }))
    throw notFound('Job');
  return toJob(row as JobRow);
}

export async function listJobs(db: Db, actor: Principal, limit: number): Promise<Job[]> {
  authorize(actor, 'jobs', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = platform(trx).selectFrom('jobs').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (!isAllowed(actor, 'jobs', 'read', { ownerId: null, ownerTeamId: null }))
      q = q.where('created_by', '=', actor.userId);
    const rows = await q.orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map((r) => toJob(r as JobRow));
  });
}

/**
 * A privacy erasure's part in the job queue: the input, output and error of every job of the
 * workspace that mention the person are redacted (strings other than ids become "[erased]").
 */
export async function redactJobs(trx: Tx, workspaceId: string, traces: PersonTraces): Promise<number> {
  const result = await sql`
    update jobs set payload = rapport_redact_json(payload), result = rapport_redact_json(result),
      error = case when ${mentionsPerson(traces, sql`error`)} then '[erased]' else error end
    where workspace_id = ${workspaceId}
      and (${mentionsPerson(traces, sql`payload::text`)} or ${mentionsPerson(traces, sql`result::text`)}
           or ${mentionsPerson(traces, sql`error`)})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export interface JobContext {
  readonly jobId: string;
  readonly workspaceId: string;
  readonly payload: Record<string, unknown>;
  readonly attempt: number;
  /** No retry follows if this attempt fails. */
  readonly lastAttempt: boolean;
  readonly db: Db;
  /** Records progress and extends the lease; call it at least once per lease period. */
  progress(done: number, total?: number): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface JobRunnerOptions {
  workerId: string;
  pollMs?: number;
  leaseMs?: number;
}

/**
 * Claims queued jobs with `FOR UPDATE SKIP LOCKED`, so several workers never take the same job.
 * A running job whose lease ran out (its worker died) is claimed again: jobs survive a restart.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly handlers: ReadonlyMap<string, JobHandler>,
    private readonly options: JobRunnerOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the runner now, e.g. right after a job was queued in this process. */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs claimable jobs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let count = 0;
    while (await this.runOne()) count++;
    return count;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  async runOne(): Promise<boolean> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return false;
    const job = await this.claim(kinds);
    if (!job) return false;
    const handler = this.handlers.get(job.kind);
    if (!handler) return true;
    const ctx: JobContext = {
      jobId: job.id,
      workspaceId: job.workspace_id,
      payload: job.payload,
      attempt: job.attempts,
      lastAttempt: job.attempts >= job.max_attempts,
      db: this.db,
      progress: (done, total) => this.progress(job, done, total),
    };
    try {
      const result = await handler(ctx);
      await this.finish(job, { state: 'succeeded', result: JSON.stringify(result ?? null), error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A refusal of the job's input (bad options, a file that cannot be read) fails the same way again.
      const permanent = err instanceof AppError && err.code !== 'internal';
      if (!permanent && job.attempts < job.max_attempts) await this.retry(job, message);
      else await this.finish(job, { state: 'failed', result: null, error: message });
    }
    return true;
  }

  private async claim(kinds: string[]): Promise<JobRow | undefined> {
    const { rows } = await withSystem(this.db, (trx) =>
      sql<JobRow>`
        update jobs set state = 'running', attempts = attempts + 1, locked_by = ${this.options.workerId},
          locked_until = now() + ${`${this.leaseMs} milliseconds`}::interval,
          started_at = coalesce(started_at, now())
        where (workspace_id, id) = (
          select workspace_id, id from jobs
          where kind = any(${kinds}::text[])
            and ((state = 'queued' and run_after <= now()) or (state = 'running' and locked_until < now()))
          order by run_after, created_at
          limit 1
          for update skip locked)
        returning *`.execute(trx),
    );
    return rows[0];
  }

  private async progress(job: JobRow, done: number, total?: number): Promise<void> {
    await withTenant(this.db, job.workspace_id, (trx) =>
      platform(trx)
        .updateTable('jobs')
        .set({
          progress_done: done,
          ...(total === undefined ? {} : { progress_total: total }),
          locked_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval`,
        })
        .where('workspace_id', '=', job.workspace_id)
        .where('id', '=', job.id)
        .execute(),
    );
  }

  private async retry(job: JobRow, error: string): Promise<void> {
    const backoffMs = 1000 * 2 ** job.attempts;
    await withTenant(this.db, job.workspace_id, (trx) =>
      platform(trx)
        .updateTable('jobs')
        .set({
          state: 'queued',
          error,
          locked_by: null,
          locked_until: null,
          run_after: sql<Date>`now() + ${`${backoffMs} milliseconds`}::interval`,
        })
        .where('workspace_id', '=', job.workspace_id)
        .where('id', '=', job.id)
        .execute(),
    );
  }

  private async finish(
    job: JobRow,
    outcome: { state: 'succeeded' | 'failed'; result: string | null; error: string | null },
  ): Promise<void> {
    await withTenant(this.db, job.workspace_id, (trx) =>
      platform(trx)
        .updateTable('jobs')
        .set({ ...outcome, locked_by: null, locked_until: null, finished_at: sql<Date>`now()` })
        .where('workspace_id', '=', job.workspace_id)
        .where('id', '=', job.id)
        .execute(),
    );
  }
}

function toJob(row: JobRow): Job {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    payload: row.payload,
    result: row.result,
    error: row.error,
    progress: { done: row.progress_done, total: row.progress_total },
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
