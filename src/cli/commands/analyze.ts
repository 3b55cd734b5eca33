import fs from 'node:fs';
import {
  InputError,
  openSummaryFile,
  openTransactionFile,
  type SummaryFile,
  type TransactionColumns,
  type TransactionFileSpec,
} from '../../analytics/index';
import * as analytics from '../../analytics/index';
import { AppError, findWorkspaceBySlug, SYSTEM_PRINCIPAL } from '../../platform/index';
import { CliError, EXIT, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';
import { writeJson } from '../json-out';
import {
  ANALYSES,
  type AnalysisSpec,
  flagOf,
  INPUT_OPTIONS,
  type Input,
  inputsOf,
  type OptionSpec,
  optionInputs,
} from './analyses';

/** The options of one `rapport analyze <name>` call as commander parsed them, and which were typed. */
export interface ParsedOptions {
  readonly values: Record<string, unknown>;
  /** Whether the user gave the option (not its default). */
  readonly given: (key: string) => boolean;
}

/**
 * `rapport analyze <name>`: the analysis of the table (`ANALYSES`) over a workspace of the
 * database, or, with --transactions or --summary, over a file read as it streams in. Prints JSON
 * (with --json, or always for files; per-customer tables streamed row by row) or a short text
 * summary. Bad input exits with code 2 and a message naming the option, line or field.
 */
export async function analyzeCommand(spec: AnalysisSpec, parsed: ParsedOptions, io: CliIo): Promise<void> {
  try {
    const input = chooseInput(spec, parsed);
    checkApplicable(spec, input, parsed);
    const options = await convertOptions(spec.options, parsed.values);
    const report = await run(spec, input, options, parsed.values, io);
    if (input !== 'database' || parsed.values.json === true) await writeJson(io.stdout, report);
    else writeLine(io.stdout, spec.describe ? spec.describe(report as Record<string, unknown>) : '');
  } catch (err) {
    // The reader of the output went away (`| head`): nothing left to say.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw asCliError(err);
  }
}

/** The input of a call: --transactions, --summary, or the database. */
function chooseInput(spec: AnalysisSpec, parsed: ParsedOptions): Input {
  const { transactions, summary } = parsed.values;
  if (transactions !== undefined && summary !== undefined)
    throw new CliError('give --transactions or --summary, not both');
  if (transactions !== undefined) return 'transactions';
  if (summary !== undefined) return 'summary';
  if (!spec.inputs.database) {
    const files = inputsOf(spec).map((i) => `--${i} FILE`);
    throw new CliError(`"${spec.name}" reads ${files.join(' or ')}`);
  }
  return 'database';
}

/** Refuses an option given for an input it does not apply to (e.g. --page with a file). */
function checkApplicable(spec: AnalysisSpec, input: Input, parsed: ParsedOptions): void {
  const where = (inputs: readonly Input[]) =>
    inputs.map((i) => (i === 'database' ? 'the database' : `--${i}`)).join(' and ');
  for (const [key, option] of Object.entries(spec.options)) {
    const inputs = optionInputs(spec, option);
    if (parsed.given(key) && !inputs.includes(input))
      throw new CliError(`${flagOf(key)} applies to ${where(inputs)}, not to ${where([input])}`);
  }
  for (const other of inputsOf(spec)) {
    if (other === input) continue;
    for (const key of Object.keys(INPUT_OPTIONS[other])) {
      if (parsed.given(key) && key !== other)
        throw new CliError(`${flagOf(key)} applies to ${where([other])}, not to ${where([input])}`);
    }
  }
}

/** Option values as the analyses take them: numbers parsed, files read; absent options left out. */
export async function convertOptions(
  specs: Readonly<Record<string, OptionSpec>>,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(specs)) {
    const value = values[key];
    if (value === undefined) continue;
    if (option.kind === 'number') out[key] = readNumber(flagOf(key), String(value));
    else if (option.kind === 'file') out[key] = readText(flagOf(key), String(value));
    else out[key] = value;
  }
  return out;
}

