import type { Tx } from '../db/index';
import type { Principal, Rejection } from '../platform/index';
import type { ColumnMapping } from './csv/mapping';
import type { CsvRecord } from './csv/stream';

export const IMPORT_KINDS = ['people', 'interactions'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

/** What the rows of a file may say, besides the mapping: defaults and how to read values. */
export interface ImportSettings {
  /** Prefix of bare external ids (`123` becomes `<source>:123`) and of idempotency keys. */
  source?: string;
  /** Format of dates without a zone, e.g. DD/MM/YYYY (default ISO 8601). */
  dateFormat?: string;
  /** Interactions: channel, type and direction of rows that do not say. */
  channel?: string;
  type?: string;
  direction?: string;
  delimiter?: string;
}

export type Checked<Row> = { ok: true; row: Row } | { ok: false; field: string; reason: string };

/** A row refused while loading (after the checks), e.g. a person the importer may not change. */
export type LoadRejection = Rejection;

export interface ChunkContext {
  importId: string;
  /** The workspace's default phone region. */
  region: string;
  /** sha256 of the file: part of default idempotency keys. */
  fileDigest: string;
}

export interface ChunkResult {
  counts: Record<string, number>;
  rejected: LoadRejection[];
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
}

export interface ImportKind<Row> {
  name: ImportKindName;
  keys: readonly string[];
  /** The counts a run reports, all starting at 0. */
  countNames: readonly string[];
  /** Permissions the importer needs (checked before reading). */
  authorize(actor: Principal): void;
  /** Resolves the mapping against the header; throws FileFormatError or RangeError. */
  reader(
    columns: readonly string[],
    mapping: ColumnMapping<string>,
    settings: ImportSettings,
    region: string,
  ): RowReader<Row>;
  load(trx: Tx, actor: Principal, rows: readonly Row[], ctx: ChunkContext): Promise<ChunkResult>;
}
