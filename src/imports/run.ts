import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index';
import { withTenant, withTenantRetrying } from '../db/index';
import { recordAudit, workspaceRegion } from '../platform/index';
import type { Principal } from '../platform/index';
import { accountsImport } from './accounts';
import type { BadRow } from './csv/errors';
import type { ColumnMapping } from './csv/mapping';
import { openRecords } from './csv/records';
import type { CsvFile, CsvRecord } from './csv/stream';
import { interactionsImport } from './interactions-load';
import type { Checked, ImportKind, ImportKindName, ImportSettings, RowGroups, RowReader } from './kind';
import { ordersImport } from './orders-load';
import { peopleImport } from './people-load';
import { applyPreset } from './presets';
import { productsImport } from './products';
import {
  findPreviousRun,
  type ImportRow,
  insertImport,
  insertRejects,
  lockCheckpoint,
  saveCheckpoint,
  updateImport,
} from './repository';

export const KINDS: Record<ImportKindName, ImportKind<unknown>> = {
  people: peopleImport as ImportKind<unknown>,
  interactions: interactionsImport as ImportKind<unknown>,
  orders: ordersImport as ImportKind<unknown>,
  products: productsImport as ImportKind<unknown>,
  accounts: accountsImport as ImportKind<unknown>,
};

/**
 * Opens the file from its start. A dry run reads it the second time inside the transaction it rolls
 * back, given as `within`: a source stored in the database must read through it.
 */
export type FileSource = (within?: Tx) => AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
export interface RunInput {
  kind: ImportKindName;
  /** Opens the file from its start: it is read twice (checked, then loaded), never held whole. */
  open: FileSource;
  fileName: string | null;
  mapping: ColumnMapping<string>;
  settings: ImportSettings;
  /**
   * Check every line, then load the good ones in one transaction that is rolled back, to count what
   * the import would create, update, leave unchanged and reject; nothing is kept.
   */
  dryRun: boolean;
  /** Load the good lines and report the bad ones, instead of loading nothing when a line is bad. */
  skipBadRows: boolean;
  /** Lines per transaction (and per checkpoint); default 5,000. */
  chunkSize?: number;
  /** A run already recorded (an upload): its checkpoint is used. Otherwise the run is found by fingerprint. */
  importId?: string;
  /** Load the file again even if a run of it succeeded. */
  again?: boolean;
}

export interface Progress {
  phase: 'checking' | 'loading';
  /** Data lines read (checking) or committed (loading). */
  done: number;
  total: number | null;
}

export interface RunHooks {
  onProgress?(progress: Progress): void | Promise<void>;
  /** Each line that is not loaded, with its values (a bad line, or one refused while loading). */
  onBadRow?(bad: BadRow, record: readonly string[]): void | Promise<void>;
  /** The file's columns, once the header is read. */
  onColumns?(columns: readonly string[]): void | Promise<void>;
  /** Every committed chunk (after its transaction). */
  onCheckpoint?(checkpoint: { lastLine: number; rowsDone: number }): void | Promise<void>;
}

export interface ImportSummary {
  importId: string | null;
  kind: ImportKindName;
  fileName: string | null;
  fingerprint: string;
  /** Data lines in the file. */
  rows: number;
  badRows: number;
  /** The first bad or refused lines, by line (all of them are given to `onBadRow`). */
  firstErrors: BadRow[];
  dryRun: boolean;
  /** False when bad lines stopped the import (or it was a dry run). */
  loaded: boolean;
  /** The line after which this run went on from an earlier, interrupted run of the same file. */
  resumedAfterLine: number | null;
  /** The same file had already been imported: nothing was done. */
  alreadyImported: boolean;
  /**
   * Over all runs of the file (the kind's counts, e.g. created, updated, unchanged, rejected); for a
   * dry run, what the import would do.
   */
  counts: Record<string, number>;
  elapsedMs: number;
  /** Lines loaded per second by this run. */
  rowsPerSecond: number;
}

const FIRST_ERRORS = 20;
/** Lines a dry run keeps of those it would refuse while loading, to report them after its rollback. */
const DRY_RUN_REFUSALS_KEPT = 50_000;