async function run(
  spec: AnalysisSpec,
  input: Input,
  options: Record<string, unknown>,
  values: Record<string, unknown>,
  io: CliIo,
): Promise<unknown> {
  const target = spec.inputs[input] as NonNullable<AnalysisSpec['inputs'][Input]>;
  const args = target.args(options as Parameters<typeof target.args>[0]);
  const call = (analytics as Record<string, unknown>)[target.call] as (...a: unknown[]) => unknown;
  if (input === 'transactions') {
    const { path, spec: fileSpec } = transactionFileOf(
      await convertOptions(INPUT_OPTIONS.transactions, values),
    );
    return call(await readTransactions(path, fileSpec), args);
  }
  if (input === 'summary') {
    const path = summaryFileOf(values);
    const summary = await readSummary(path);
    if (summary.columns.customerId === null)
      writeLine(
        io.stderr,
        `rapport: ${path} has no customer id column: customers are numbered by data row (1 = the first)`,
      );
    return call(summary, args);
  }
  const workspace = workspaceOf(values);
  return withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, workspace);
    return call(db, SYSTEM_PRINCIPAL(ws.id), args);
  });
}

/** The workspace of a database call (`--workspace`). */
export function workspaceOf(values: Record<string, unknown>): string {
  return values.workspace as string;
}

/** The file of a summary call (`--summary`). */
export function summaryFileOf(values: Record<string, unknown>): string {
  return values.summary as string;
}

/** The file and layout of a transaction call (the --transactions options). */
export function transactionFileOf(values: Record<string, unknown>): {
  path: string;
  spec: TransactionFileSpec;
} {
  const text = (key: string) => values[key] as string | undefined;
  const customerCol = text('customerCol');
  const dateCol = text('dateCol');
  if (!customerCol) throw new CliError('--customer-col is required with --transactions');
  if (!dateCol) throw new CliError('--date-col is required with --transactions');
  return {
    path: text('transactions') as string,
    spec: {
      format: values.format as 'csv' | 'whitespace' | undefined,
      customerCol,
      dateCol,
      amountCol: text('amountCol'),
      costCol: text('costCol'),
      quantityCol: text('quantityCol'),
      dateFormat: text('dateFormat'),
      skipLines: values.skipLines as number | undefined,
    },
  };
}

const CHUNK = 4 << 20;

/** Streams a file into a reader, 4 MiB at a time. */
function streamFile(flag: string, path: string, push: (chunk: Uint8Array) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (err) {
    throw new CliError(
      `${flag}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      push(buffer.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function readTransactions(path: string, spec: TransactionFileSpec): Promise<TransactionColumns> {
  let totalBytes: number | undefined;
  try {
    totalBytes = fs.statSync(path).size;
  } catch {
    // streamFile says why it cannot read the file
  }
  const reader = openTransactionFile(spec, totalBytes);
  streamFile('--transactions', path, (chunk) => reader.push(chunk));
  return reader.end();
}

async function readSummary(path: string): Promise<SummaryFile> {
  const reader = openSummaryFile();
  streamFile('--summary', path, (chunk) => reader.push(chunk));
  return reader.end();
}

function readText(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/** A number option; text that is not a number names its flag. */
function readNumber(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new CliError(`${flag}: "${text}" is not a number`);
  return value;
}

/** Every option name of the table: an error on one of these fields names its flag. */
const OPTION_FIELDS = new Set([
  ...ANALYSES.flatMap((a) => Object.keys(a.options)),
  ...Object.values(INPUT_OPTIONS).flatMap((o) => Object.keys(o)),
]);

function asCliError(err: unknown): unknown {
  // A score map's rule: segmentMap[2].r → --segment-map[2].r
  if ((err instanceof InputError || err instanceof AppError) && err.field?.startsWith('segmentMap')) {
    const where = err.field.replace('segmentMap', '--segment-map');
    const message = err.message.replaceAll(err.field, where);
    return new CliError(message.startsWith(where) ? message : `${where}: ${message}`, EXIT.invalid);
  }
  if (err instanceof InputError) {
    // A field of an error without a line is an option (a line's field is a file's column).
    const option = err.field !== undefined && err.line === undefined && OPTION_FIELDS.has(err.field);
    const message = option
      ? err.message.replaceAll(err.field as string, flagOf(err.field as string))
      : err.message;
    return new CliError(message, EXIT.invalid);
  }
  if (err instanceof AppError && err.field && OPTION_FIELDS.has(err.field)) {
    return new CliError(
      err.message.replaceAll(err.field, flagOf(err.field)),
      err.code === 'internal' ? EXIT.failed : EXIT.invalid,
    );
  }
  return err;
}
