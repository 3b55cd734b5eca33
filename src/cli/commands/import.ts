import fs from 'node:fs';
import path from 'node:path';
import {
  type BadRow,
  type ColumnMapping,
  csvLine,
  FileFormatError,
  type ImportKindName,
  type ImportSummary,
  KINDS,
  mappingFromJson,
  parseMappingPairs,
  runImport,
} from '../../imports/index';
import { findWorkspaceBySlug, SYSTEM_PRINCIPAL } from '../../platform/index';
import { CliError, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';
import { progressBar } from '../progress';

export interface ImportRecordsFlags {
  workspace: string;
  map?: string[];
  mapping?: string;
  source?: string;
  dateFormat?: string;
  delimiter?: string;
  format?: 'csv' | 'whitespace';
  columns?: string;
  preset?: string;
  channel?: string;
  type?: string;
  direction?: string;
  currency?: string;
  status?: string;
  newProducts?: string;
  dryRun?: boolean;
  skipBadRows?: boolean;
  errorsOut?: string;
  chunkSize?: number;
  again?: boolean;
  json?: boolean;
  /** Orders: --customer-col, --date-col, ...: one per key, as --map key=Column. */
  [column: `${string}Col`]: string | undefined;
}

/**
 * `rapport import people|interactions|orders|products|accounts FILE`: streams the file twice
 * (checked, then loaded in chunks), resuming an interrupted run of the same file after its last
 * committed chunk; `--dry-run` counts what it would do and keeps nothing.
 */
export async function importRecordsCommand(
  kind: ImportKindName,
  file: string,
  flags: ImportRecordsFlags,
  io: CliIo,
): Promise<void> {
  try {
    if (!fs.statSync(file).isFile()) throw new CliError(`${file}: not a file`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  const mapping = recordMapping(kind, flags);
  if (flags.source !== undefined && !/^[a-z0-9][a-z0-9_-]{0,49}$/.test(flags.source))
    throw new CliError('--source: 1-50 lower-case letters, digits, - or _, e.g. shop');
  const name = path.basename(file);
  await withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, flags.workspace);
    const bar = progressBar(kind, io.stderr, { logEveryMs: 0 });
    const errors = rejectsWriter(flags.errorsOut);
    let summary: ImportSummary;
    try {
      summary = await runImport(
        db,
        SYSTEM_PRINCIPAL(ws.id),
        {
          kind,
          open: () => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
          fileName: name,
          mapping,
          settings: {
            source: flags.source,
            dateFormat: flags.dateFormat,
            delimiter: flags.delimiter,
            format: flags.format,
            columns: flags.columns?.split(',').map((c) => c.trim()),
            preset: flags.preset,
            channel: flags.channel,
            type: flags.type,
            direction: flags.direction,
            currency: flags.currency,
            status: flags.status,
            newProducts: flags.newProducts,
          },
          dryRun: flags.dryRun === true,
          skipBadRows: flags.skipBadRows === true,
          chunkSize: flags.chunkSize,
          again: flags.again === true,
        },
        {
          onColumns: (columns) => errors.columns(columns),
          onBadRow: (bad, record) => errors.write(bad, record),
          onProgress: ({ phase, done, total }) => {
            if (phase === 'loading' && total !== null) bar.update(done, total);
            else if (io.stderr.isTTY)
              io.stderr.write(`\rchecking ${name}: ${done.toLocaleString('en-US')} lines read`);
          },
        },
      );
    } catch (err) {
      if (err instanceof FileFormatError)
        throw new CliError(`${name}${err.line ? `, line ${err.line}` : ''}: ${err.message}`);
      if (err instanceof RangeError) throw new CliError(err.message);
      throw err;
    } finally {
      bar.stop();
      await errors.close();
    }
    reportRecords(io, summary, ws.slug, flags);
    if (summary.badRows > 0 && !summary.loaded) {
      throw new CliError(
        summary.dryRun
          ? `dry run: ${summary.badRows.toLocaleString('en-US')} bad line(s); nothing was written`
          : `${summary.badRows.toLocaleString('en-US')} bad line(s): nothing was loaded. Fix them, or pass --skip-bad-rows to load the rest.`,
      );
    }
  });
}

