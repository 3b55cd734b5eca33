import { type Static, Type } from 'typebox';
import { DateTime, JsonObject, Uuid } from '../platform/index';

/** The answers of the privacy routes: a person's data export and an erasure report. */

export const PersonExport = Type.Object({
  exportedAt: DateTime,
  person: Type.Record(Type.String(), Type.Unknown(), { description: 'The person row, column by column' }),
  records: Type.Record(Type.String(), Type.Array(JsonObject), {
    description: 'Rows of every table that refers to the person, by table name',
  }),
  notes: Type.Array(JsonObject),
});
export type PersonExport = Static<typeof PersonExport>;

export const ErasureReport = Type.Object({
  personId: Uuid,
  identitiesDeleted: Type.Integer(),
  interactionsErased: Type.Integer(),
  notesDeleted: Type.Integer(),
  tasksErased: Type.Integer(),
  ordersAnonymised: Type.Integer({ description: 'Orders kept for the figures, of a nameless customer' }),
  importLinesRedacted: Type.Integer({ description: 'Refused lines of imported files that named the person' }),
  jobsRedacted: Type.Integer({ description: 'Job inputs and outputs that named the person' }),
  liveEventsDeleted: Type.Integer({
    description: 'Screen pops kept for reconnecting streams that named the person',
  }),
});
export type ErasureReport = Static<typeof ErasureReport>;
