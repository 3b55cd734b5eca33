import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
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
export async function importOrdersCommand(file: string, flags: ImportOrdersFlags): Promise<void> {
  const options = importOptions(file, flags);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  await withDatabase(async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, flags.workspace);
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'orders [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let summary: ImportSummary;
    try {
      summary = await importOrders(db, SYSTEM_PRINCIPAL(ws.id), text, options, ({ done, total }) => {
        if (done === 0) bar.start(total, 0);
        else bar.update(done);
      });
    } catch (err) {
      if (err instanceof FileFormatError) {
        throw new CliError(`${path.basename(file)}${err.line ? `, line ${err.line}` : ''}: ${err.message}`);
      }
      throw err;
    } finally {
      bar.stop();
    }
    report(file, ws.slug, summary, flags.json === true);
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

function report(file: string, workspace: string, s: ImportSummary, json: boolean): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const listed = s.badRows.slice(0, LISTED);
  for (const bad of listed) console.error(`line ${bad.line}, ${bad.field}: ${bad.reason}`);
  if (s.badRows.length > listed.length)
    console.error(`... and ${n(s.badRows.length - listed.length)} more bad line(s)`);
  for (const r of s.rejected) console.error(`line ${r.line}, ${r.field}: refused: ${r.reason}`);
  if (json) {
    console.log(JSON.stringify({ ...s, badRows: s.badRows.length, file: path.basename(file), workspace }));
    return;
  }
  if (!s.loaded) return;
  const skipped = s.badRows.length > 0 ? `, ${n(s.badRows.length)} bad line(s) skipped` : '';
  console.log(
    `Imported ${path.basename(file)} into "${workspace}": ${n(s.rows)} lines${skipped}; ` +
      `${n(s.orders.created)} orders created, ${n(s.orders.duplicate)} already there; ` +
      `${n(s.peopleCreated)} customers and ${n(s.productsCreated)} products created; ` +
      `${n(s.returns.created)} returns; in ${(s.elapsedMs / 1000).toFixed(1)} s`,
  );
}