/**
 * Imports a file of one kind (people, interactions, orders, products, accounts), streaming, in two
 * passes. The first reads every line and checks it (no database writes); bad lines are reported with
 * their line number and column, and the lines of a group (an order) are refused together. With bad
 * lines and without `skipBadRows` it stops there. A dry run then loads the good lines in one
 * transaction that it rolls back, to count what the import would do. Otherwise the second pass loads
 * the good lines in chunks (never splitting a group), each in one transaction that also audits the
 * chunk and moves the run's checkpoint (the last line committed and the counts so far). A run of the
 * same file (same bytes, kind and options) that was interrupted is resumed after its checkpoint, so
 * every line is loaded exactly once and the counts are exact.
 */
export async function runImport(
  db: Db,
  actor: Principal,
  input: RunInput,
  hooks: RunHooks = {},
): Promise<ImportSummary> {
  const kind = KINDS[input.kind];
  kind.authorize(actor);
  const { settings, mapping } = applyPreset(input.kind, input.settings, input.mapping);
  kind.checkSettings?.(settings);
  const started = performance.now();
  const ws = actor.workspaceId;
  const region = await withTenant(db, ws, (trx) => workspaceRegion(trx, ws));

  // Pass 1: check every line.
  const first = await openRecords(input.open(), settings);
  await hooks.onColumns?.(first.columns);
  const reader = kind.reader(first.columns, mapping, settings, region);
  const summary: ImportSummary = {
    importId: input.importId ?? null,
    kind: input.kind,
    fileName: input.fileName,
    fingerprint: '',
    rows: 0,
    badRows: 0,
    firstErrors: [],
    dryRun: input.dryRun,
    loaded: false,
    resumedAfterLine: null,
    alreadyImported: false,
    counts: Object.fromEntries(kind.countNames.map((n) => [n, 0])),
    elapsedMs: 0,
    rowsPerSecond: 0,
  };
  const noteError = (bad: BadRow) => {
    if (summary.firstErrors.length < FIRST_ERRORS) summary.firstErrors.push(bad);
  };
  // The bad lines, so the second pass skips them without checking every line again.
  const badLines = new Set<number>();
  const refuse = async (bad: BadRow, record: readonly string[]) => {
    summary.badRows++;
    badLines.add(bad.line);
    noteError(bad);
    await hooks.onBadRow?.(bad, record);
  };
  const groups = reader.groups ? new GroupCheck(reader.groups, refuse) : undefined;
  for await (const record of first.records) {
    summary.rows++;
    const checked = reader.check(record, () => '');
    if (!checked.ok)
      await refuse({ line: record.line, field: checked.field, reason: checked.reason }, record.fields);
    await groups?.add(record, checked);
    if (summary.rows % 50_000 === 0)
      await hooks.onProgress?.({ phase: 'checking', done: summary.rows, total: null });
  }
  await groups?.close();
  const fileDigest = first.digest();
  summary.fingerprint = fingerprintOf(input, fileDigest);
  const finish = () => {
    summary.firstErrors.sort((a, b) => a.line - b.line);
    summary.elapsedMs = Math.round(performance.now() - started);
    return summary;
  };
  const chunkSize = input.chunkSize ?? 5_000;
  if (input.dryRun) {
    const refused = await tryLoad(db, actor, input, kind, reader, badLines, chunkSize, {
      importId: input.importId ?? randomUUID(),
      region,
      fileDigest,
      settings,
      columns: reader.columns,
      dryRun: true,
    });
    summary.counts = refused.counts;
    for (const r of refused.lines) {
      noteError(r);
      await hooks.onBadRow?.(r, r.record);
    }
    if (input.importId)
      await updateImport(db, ws, input.importId, {
        state: 'succeeded',
        fingerprint: summary.fingerprint,
        columns: first.columns,
        totalRows: summary.rows,
        badRows: summary.badRows,
        rowsDone: summary.rows,
        counts: summary.counts,
        finished: true,
      });
    return finish();
  }
  if (summary.badRows > 0 && !input.skipBadRows) {
    if (input.importId)
      await updateImport(db, ws, input.importId, {
        state: 'refused',
        fingerprint: summary.fingerprint,
        columns: first.columns,
        totalRows: summary.rows,
        badRows: summary.badRows,
        finished: true,
      });
    return finish();
  }

  // Pass 2: load in chunks, after the checkpoint of an interrupted run of the same file.
  const run = await openRun(db, actor, input, summary, first.columns);
  if (!run) {
    summary.alreadyImported = true;
    return finish();
  }
  summary.importId = run.id;
  let committedLine = Number(run.last_line);
  let rowsDone = Number(run.rows_done);
  if (committedLine > 0) summary.resumedAfterLine = committedLine;
  summary.counts = countsInOrder(kind, run.counts);
  await hooks.onProgress?.({ phase: 'loading', done: rowsDone, total: summary.rows });

  const second = await openRecords(input.open(), settings);
  const ctx = { importId: run.id, region, fileDigest, settings, columns: reader.columns, dryRun: false };
  const loadStarted = performance.now();
  const rowsBefore = rowsDone;
  const commit = async (
    rows: unknown[],
    records: string[][],
    lines: number[],
    lastLine: number,
    consumed: number,
  ) => {
    const rejected = await withTenantRetrying(db, ws, async (trx) => {
      const checkpoint = await lockCheckpoint(trx, ws, run.id);
      if (checkpoint.lastLine !== committedLine)
        throw new Error(
          'another process is loading this import (its checkpoint moved); stop it or wait for it',
        );
      const result = rows.length > 0 ? await kind.load(trx, actor, rows, ctx) : { counts: {}, rejected: [] };
      const counts = countsInOrder(kind, checkpoint.counts);
      for (const [name, n] of Object.entries(result.counts)) counts[name] = (counts[name] ?? 0) + n;
      const rejects = result.rejected.map((r) => ({
        line: lines[r.index] as number,
        field: r.field,
        reason: r.reason,
        record: records[r.index] as string[],
      }));
      await insertRejects(trx, ws, run.id, rejects);
      if (rows.length > 0)
        await recordAudit(trx, actor, {
          action: 'create',
          objectType: kind.auditObject,
          objectId: run.id,
          after: { file: input.fileName, lines: `${lines[0]}-${lines.at(-1)}`, ...result.counts },
        });
      await saveCheckpoint(trx, ws, run.id, { lastLine, rowsDone: consumed, counts });
      summary.counts = counts;
      return rejects;
    });
    committedLine = lastLine;
    rowsDone = consumed;
    for (const r of rejected) {
      noteError(r);
      await hooks.onBadRow?.(r, r.record);
    }
    await hooks.onCheckpoint?.({ lastLine, rowsDone });
    await hooks.onProgress?.({ phase: 'loading', done: rowsDone, total: summary.rows });
  };

  await loadLines(second, reader, badLines, committedLine, rowsDone, chunkSize, fileDigest, commit);
  if (second.digest() !== fileDigest) throw new Error('the file changed while it was being imported');
  await updateImport(db, ws, run.id, { state: 'succeeded', counts: summary.counts, finished: true });
  summary.loaded = true;
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  summary.rowsPerSecond = loadSeconds > 0 ? Math.round((rowsDone - rowsBefore) / loadSeconds) : 0;
  return finish();
}

