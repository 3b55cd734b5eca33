import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { AppError, invalid, notFound } from '../platform/index';
import { enqueueJob, type JobHandler } from '../platform/index';
import { authorize, isAllowed, type Principal } from '../platform/index';
import type { BadRow } from './csv/errors';
import type { ColumnMapping } from './csv/mapping';
import { csvLine } from './csv/stream';
import type { ImportKindName, ImportSettings } from './kind';
import {
  deleteUpload,
  findImport,
  type ImportRow,
  type ImportState,
  insertImport,
  insertRejects,
  insertUploadPart,
  listRejects,
  readUpload,
  type StoredReject,
  updateImport,
} from './repository';
import { applyPreset } from './presets';
import { countsInOrder, KINDS, runImport } from './run';

export const IMPORT_JOB = 'imports.load_csv';
/** Bytes per stored part of an uploaded file. */
const PART_BYTES = 1024 * 1024;
/** The largest file an upload takes. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export interface ImportRequest {
  kind: ImportKindName;
  dryRun: boolean;
  skipBadRows: boolean;
  mapping: ColumnMapping<string>;
  settings: ImportSettings;
  fileName: string | null;
}

export interface ImportView {
  id: string;
  kind: ImportKindName;
  state: ImportState;
  fileName: string | null;
  dryRun: boolean;
  progress: { done: number; total: number | null; rowsPerSecond: number | null };
  counts: Record<string, number>;
  badRows: number;
  /** The first bad or refused lines, by line number. */
  errors: BadRow[];
  uploadBytes: number;
  jobId: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The actor, kept with the import so the job acts as (and with the permissions of) its requester. */
type StoredActor = Pick<Principal, 'userId' | 'teamId' | 'roleName' | 'grants' | 'via'> & {
  requestId?: string;
};

/**
 * `POST /api/imports`: stores the streamed body in parts (never all in memory), then queues the
 * import as a durable job in the same transaction that marks it queued. Each kind names the
 * permissions it needs (people: people create and update; interactions: interactions create; orders:
 * orders create; products and accounts: their create and update); its settings are checked first.
 */
export async function startImport(
  db: Db,
  actor: Principal,
  request: ImportRequest,
  body: AsyncIterable<Buffer | string>,
  options: { maxBytes?: number } = {},
): Promise<{ view: ImportView; jobId: string }> {
  const kind = KINDS[request.kind];
  kind.authorize(actor);
  authorize(actor, 'jobs', 'create');
  const { settings } = applyPreset(request.kind, request.settings, request.mapping);
  kind.checkSettings?.(settings);
  const ws = actor.workspaceId;
  const stored: StoredActor = {
    userId: actor.userId,
    teamId: actor.teamId,
    roleName: actor.roleName,
    grants: actor.grants,
    via: actor.via,
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
  };
  const row = await withTenant(db, ws, (trx) =>
    insertImport(trx, ws, {
      kind: request.kind,
      fingerprint: '',
      fileName: request.fileName,
      options: { mapping: request.mapping, settings: request.settings, skipBadRows: request.skipBadRows },
      actor: stored,
      state: 'uploading',
      dryRun: request.dryRun,
      createdBy: actor.via === 'system' ? null : actor.userId,
    }),
  );
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  let bytes = 0;
  try {
    let part = 0;
    let pending: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      await insertUploadPart(db, ws, row.id, part++, Buffer.concat(pending));
      pending = [];
      size = 0;
    };
    for await (const chunk of body) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (bytes > maxBytes)
        throw new AppError(
          'payload_too_large',
          `a file of at most ${maxBytes.toLocaleString('en-US')} bytes`,
          'body',
        );
      pending.push(buffer);
      size += buffer.length;
      if (size >= PART_BYTES) await flush();
    }
    if (size > 0) await flush();
    if (bytes === 0) throw invalid('body', 'is empty: send the CSV file as the body (content-type text/csv)');
  } catch (err) {
    await deleteUpload(db, ws, row.id);
    await updateImport(db, ws, row.id, {
      state: 'failed',
      error: err instanceof Error ? err.message : String(err),
      finished: true,
    });
    throw err;
  }
  const job = await withTenant(db, ws, async (trx) => {
    const job = await enqueueJob(trx, actor, { kind: IMPORT_JOB, payload: { importId: row.id } });
    await sql`update imports set state = 'queued', job_id = ${job.id}, upload_bytes = ${bytes}, updated_at = now()
      where workspace_id = ${ws} and id = ${row.id}`.execute(trx);
    return job;
  });
  return { view: await getImport(db, actor, row.id), jobId: job.id };
}

