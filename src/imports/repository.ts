import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import type { BadRow } from './csv/errors';
import type { ImportKindName } from './kind';

export type ImportState = 'uploading' | 'queued' | 'running' | 'refused' | 'succeeded' | 'failed';

export interface ImportRow {
  id: string;
  kind: ImportKindName;
  fingerprint: string;
  file_name: string | null;
  options: Record<string, unknown>;
  actor: Record<string, unknown>;
  state: ImportState;
  dry_run: boolean;
  columns: string[] | null;
  total_rows: string | number | null;
  bad_rows: string | number;
  last_line: string | number;
  rows_done: string | number;
  counts: Record<string, number>;
  upload_bytes: string | number;
  job_id: string | null;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  updated_at: Date;
  finished_at: Date | null;
}

export async function insertImport(
  trx: Tx,
  workspaceId: string,
  values: {
    kind: ImportKindName;
    fingerprint: string;
    fileName: string | null;
    options: Record<string, unknown>;
    actor: Record<string, unknown>;
    state: ImportState;
    dryRun: boolean;
    createdBy: string | null;
  },
): Promise<ImportRow> {
  const { rows } = await sql<ImportRow>`
    insert into imports (workspace_id, kind, fingerprint, file_name, options, actor, state, dry_run, created_by,
      started_at)
    values (${workspaceId}, ${values.kind}, ${values.fingerprint}, ${values.fileName},
      ${JSON.stringify(values.options)}::jsonb, ${JSON.stringify(values.actor)}::jsonb, ${values.state},
      ${values.dryRun}, ${values.createdBy}, case when ${values.state} = 'running' then now() end)
    returning *`.execute(trx);
  return rows[0] as ImportRow;
}

export async function findImport(trx: Tx, workspaceId: string, id: string): Promise<ImportRow | undefined> {
  const { rows } = await sql<ImportRow>`
    select * from imports where workspace_id = ${workspaceId} and id = ${id}`.execute(trx);
  return rows[0];
}

/** The latest run of the same file with the same options that did not finish (to resume), or that did. */
export async function findPreviousRun(
  trx: Tx,
  workspaceId: string,
  kind: ImportKindName,
  fingerprint: string,
): Promise<ImportRow | undefined> {
  const { rows } = await sql<ImportRow>`
    select * from imports
    where workspace_id = ${workspaceId} and kind = ${kind} and fingerprint = ${fingerprint}
      and not dry_run and state in ('running', 'failed', 'succeeded')
    order by created_at desc limit 1`.execute(trx);
  return rows[0];
}

/** Locks the run's checkpoint for the chunk's transaction; another process loading it waits here. */
export async function lockCheckpoint(
  trx: Tx,
  workspaceId: string,
  id: string,
): Promise<{ lastLine: number; counts: Record<string, number> }> {
  const { rows } = await sql<{ last_line: string; counts: Record<string, number> }>`
    select last_line, counts from imports where workspace_id = ${workspaceId} and id = ${id} for update`.execute(
    trx,
  );
  const row = rows[0];
  if (!row) throw new Error(`import ${id} is gone`);
  return { lastLine: Number(row.last_line), counts: row.counts };
}

export async function saveCheckpoint(
  trx: Tx,
  workspaceId: string,
  id: string,
  checkpoint: { lastLine: number; rowsDone: number; counts: Record<string, number> },
): Promise<void> {
  await sql`update imports set last_line = ${checkpoint.lastLine}, rows_done = ${checkpoint.rowsDone},
      counts = ${JSON.stringify(checkpoint.counts)}::jsonb, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${id}`.execute(trx);
}