/** Counts with every name of the kind, in its order (stored counts come back in jsonb's key order). */
export function countsInOrder(
  kind: ImportKind<unknown>,
  counts: Record<string, number>,
): Record<string, number> {
  const ordered: Record<string, number> = Object.fromEntries(kind.countNames.map((n) => [n, counts[n] ?? 0]));
  for (const [name, n] of Object.entries(counts)) ordered[name] ??= n;
  return ordered;
}

class RolledBack extends Error {}

/**
 * A dry run's second pass: the good lines loaded chunk by chunk as an import would, all in one
 * transaction that is then rolled back, so a later chunk sees what an earlier one would have
 * created and the counts are those of the import. Nothing else touches the database meanwhile (the
 * embedded database has one connection): the lines it would refuse are kept and reported after.
 */
async function tryLoad(
  db: Db,
  actor: Principal,
  input: RunInput,
  kind: ImportKind<unknown>,
  reader: RowReader<unknown>,
  badLines: ReadonlySet<number>,
  chunkSize: number,
  ctx: Parameters<ImportKind<unknown>['load']>[3],
): Promise<{ counts: Record<string, number>; lines: (BadRow & { record: string[] })[] }> {
  const counts: Record<string, number> = Object.fromEntries(kind.countNames.map((n) => [n, 0]));
  const lines: (BadRow & { record: string[] })[] = [];
  try {
    await withTenant(db, actor.workspaceId, async (trx) => {
      const file = await openRecords(input.open(trx), ctx.settings);
      await loadLines(file, reader, badLines, 0, 0, chunkSize, ctx.fileDigest, async (rows, records, at) => {
        if (rows.length === 0) return;
        const result = await kind.load(trx, actor, rows, ctx);
        for (const [name, n] of Object.entries(result.counts)) counts[name] = (counts[name] ?? 0) + n;
        for (const r of result.rejected)
          if (lines.length < DRY_RUN_REFUSALS_KEPT)
            lines.push({
              line: at[r.index] as number,
              field: r.field,
              reason: r.reason,
              record: records[r.index] as string[],
            });
      });
      if (file.digest() !== ctx.fileDigest) throw new Error('the file changed while it was being checked');
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  lines.sort((a, b) => a.line - b.line);
  return { counts, lines };
}

/**
 * The first pass's view of groups (the lines of one order): a group whose line is bad, or that is
 * bad as a whole, has its other lines refused too; a group that comes back after other lines is
 * refused (its lines must be consecutive, so a chunk can hold it whole). Keeps the lines of the
 * current group and the first line of every group seen.
 */
class GroupCheck<Row> {
  private key: string | undefined;
  private members: { line: number; fields: string[]; row: Row | undefined }[] = [];
  private firstBad: number | undefined;
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly groups: RowGroups<Row>,
    private readonly refuse: (bad: BadRow, record: readonly string[]) => Promise<void>,
  ) {}

  async add(record: CsvRecord, checked: Checked<Row>): Promise<void> {
    const key = this.groups.key(record);
    const member = { line: record.line, fields: record.fields, row: checked.ok ? checked.row : undefined };
    if (key !== undefined && key === this.key) {
      this.members.push(member);
      if (!checked.ok) this.firstBad ??= record.line;
      return;
    }
    await this.close();
    if (key === undefined) return;
    const began = this.ended.get(key);
    if (began !== undefined) {
      if (checked.ok)
        await this.refuse(
          {
            line: record.line,
            field: this.groups.field,
            reason: `${key} began at line ${began} and other lines came between: the lines of one must be consecutive`,
          },
          record.fields,
        );
      return;
    }
    this.key = key;
    this.members = [member];
    this.firstBad = checked.ok ? undefined : record.line;
  }

  async close(): Promise<void> {
    const key = this.key;
    if (key === undefined) return;
    const members = this.members;
    const firstBad = this.firstBad;
    this.key = undefined;
    this.members = [];
    this.ended.set(key, (members[0] as { line: number }).line);
    const good = members.filter((m) => m.row !== undefined);
    const problem =
      firstBad !== undefined
        ? `another line of ${key} is bad (line ${firstBad})`
        : this.groups.check?.(good.map((m) => m.row as Row));
    if (problem === undefined) return;
    const reason = firstBad !== undefined ? problem : `${key} ${problem}`;
    for (const m of good) await this.refuse({ line: m.line, field: this.groups.field, reason }, m.fields);
  }
}

/**
 * Reads the lines after `after` and commits them in chunks of good lines; a chunk holds whole groups
 * (it may pass `chunkSize` to end one). While one chunk commits, the next is read and checked (the
 * database works while this process parses).
 */
async function loadLines(
  file: CsvFile,
  reader: RowReader<unknown>,
  badLines: ReadonlySet<number>,
  after: number,
  doneBefore: number,
  chunkSize: number,
  fileDigest: string,
  commit: (
    rows: unknown[],
    records: string[][],
    lines: number[],
    lastLine: number,
    consumed: number,
  ) => Promise<void>,
): Promise<void> {
  let rows: unknown[] = [];
  let records: string[][] = [];
  let lines: number[] = [];
  let consumed = doneBefore;
  let lastLine = after;
  let flushedLine = after;
  /** The group of the last line taken into the chunk. */
  let group: string | undefined;
  let pending: Promise<void> | undefined;
  const digest = () => fileDigest;
  const flush = async () => {
    await pending;
    pending = commit(rows, records, lines, lastLine, consumed);
    flushedLine = lastLine;
    pending.catch(() => undefined);
    rows = [];
    records = [];
    lines = [];
  };
  for await (const record of file.records) {
    if (record.line <= after) continue;
    if (rows.length >= chunkSize) {
      const key = reader.groups?.key(record);
      if (key === undefined || key !== group) await flush();
    }
    consumed++;
    lastLine = record.line;
    if (badLines.has(record.line)) continue;
    const checked = reader.check(record, digest, true);
    if (!checked.ok) throw new Error(`line ${record.line} changed between the two readings of the file`);
    rows.push(checked.row);
    records.push(record.fields);
    lines.push(record.line);
    group = reader.groups?.key(record);
  }
  if (rows.length > 0 || lastLine > flushedLine) await flush();
  await pending;
}

function fingerprintOf(input: RunInput, fileDigest: string): string {
  const options = JSON.stringify({
    kind: input.kind,
    mapping: sorted(input.mapping),
    settings: sorted(input.settings),
  });
  return createHash('sha256').update(fileDigest).update(options).digest('hex');
}

function sorted(o: object): [string, unknown][] {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The run to load into: the given one, an interrupted run of the same file, or a new one. */
async function openRun(
  db: Db,
  actor: Principal,
  input: RunInput,
  summary: ImportSummary,
  columns: string[],
): Promise<ImportRow | undefined> {
  const ws = actor.workspaceId;
  return withTenant(db, ws, async (trx) => {
    if (input.importId) {
      const { rows } =
        await sql<ImportRow>`update imports set state = 'running', fingerprint = ${summary.fingerprint},
            columns = ${columns}::text[], total_rows = ${summary.rows}, bad_rows = ${summary.badRows},
            started_at = coalesce(started_at, now()), updated_at = now()
          where workspace_id = ${ws} and id = ${input.importId} returning *`.execute(trx);
      return rows[0];
    }
    const previous = await findPreviousRun(trx, ws, input.kind, summary.fingerprint);
    if (previous && previous.state !== 'succeeded') {
      await sql`update imports set state = 'running', error = null, updated_at = now()
        where workspace_id = ${ws} and id = ${previous.id}`.execute(trx);
      return previous;
    }
    if (previous && !input.again) {
      summary.importId = previous.id;
      summary.counts = { ...summary.counts, ...previous.counts };
      return undefined;
    }
    const row = await insertImport(trx, ws, {
      kind: input.kind,
      fingerprint: summary.fingerprint,
      fileName: input.fileName,
      options: { mapping: input.mapping, settings: input.settings, skipBadRows: input.skipBadRows },
      actor: {},
      state: 'running',
      dryRun: false,
      createdBy: actor.via === 'system' ? null : actor.userId,
    });
    await sql`update imports set columns = ${columns}::text[], total_rows = ${summary.rows},
        bad_rows = ${summary.badRows} where workspace_id = ${ws} and id = ${row.id}`.execute(trx);
    return row;
  });
}

/** Marks a run failed (the CLI on an error; the job when it gives up): a re-run resumes it. */
export async function failImport(
  db: Db,
  workspaceId: string,
  importId: string,
  error: string,
): Promise<void> {
  await updateImport(db, workspaceId, importId, { state: 'failed', error });
}
