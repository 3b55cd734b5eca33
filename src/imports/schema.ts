import { type Static, Type } from 'typebox';
import { DateTime, Enum, Nullable, Rejection, Streamed, StreamedUpload, Uuid } from '../platform/index';
import { IMPORT_KINDS } from './kind';

/** The answers of the import and export routes: an import's state, and the CSV files. */

export const ImportKind = Enum(IMPORT_KINDS);
export type ImportKind = Static<typeof ImportKind>;
export const IMPORT_STATES = ['uploading', 'queued', 'running', 'refused', 'succeeded', 'failed'] as const;
export const ImportState = Enum(IMPORT_STATES, {
  description: 'refused: bad lines stopped it, nothing was loaded',
});
export type ImportState = Static<typeof ImportState>;

/** A line of the file that was not loaded: the platform's Rejection, located by its line. */
export const BadLine = Type.Object({
  line: Type.Integer({ description: 'The line of the file' }),
  field: Rejection.properties.field,
  reason: Rejection.properties.reason,
});

export const ImportView = Type.Object({
  id: Uuid,
  kind: ImportKind,
  state: ImportState,
  fileName: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  progress: Type.Object({
    done: Type.Integer({ description: 'data lines committed' }),
    total: Nullable(Type.Integer(), { description: 'data lines in the file, once read' }),
    rowsPerSecond: Nullable(Type.Integer()),
  }),
  counts: Type.Record(Type.String(), Type.Integer(), {
    description:
      'people: created, updated, rejected; interactions: created, duplicate, rejected; orders: created, unchanged, ' +
      'rejected, returns, customersCreated, productsCreated; products and accounts: created, updated, unchanged, rejected',
  }),
  badRows: Type.Integer(),
  errors: Type.Array(BadLine, { description: 'The first bad or refused lines, by line number' }),
  uploadBytes: Type.Integer(),
  jobId: Nullable(Uuid),
  error: Nullable(Type.String()),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
});
export type ImportView = Static<typeof ImportView>;

export const CsvUpload = StreamedUpload('The CSV file (content-type text/csv), streamed');
export const CsvFile = Streamed('A CSV file (text/csv; charset=utf-8) with a header line, streamed');