/** The job: runs the stored upload through `runImport`, resuming after its checkpoint on a retry. */
export const importJob: JobHandler = async (ctx) => {
  const importId = String(ctx.payload.importId);
  const ws = ctx.workspaceId;
  const row = await withTenant(ctx.db, ws, (trx) => findImport(trx, ws, importId));
  if (!row) return { skipped: 'the import is gone' };
  if (row.state === 'succeeded' || row.state === 'refused') return { skipped: `already ${row.state}` };
  const stored = row.actor as unknown as StoredActor;
  const actor: Principal = { ...stored, workspaceId: ws };
  const options = row.options as {
    mapping: ColumnMapping<string>;
    settings: ImportSettings;
    skipBadRows: boolean;
  };
  let rejects: StoredReject[] = [];
  const saveRejects = async () => {
    const batch = rejects;
    rejects = [];
    if (batch.length > 0) await withTenant(ctx.db, ws, (trx) => insertRejects(trx, ws, importId, batch));
  };
  let lastBeat = 0;
  try {
    await updateImport(ctx.db, ws, importId, { state: 'running', error: null, started: true });
    const summary = await runImport(
      ctx.db,
      actor,
      {
        kind: row.kind,
        open: (within) => readUpload(ctx.db, ws, importId, within),
        fileName: row.file_name,
        mapping: options.mapping,
        settings: options.settings,
        dryRun: row.dry_run,
        skipBadRows: options.skipBadRows,
        importId,
      },
      {
        onBadRow: async (bad, record) => {
          rejects.push({ ...bad, record: [...record] });
          if (rejects.length >= 1000) await saveRejects();
        },
        onProgress: async ({ phase, done, total }) => {
          // The job's progress (and its lease) move with every checkpoint, and every few seconds while checking.
          if (phase === 'checking' && Date.now() - lastBeat < 5_000) return;
          lastBeat = Date.now();
          await ctx.progress(done, total ?? undefined);
        },
      },
    );
    await saveRejects();
    // Done with the file (loaded, refused or checked): the rejected lines are kept, the upload is not.
    await deleteUpload(ctx.db, ws, importId);
    return {
      importId,
      rows: summary.rows,
      badRows: summary.badRows,
      loaded: summary.loaded,
      counts: summary.counts,
      rowsPerSecond: summary.rowsPerSecond,
    };
  } catch (err) {
    await saveRejects().catch(() => undefined);
    await updateImport(ctx.db, ws, importId, {
      state: 'failed',
      error: (err as Error).message ?? String(err),
    });
    throw err;
  }
};

export function importJobHandlers(): Map<string, JobHandler> {
  return new Map([[IMPORT_JOB, importJob]]);
}

/** An import's state, progress, counts and first errors; its requester, or whoever reads all jobs. */
export async function getImport(db: Db, actor: Principal, id: string): Promise<ImportView> {
  const { row, errors } = await withTenant(db, actor.workspaceId, async (trx) => {
    const row = await visibleImport(trx, actor, id);
    return { row, errors: await listRejects(trx, actor.workspaceId, id, 0, 20) };
  });
  return toView(row, errors);
}

async function visibleImport(
  trx: Parameters<typeof findImport>[0],
  actor: Principal,
  id: string,
): Promise<ImportRow> {
  const row = await findImport(trx, actor.workspaceId, id);
  if (!row || !isAllowed(actor, 'jobs', 'read', { ownerId: row.created_by, ownerTeamId: null }))
    throw notFound('Import');
  return row;
}

/**
 * The rejected lines as CSV, streamed a page at a time: the file's columns with the values as read,
 * then `line`, `field` and `reason`.
 */
export async function* rejectedCsv(db: Db, actor: Principal, id: string): AsyncGenerator<string> {
  const ws = actor.workspaceId;
  const row = await withTenant(db, ws, (trx) => visibleImport(trx, actor, id));
  const columns = row.columns ?? [];
  yield csvLine([...columns, 'line', 'field', 'reason']);
  let after = 0;
  for (;;) {
    const page = await withTenant(db, ws, (trx) => listRejects(trx, ws, id, after, 1000));
    if (page.length === 0) return;
    yield page
      .map((r) => {
        const values = columns.length > 0 ? columns.map((_, i) => r.record[i] ?? '') : r.record;
        return csvLine([...values, r.line, r.field, r.reason]);
      })
      .join('');
    after = (page.at(-1) as StoredReject).line;
  }
}

function toView(row: ImportRow, errors: StoredReject[]): ImportView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const done = Number(row.rows_done);
  const seconds = row.started_at
    ? (new Date(row.updated_at).getTime() - new Date(row.started_at).getTime()) / 1000
    : 0;
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    fileName: row.file_name,
    dryRun: row.dry_run,
    progress: {
      done,
      total: row.total_rows === null ? null : Number(row.total_rows),
      rowsPerSecond: seconds > 0 && done > 0 ? Math.round(done / seconds) : null,
    },
    counts: countsInOrder(KINDS[row.kind], row.counts),
    badRows: Number(row.bad_rows),
    errors: errors.map(({ line, field, reason }) => ({ line, field, reason })),
    uploadBytes: Number(row.upload_bytes),
    jobId: row.job_id,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