function recordMapping(kind: ImportKindName, flags: ImportRecordsFlags): ColumnMapping<string> {
  const keys = KINDS[kind].keys;
  try {
    let mapping: ColumnMapping<string> = {};
    if (flags.mapping) {
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(flags.mapping, 'utf8'));
      } catch (err) {
        throw new RangeError(`--mapping ${flags.mapping}: ${(err as Error).message}`);
      }
      mapping = mappingFromJson(json, keys, `--mapping ${flags.mapping}`);
    }
    for (const pairs of flags.map ?? []) mapping = { ...mapping, ...parseMappingPairs(pairs, keys) };
    for (const key of keys) {
      const column = flags[`${key}Col`];
      if (column !== undefined) mapping[key] = column;
    }
    return mapping;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** `--errors-out FILE`: the rejected lines with the file's columns, then line, field and reason. */
function rejectsWriter(file: string | undefined) {
  let columns: readonly string[] = [];
  let out: fs.WriteStream | undefined;
  return {
    columns(c: readonly string[]) {
      columns = c;
    },
    async write(bad: BadRow, record: readonly string[]) {
      if (!file) return;
      if (!out) {
        out = fs.createWriteStream(file);
        out.write(csvLine([...columns, 'line', 'field', 'reason']));
      }
      if (!out.write(csvLine([...record, bad.line, bad.field, bad.reason])))
        await new Promise<void>((resolve) => out?.once('drain', () => resolve()));
    },
    async close() {
      if (out) await new Promise<void>((resolve) => out?.end(() => resolve()));
    },
  };
}

function reportRecords(io: CliIo, s: ImportSummary, workspace: string, flags: ImportRecordsFlags): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const say = (text: string) => writeLine(io.stdout, text);
  for (const bad of s.firstErrors) writeLine(io.stderr, `line ${bad.line}, ${bad.field}: ${bad.reason}`);
  const refused = s.badRows + (s.counts.rejected ?? 0);
  if (refused > s.firstErrors.length)
    writeLine(io.stderr, `... and ${n(refused - s.firstErrors.length)} more bad or refused line(s)`);
  if (flags.errorsOut && s.badRows + (s.counts.rejected ?? 0) > 0)
    writeLine(io.stderr, `Rejected lines written to ${flags.errorsOut}`);
  if (flags.json) {
    say(JSON.stringify({ ...s, workspace }));
    return;
  }
  const counts = Object.entries(s.counts)
    .map(([k, v]) => `${n(v)} ${k}`)
    .join(', ');
  if (s.dryRun) {
    say(
      `Dry run of ${s.fileName}: ${n(s.rows)} lines, ${n(s.badRows)} bad; the good lines would give ${s.kind}: ${counts}; nothing was written`,
    );
    return;
  }
  if (s.alreadyImported) {
    say(
      `${s.fileName} was already imported into "${workspace}" (import ${s.importId}): ${counts}. Pass --again to load it again.`,
    );
    return;
  }
  if (!s.loaded) return;
  const resumed = s.resumedAfterLine === null ? '' : `; resumed after line ${n(s.resumedAfterLine)}`;
  const skipped = s.badRows > 0 ? `, ${n(s.badRows)} bad line(s) skipped` : '';
  say(
    `Imported ${s.fileName} into "${workspace}": ${n(s.rows)} lines${skipped}; ${s.kind}: ${counts}${resumed}; ` +
      `in ${(s.elapsedMs / 1000).toFixed(1)} s (${n(s.rowsPerSecond)} rows/s); import ${s.importId}`,
  );
}
