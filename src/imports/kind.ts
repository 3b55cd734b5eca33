import type { Tx } from '../db/index';
import type { Principal } from '../platform/index';
import type { ColumnMapping } from './csv/mapping';
import type { FileFormat } from './csv/records';
import type { CsvRecord } from './csv/stream';
import type { ColumnLayout } from './csv/whitespace';

export const IMPORT_KINDS = ['people', 'interactions', 'orders', 'products', 'accounts'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

/** What the rows of a file may say, besides the mapping: defaults and how to read values. */
export interface ImportSettings {
  /**
   * Prefix of bare external ids (`123` becomes `<source>:123`) and of idempotency keys. Orders: where
   * the customer ids and order numbers come from (required).
   */
  source?: string;
  /** Format of dates without a zone, e.g. DD/MM/YYYY (default ISO 8601). */
  dateFormat?: string;
  /** Interactions: channel, type and direction of rows that do not say. Orders: channel of the orders. */
  channel?: string;
  type?: string;
  direction?: string;
  delimiter?: string;
  /** csv (default: a header line names the columns) or whitespace (space-padded columns). */
  format?: FileFormat;
  /** Whitespace files: column names by position, '-' skips one. */
  columns?: string[];
  /** A known file layout (see presets.ts), e.g. cdnow: its settings and mapping are the defaults. */
  preset?: string;
  /** Orders: currency of the amounts (default USD). */
  currency?: string;
  /** Orders: status the orders get (default fulfilled). */
  status?: string;
  /** Orders: a SKU the catalogue lacks is created (default) or the line is rejected. */
  newProducts?: string;
}

/** The settings a run reads with: a preset's defaults under what was given. */
export type ReadSettings = Omit<ImportSettings, 'columns'> & { columns?: ColumnLayout };

export type Checked<Row> = { ok: true; row: Row } | { ok: false; field: string; reason: string };

/** A row refused while loading (after the checks), e.g. a person the importer may not change. */
export interface LoadRejection {
  index: number;
  field: string;
  reason: string;
}

export interface ChunkContext {
  importId: string;
  /** The workspace's default phone region. */
  region: string;
  /** sha256 of the file: part of default idempotency keys. */
  fileDigest: string;
  settings: ReadSettings;
  /** The column of each key (for the field of a line refused while loading). */
  columns: Readonly<Record<string, string | undefined>>;
  /** The chunk is loaded to count what it would do, in a transaction that is rolled back. */
  dryRun: boolean;
}

export interface ChunkResult {
  counts: Record<string, number>;
  rejected: LoadRejection[];
}

/**
 * Lines that belong together (the lines of one order): consecutive lines with the same key are one
 * group, loaded in the same chunk, and refused together when one of them is bad.
 */
export interface RowGroups<Row> {
  /** The column, for messages: "InvoiceNo (order)". */
  field: string;
  /** The group of a line as read (bad lines too); undefined: the line stands alone. */
  key(record: CsvRecord): string | undefined;
  /** A problem of the group as a whole (its good lines, in order), e.g. lines of two customers. */
  check?(rows: readonly Row[]): string | undefined;
}

/** Reads the lines of one kind of file: checks each with no database, then loads chunks of them. */
export interface RowReader<Row> {
  /** The resolved column of each key (for error messages: "E-mail (email)"). */
  readonly columns: Readonly<Record<string, string | undefined>>;
  /**
   * `trusted`: the line passed every check in the first pass, so identifiers (the costly part, a
   * phone-number parse) are not normalised again; the identity resolver normalises them anyway.
   */
  check(record: CsvRecord, digest: () => string, trusted?: boolean): Checked<Row>;
  readonly groups?: RowGroups<Row>;
}

export interface ImportKind<Row> {
  name: ImportKindName;
  keys: readonly string[];
  /** The counts a run reports, all starting at 0. */
  countNames: readonly string[];
  /** The audit log's object type of a chunk entry, e.g. order_imports. */
  auditObject: string;
  /** Permissions the importer needs (checked before reading). */
  authorize(actor: Principal): void;
  /** Refuses settings the kind cannot use (an AppError naming the setting), before any reading. */
  checkSettings?(settings: ReadSettings): void;
  /** Resolves the mapping against the header; throws FileFormatError or RangeError. */
  reader(
    columns: readonly string[],
    mapping: ColumnMapping<string>,
    settings: ReadSettings,
    region: string,
  ): RowReader<Row>;
  load(trx: Tx, actor: Principal, rows: readonly Row[], ctx: ChunkContext): Promise<ChunkResult>;
}