export async function updateImport(
  db: Db,
  workspaceId: string,
  id: string,
  changes: {
    state?: ImportState;
    fingerprint?: string;
    columns?: string[];
    totalRows?: number;
    badRows?: number;
    counts?: Record<string, number>;
    rowsDone?: number;
    error?: string | null;
    uploadBytes?: number;
    jobId?: string;
    finished?: boolean;
    started?: boolean;
  },
): Promise<void> {
  const sets = [
    changes.state === undefined ? undefined : sql`state = ${changes.state}`,
    changes.fingerprint === undefined ? undefined : sql`fingerprint = ${changes.fingerprint}`,
    changes.columns === undefined ? undefined : sql`columns = ${changes.columns}::text[]`,
    changes.totalRows === undefined ? undefined : sql`total_rows = ${changes.totalRows}`,
    changes.badRows === undefined ? undefined : sql`bad_rows = ${changes.badRows}`,
    changes.counts === undefined ? undefined : sql`counts = ${JSON.stringify(changes.counts)}::jsonb`,
    changes.rowsDone === undefined ? undefined : sql`rows_done = ${changes.rowsDone}`,
    changes.error === undefined ? undefined : sql`error = ${changes.error}`,
    changes.uploadBytes === undefined ? undefined : sql`upload_bytes = ${changes.uploadBytes}`,
    changes.jobId === undefined ? undefined : sql`job_id = ${changes.jobId}`,
    changes.finished ? sql`finished_at = now()` : undefined,
    changes.started ? sql`started_at = coalesce(started_at, now())` : undefined,
    sql`updated_at = now()`,
  ].filter((s) => s !== undefined);
  await withTenant(db, workspaceId, (trx) =>
    sql`update imports set ${sql.join(sets)} where workspace_id = ${workspaceId} and id = ${id}`.execute(trx),
  );
}

export interface StoredReject extends BadRow {
  record: string[];
}

export async function insertRejects(
  trx: Tx,
  workspaceId: string,
  importId: string,
  rejects: readonly StoredReject[],
): Promise<void> {
  if (rejects.length === 0) return;
  // One row per line (the first reason found); text[][] cannot hold ragged rows, so records go as JSON.
  await sql`insert into import_rejects (workspace_id, import_id, line, field, reason, record)
    select ${workspaceId}, ${importId}, r.line, r.field, r.reason,
      array(select jsonb_array_elements_text(r.record))
    from unnest(${rejects.map((r) => r.line)}::bigint[], ${rejects.map((r) => r.field)}::text[],
      ${rejects.map((r) => r.reason)}::text[], ${rejects.map((r) => JSON.stringify(r.record))}::jsonb[])
      as r(line, field, reason, record)
    on conflict (workspace_id, import_id, line) do nothing`.execute(trx);
}

export async function listRejects(
  trx: Tx,
  workspaceId: string,
  importId: string,
  afterLine: number,
  limit: number,
): Promise<StoredReject[]> {
  const { rows } = await sql<{ line: string; field: string; reason: string; record: string[] }>`
    select line, field, reason, record from import_rejects
    where workspace_id = ${workspaceId} and import_id = ${importId} and line > ${afterLine}
    order by line limit ${limit}`.execute(trx);
  return rows.map((r) => ({ line: Number(r.line), field: r.field, reason: r.reason, record: r.record }));
}

export async function insertUploadPart(
  db: Db,
  workspaceId: string,
  importId: string,
  part: number,
  data: Buffer,
): Promise<void> {
  await withTenant(db, workspaceId, (trx) =>
    sql`insert into import_uploads (workspace_id, import_id, part, data)
      values (${workspaceId}, ${importId}, ${part}, ${data})`.execute(trx),
  );
}

/**
 * The uploaded file, one stored part at a time: each part in a transaction of its own, or in `within`
 * (a dry run reads the file in the transaction it rolls back; the embedded database has one connection).
 */
export async function* readUpload(
  db: Db,
  workspaceId: string,
  importId: string,
  within?: Tx,
): AsyncGenerator<Buffer> {
  for (let part = 0; ; part++) {
    const read = (trx: Tx) =>
      sql<{ data: Uint8Array }>`select data from import_uploads
        where workspace_id = ${workspaceId} and import_id = ${importId} and part = ${part}`.execute(trx);
    const { rows } = within ? await read(within) : await withTenant(db, workspaceId, read);
    const row = rows[0];
    if (!row) return;
    yield Buffer.from(row.data);
  }
}

export async function deleteUpload(db: Db, workspaceId: string, importId: string): Promise<void> {
  await withTenant(db, workspaceId, (trx) =>
    sql`delete from import_uploads where workspace_id = ${workspaceId} and import_id = ${importId}`.execute(
      trx,
    ),
  );
}
