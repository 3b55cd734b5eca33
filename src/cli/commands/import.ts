import fs from 'node:fs';
import path from 'node:path';
import {
  type BadRow,
  type ColumnMapping,
  csvLine,
  type ImportKindName,
  type ImportSummary as ImportSummary2,
  KINDS,
  mappingFromJson,
  parseMappingPairs,
  runImport,
} from '../../imports/index';
import { findWorkspaceBySlug, SYSTEM_PRINCIPAL } from '../../platform/index';
import {
  FileFormatError,
  type ImportOptions,
  type ImportSummary,
  importOrders,
  type Mapping,
  MAPPING_KEYS,
  parseMapping,
  PRESETS,
  CHANNELS,
  type Channel,
} from '../../sales/index';
import { CliError, EXIT, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';
import { progressBar } from '../progress';

export interface ImportOrdersFlags {
  workspace: string;
  preset?: keyof typeof PRESETS;
  format?: 'csv' | 'whitespace';
  columns?: string;
  delimiter?: string;
  map?: string;
  dateFormat?: string;
  source?: string;
  channel?: string;
  status?: 'placed' | 'fulfilled';
  currency?: string;
  skipBadRows?: boolean;
  json?: boolean;
  /** --customer-col, --date-col, ...: one per mapping key. */
  [column: `${string}Col`]: string | undefined;
}

/** How many bad lines are listed before "... and N more". */
const LISTED = 20;

/** `rapport import orders FILE`: checks every line first, then loads in chunks with a progress bar. */
export async function importOrdersCommand(file: string, flags: ImportOrdersFlags, io: CliIo): Promise<void> {
  const options = importOptions(file, flags);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  await withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, flags.workspace);
    const bar = progressBar('orders', io.stderr, { log: false });
    let summary: ImportSummary;
    try {
      summary = await importOrders(db, SYSTEM_PRINCIPAL(ws.id), text, options, ({ done, total }) =>
        bar.update(done, total),
      );
    } catch (err) {
      if (err instanceof FileFormatError) {
        throw new CliError(`${path.basename(file)}${err.line ? `, line ${err.line}` : ''}: ${err.message}`);
      }
      throw err;
    } finally {
      bar.stop();
    }
    report(io, file, ws.slug, summary, flags.json === true);
    if (!summary.loaded) {
      throw new CliError(
        `${summary.badRows.length.toLocaleString('en-US')} bad line(s): nothing was loaded. Fix them, or pass --skip-bad-rows to load the rest.`,
      );
    }
    if (summary.rejected.length > 0) {
      throw new CliError(`${summary.rejected.length} order(s) were refused while loading`, EXIT.failed);
    }
  });
}

function importOptions(file: string, flags: ImportOrdersFlags): ImportOptions {
  const preset = flags.preset ? PRESETS[flags.preset] : undefined;
  let mapping: Mapping;
  try {
    mapping = { ...preset?.mapping, ...(flags.map ? parseMapping(flags.map) : {}) };
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  for (const key of MAPPING_KEYS) {
    const column = flags[`${key}Col`];
    if (column !== undefined) mapping[key] = column;
  }
  const source = flags.source ?? preset?.source;
  if (!source) throw new CliError('--source: name where the customer ids come from, e.g. --source shop');
  if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(source)) {
    throw new CliError('--source: 1-50 lower-case letters, digits, - or _, e.g. cdnow');
  }
  const channel = flags.channel ?? preset?.channel ?? 'other';
  if (!CHANNELS.includes(channel as Channel)) throw new CliError(`--channel: one of ${CHANNELS.join(', ')}`);
  const currency = flags.currency ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) throw new CliError('--currency: a three-letter code such as USD');
  const format = flags.format ?? preset?.format ?? 'csv';
  const columns = flags.columns?.split(',').map((c) => c.trim()) ?? preset?.columns;
  if (flags.columns !== undefined && format !== 'whitespace') {
    throw new CliError(
      '--columns: only for --format whitespace (a CSV file names its columns in its header)',
    );
  }
  return {
    format,
    columns,
    delimiter: flags.delimiter,
    mapping,
    dateFormat: flags.dateFormat ?? preset?.dateFormat,
    source,
    channel: channel as Channel,
    status: flags.status ?? 'fulfilled',
    currency,
    skipBadRows: flags.skipBadRows === true,
    label: path.basename(file),
  };
}

function report(io: CliIo, file: string, workspace: string, s: ImportSummary, json: boolean): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const listed = s.badRows.slice(0, LISTED);
  for (const bad of listed) writeLine(io.stderr, `line ${bad.line}, ${bad.field}: ${bad.reason}`);
  if (s.badRows.length > listed.length)
    writeLine(io.stderr, `... and ${n(s.badRows.length - listed.length)} more bad line(s)`);
  for (const r of s.rejected) writeLine(io.stderr, `line ${r.line}, ${r.field}: refused: ${r.reason}`);
  if (json) {
    writeLine(
      io.stdout,
      JSON.stringify({ ...s, badRows: s.badRows.length, file: path.basename(file), workspace }),
    );
    return;
  }
  if (!s.loaded) return;
  const skipped = s.badRows.length > 0 ? `, ${n(s.badRows.length)} bad line(s) skipped` : '';
  writeLine(
    io.stdout,
    `Imported ${path.basename(file)} into "${workspace}": ${n(s.rows)} lines${skipped}; ` +
      `${n(s.orders.created)} orders created, ${n(s.orders.duplicate)} already there; ` +
      `${n(s.peopleCreated)} customers and ${n(s.productsCreated)} products created; ` +
      `${n(s.returns.created)} returns; in ${(s.elapsedMs / 1000).toFixed(1)} s`,
  );
}

export interface ImportRecordsFlags {
  workspace: string;
  map?: string[];
  mapping?: string;
  source?: string;
  dateFormat?: string;
  delimiter?: string;
  channel?: string;
  type?: string;
  direction?: string;
  dryRun?: boolean;
  skipBadRows?: boolean;
  errorsOut?: string;
  chunkSize?: number;
  again?: boolean;
  json?: boolean;
}

/**
 * `rapport import people|interactions FILE`: streams the file twice (checked, then loaded in
 * chunks), resuming an interrupted run of the same file after its last committed chunk.
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
    let summary: ImportSummary2;
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
            channel: flags.channel,
            type: flags.type,
            direction: flags.direction,
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

function reportRecords(io: CliIo, s: ImportSummary2, workspace: string, flags: ImportRecordsFlags): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const say = (text: string) => writeLine(io.stdout, text);
  for (const bad of s.firstErrors) writeLine(io.stderr, `line ${bad.line}, ${bad.field}: ${bad.reason}`);
  if (s.badRows > s.firstErrors.length)
    writeLine(io.stderr, `... and ${n(s.badRows - s.firstErrors.length)} more bad line(s)`);
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
    say(`Dry run of ${s.fileName}: ${n(s.rows)} lines, ${n(s.badRows)} bad; nothing was written`);
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
