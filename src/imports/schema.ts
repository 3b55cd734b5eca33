import { type Static, Type } from 'typebox';
import { DateTime, Enum, Nullable, Rejection, Streamed, StreamedUpload, Uuid } from '../platform/index';
import { FILE_FORMATS } from './csv/records';
import { IMPORT_KINDS } from './kind';
import { NEW_PRODUCTS, ORDER_STATUSES } from './orders-load';
import { PRESET_NAMES } from './presets';

/** The import and export routes' shapes: the import's settings, its state, and the CSV files. */

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

const Bool = Type.Optional(Type.Boolean({ description: 'default false' }));

/** POST /api/imports: what the file is and how to read it (the file itself is the body). */
export const ImportQuery = Type.Object(
  {
    kind: ImportKind,
    dryRun: Bool,
    skipBadRows: Bool,
    mapping: Type.Optional(
      Type.String({
        maxLength: 10_000,
        description: 'JSON object key -> column, e.g. {"email":"E-mail"}',
      }),
    ),
    source: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,49}$' })),
    dateFormat: Type.Optional(Type.String({ maxLength: 40 })),
    channel: Type.Optional(Type.String({ maxLength: 20 })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    direction: Type.Optional(Enum(['inbound', 'outbound'])),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    format: Type.Optional(Enum(FILE_FORMATS)),
    columns: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'whitespace files: names by position, "-" skips one',
      }),
    ),
    preset: Type.Optional(Enum(PRESET_NAMES)),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    status: Type.Optional(Enum(ORDER_STATUSES)),
    newProducts: Type.Optional(Enum(NEW_PRODUCTS)),
    fileName: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;
